package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;
import software.amazon.awssdk.services.ec2.model.Image;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything that happens once a rollout stops early (a failed Image or Refresh, a timeout, an abort): the
 * revert its {@link StopAction} asks for, step by step, and then the removal of what the rollout made and
 * nothing uses any more, so that it leaves no orphans.
 *
 * <ol>
 *   <li>The Refresh: rolled back (templates) or cancelled, and waited for until AWS says it stopped.</li>
 *   <li>The group: pointed back at its previous configuration; a moved default version is moved back.</li>
 *   <li>The source instance: always returned from Standby.</li>
 *   <li>Cleanup: an Image that never became available goes with its snapshots; the new launch
 *       configuration or template version goes once the group is back on its previous one. An available
 *       Image is kept (tagged, and counted by retention): it is what someone will want to look at.</li>
 * </ol>
 *
 * Each step stands alone: one AWS refuses is noted in the failure (or the ledger, as left behind) and the
 * next still runs. Throttling and transient errors propagate, so the step is retried after a backoff.
 */
final class RevertPhase {

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;

    RevertPhase(RolloutContext ctx) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
    }

    Next run(Instant now) {
        RolloutState.Revert revert = state.revert;
        if (state.phase != Phase.REVERTING) {
            ctx.enter(Phase.REVERTING, now, "applying outcome '" + revert.action.displayName() + "'");
        }
        if (revert.abandoned) {
            return stopReverting(now, "the revert was stopped by a second abort");
        }
        if (state.refresh.id != null && !revert.refreshDone && revert.action != StopAction.LEAVE) {
            Next waiting = stopRefresh(now);
            if (waiting != null) {
                return waiting;
            }
        }
        if ((state.written.groupUpdated || state.written.groupPinned) && revert.action != StopAction.LEAVE
                && !revert.groupDone && tryStep("point group '" + request.asg() + "' back at "
                        + state.previousConfiguration(), () -> new GroupPointer(ctx).back())) {
            revert.groupDone = true;
            state.record("group", request.asg(), "pointed back at " + state.previousConfiguration());
        }
        if (state.written.defaultMoved && revert.action != StopAction.LEAVE
                && tryStep("make version " + state.before.defaultVersion + " the default again", () -> ctx.aws.call(
                        "ModifyLaunchTemplate", () -> ctx.aws.ec2().modifyLaunchTemplate(q -> q
                                .launchTemplateId(state.written.templateId)
                                .defaultVersion(String.valueOf(state.before.defaultVersion)))))) {
            state.written.defaultMoved = false;
        }
        if (state.image.instanceInStandby) {
            tryStep("return " + request.instance() + " from Standby", () -> ImagePhase.returnFromStandby(ctx));
        }
        if (!revert.instancesDone) {
            Next waiting = instancesBack(now);
            if (waiting != null) {
                return waiting;
            }
        }
        removeWhatNothingUses();
        return ctx.finish(now, revert.cause);
    }

    /** Ends the revert where it is, saying what it did not get to. */
    private Next stopReverting(Instant now, String why) {
        StringBuilder left = new StringBuilder("; ").append(why);
        if (state.refresh.id != null && !state.revert.refreshDone && state.revert.action != StopAction.LEAVE) {
            left.append("; instance refresh ").append(state.refresh.id).append(" was last seen ")
                    .append(state.refresh.status);
        }
        state.failure = state.failure + left;
        ctx.listener.info("Stopped reverting: " + why);
        return ctx.finish(now, state.revert.cause);
    }

    /** Asks AWS once to roll back or cancel the Refresh; null once it has stopped, else when to look again. */
    private Next stopRefresh(Instant now) {
        RolloutState.Revert revert = state.revert;
        InstanceRefresh r = ctx.aws.describeRefresh();
        String status = r.statusAsString();
        state.refresh.status = status;
        state.refresh.percent = r.percentageComplete();
        if (!AwsLookups.ACTIVE_REFRESH.contains(status)) {
            revert.refreshDone = true;
            state.record("instance refresh", state.refresh.id, RefreshPhase.fate(status));
            return null;
        }
        if (Polling.revertOutOfTime(state, now)) {
            // Bounded: the group still goes back, and the Refresh is reported as it was last seen.
            state.failure += "; the instance refresh was still " + status + " when reverting ran out of time";
            revert.refreshDone = true;
            return null;
        }
        // Already winding down means the request went out before a restart lost the fact; don't ask twice.
        boolean windingDown = status.equals("Cancelling") || status.equals("RollbackInProgress");
        if (!revert.refreshRequested && !windingDown) {
            boolean rollback = revert.action == StopAction.ROLLBACK && RefreshPhase.viaDesiredConfiguration(request, state)
                    && tryStep("roll back instance refresh " + state.refresh.id, () -> ctx.aws.call(
                            "RollbackInstanceRefresh", () -> ctx.aws.autoScaling().rollbackInstanceRefresh(q -> q
                                    .autoScalingGroupName(request.asg()))));
            // AWS rolls back only a Refresh that is under way; otherwise cancelling is what is left.
            boolean stopped = rollback || tryStep("cancel instance refresh " + state.refresh.id, () -> ctx.aws.call(
                    "CancelInstanceRefresh", () -> ctx.aws.autoScaling().cancelInstanceRefresh(q -> q
                            .autoScalingGroupName(request.asg()))));
            revert.refreshRequested = true;
            if (!stopped) {
                revert.refreshDone = true;
            } else {
                ctx.listener.info((rollback ? "Rolling back" : "Cancelling") + " instance refresh " + state.refresh.id);
            }
        }
        ctx.listener.progress(Phase.REVERTING, r.percentageComplete() == null ? -1 : r.percentageComplete(), null,
                "instance refresh " + state.refresh.id + " " + status);
        return Next.again(Polling.REVERT_POLL);
    }

    /**
     * Puts the instances that already run the new Image back on the previous one, where AWS cannot: a
     * launch configuration has no rollback, so after the group is pointed back a Refresh replaces them,
     * honouring the same minimum healthy percentage. Null once the instances are settled, else when to look
     * again. Template groups are rolled back by AWS; with cancel or leave the instances stay as they are.
     */
    private Next instancesBack(Instant now) {
        RolloutState.Revert revert = state.revert;
        if (state.refresh.id == null || revert.action != StopAction.ROLLBACK || !revert.groupDone
                || RefreshPhase.viaDesiredConfiguration(request, state)) {
            revert.instancesDone = true;
            return null;
        }
        String previous = state.previousConfiguration();
        if (revert.refreshBackId == null) {
            int onNew = ctx.aws.groupInstancesOn(state.image.id);
            if (onNew == 0 || Polling.revertOutOfTime(state, now)) {
                revert.instancesDone = true;
                return null;
            }
            var preferences = request.refresh().preferences(false, false);
            revert.refreshBackId = ctx.aws.call("StartInstanceRefresh", () -> ctx.aws.autoScaling().startInstanceRefresh(
                    r -> r.autoScalingGroupName(request.asg()).strategy(RefreshStrategy.ROLLING)
                            .preferences(preferences))).instanceRefreshId();
            revert.refreshBackStartedAt = now;
            state.record("instance refresh", revert.refreshBackId, "started (back to " + previous + ")");
            ctx.listener.info("Starting instance refresh " + revert.refreshBackId + " to put the " + onNew
                    + " instance(s) that run the new Image back on " + previous);
            return Next.again(Polling.FIRST_POLL);
        }
        InstanceRefresh back = ctx.aws.describeRefresh(revert.refreshBackId);
        String status = back.statusAsString();
        if (!AwsLookups.ACTIVE_REFRESH.contains(status)) {
            state.record("instance refresh", revert.refreshBackId, RefreshPhase.fate(status) + " (back to " + previous + ")");
            if (!"Successful".equals(status)) {
                state.failure += "; the instance refresh back to " + previous + " ended " + status;
            }
            revert.instancesDone = true;
            return null;
        }
        if (Polling.revertOutOfTime(state, now)) {
            state.failure += "; the instance refresh back to " + previous + " was still " + status
                    + " when reverting ran out of time";
            revert.instancesDone = true;
            return null;
        }
        int percent = back.percentageComplete() == null ? 0 : back.percentageComplete();
        ctx.listener.progress(Phase.REVERTING, percent, null, "instance refresh " + revert.refreshBackId + " back to "
                + previous + " " + status);
        return Next.again(Polling.refreshPoll(request.refresh(), Duration.between(revert.refreshBackStartedAt, now),
                null));
    }

    /**
     * One revert step: true when done. A step AWS refuses is noted in the failure and the revert goes on with
     * the next; throttling and transient errors still propagate, so the step is retried after a backoff.
     */
    private boolean tryStep(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (SdkException e) {
            if (AwsErrors.isRetryable(e)) {
                throw e;
            }
            state.failure = state.failure + "; could not " + what + ": " + AwsErrors.describe(e);
            ctx.listener.info("Could not " + what + ": " + AwsErrors.describe(e));
            return false;
        }
    }

    private void removeWhatNothingUses() {
        RolloutState.Written w = state.written;
        boolean groupOnPrevious = !w.groupUpdated || state.revert.groupDone;
        boolean removeConfig = state.revert.action != StopAction.LEAVE && groupOnPrevious;
        if (state.image.id != null) {
            settleImage();
        }
        if (removeConfig && w.launchConfiguration != null) {
            String name = w.launchConfiguration;
            remove(ctx, "launch configuration", name, "deleted", () -> ctx.aws.call("DeleteLaunchConfiguration",
                    () -> ctx.aws.autoScaling().deleteLaunchConfiguration(r -> r.launchConfigurationName(name))));
        }
        if (removeConfig && w.templateVersion != null && !w.migratesToTemplate) {
            String version = String.valueOf(w.templateVersion);
            remove(ctx, "launch template version", w.templateId + ":" + version, "deleted", () -> ctx.aws.call(
                    "DeleteLaunchTemplateVersions", () -> ctx.aws.ec2().deleteLaunchTemplateVersions(r -> r
                            .launchTemplateId(w.templateId).versions(version))));
        }
        if (removeConfig && w.migratesToTemplate && w.templateId != null) {
            remove(ctx, "launch template", w.templateId, "deleted", () -> ctx.aws.call("DeleteLaunchTemplate",
                    () -> ctx.aws.ec2().deleteLaunchTemplate(r -> r.launchTemplateId(w.templateId))));
        }
    }

    /** Keeps an available Image (saying whether the group uses it); removes one that never became available. */
    private void settleImage() {
        String imageId = state.image.id;
        Image image = ctx.aws.describeImage(imageId);
        if (image == null) {
            state.record("image", imageId, "gone");
            return;
        }
        if ("available".equals(image.stateAsString())) {
            // The fate says what is true in AWS now: who still launches from the Image, and who runs it.
            boolean groupOnNew = state.written.groupUpdated && !state.revert.groupDone;
            int running = ctx.aws.groupInstancesOn(imageId);
            String instances = running + (running == 1 ? " instance" : " instances");
            String fate = groupOnNew ? "in use by group '" + request.asg() + "'" + (running > 0 ? " and " + instances : "")
                    : running > 0 ? "in use by " + instances
                    : "kept (not in use; retention removes it in time)";
            state.record("image", imageId, fate);
            state.image.snapshotIds.forEach(id -> state.record("snapshot", id, fate));
            if (running > 0) {
                state.failure += "; " + instances + " of group '" + request.asg() + "' run the new Image " + imageId;
            }
            return;
        }
        remove(ctx, "image", imageId, "deregistered", () -> ctx.aws.call("DeregisterImage",
                () -> ctx.aws.ec2().deregisterImage(r -> r.imageId(imageId))));
        Retention.removeSnapshots(ctx, image, "deleted");
    }

    /**
     * Removes one resource and records its fate; one AWS refuses is recorded as left behind, with the reason,
     * and the caller goes on with the next.
     */
    static void remove(RolloutContext ctx, String kind, String id, String fate, Runnable action) {
        try {
            action.run();
            ctx.state.record(kind, id, fate);
        } catch (SdkException e) {
            ctx.state.record(kind, id, "left behind: " + AwsErrors.describe(e));
            ctx.listener.info("Could not remove " + kind + " " + id + ": " + AwsErrors.describe(e));
        }
    }
}
