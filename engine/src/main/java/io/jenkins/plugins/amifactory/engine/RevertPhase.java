package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything that happens once a rollout stops early (a failed Image or Refresh, a timeout, an abort): the
 * revert its {@link StopAction} asks for, step by step, and then the removal of what the rollout made and
 * nothing uses any more, so that it leaves no orphans.
 *
 * <ol>
 *   <li>The Refresh: rolled back (templates) or cancelled, and waited for until AWS says it stopped.</li>
 *   <li>The group: pointed back at its previous configuration, if it still names this rollout's (someone
 *       who changed it since decided about it); a moved default version is moved back.</li>
 *   <li>The source instance: always returned from Standby.</li>
 *   <li>The instances: where AWS cannot roll back (a launch configuration; a template whose Refresh had
 *       already succeeded, as when a held rollout is rolled back) a Refresh to the previous configuration
 *       replaces those that already run the new Image.</li>
 *   <li>What is left: {@link Leftovers}.</li>
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
                && !revert.groupDone && stillOurs() && tryStep("point group '" + request.asg() + "' back at "
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
        new Leftovers(ctx, groupOnNew()).remove();
        return ctx.finish(now, revert.cause);
    }

    /** Whether the group launches from the new configuration: pointed at it, and neither back nor elsewhere since. */
    private boolean groupOnNew() {
        return state.written.groupUpdated && !state.revert.groupDone && !state.revert.groupLeft;
    }

    /**
     * Whether the group still names what this rollout pointed it at. Someone who changed it since (another
     * rollout, a person) decided about it, and a revert must not undo their change.
     */
    private boolean stillOurs() {
        GroupConfig now = GroupConfig.of(ctx.aws.describeGroup());
        RolloutState.Written w = state.written;
        boolean ours;
        if (now == null) {
            ours = false;
        } else if (now.kind() == RolloutState.ConfigKind.LAUNCH_CONFIGURATION) {
            ours = now.launchConfiguration().equals(w.launchConfiguration);
        } else {
            ours = w.templateId != null && (w.templateId.equals(now.templateId()) || w.templateName != null
                    && w.templateName.equals(now.templateName()))
                    && (String.valueOf(w.templateVersion).equals(now.templateVersion())
                            || w.groupPinned && String.valueOf(state.before.templateVersionNumber).equals(now.templateVersion()));
        }
        if (!ours && !state.revert.groupLeft) {
            state.revert.groupLeft = true;
            ctx.note("group '" + request.asg() + "' no longer names this rollout's configuration, so the revert left "
                    + "it as it is");
        }
        return ours;
    }

    /** Ends the revert where it is, saying what it did not get to. */
    private Next stopReverting(Instant now, String why) {
        StringBuilder left = new StringBuilder("; ").append(why);
        if (state.refresh.id != null && !state.revert.refreshDone && state.revert.action != StopAction.LEAVE) {
            left.append("; instance refresh ").append(state.refresh.id).append(" was last seen ")
                    .append(state.refresh.status);
        }
        state.failure = state.failure + left;
        ctx.listener.info("Stopped reverting: " + left.substring(2));
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
        if (Polling.revertOutOfTime(state, request.deadlines(), now)) {
            // Bounded: the group still goes back, and the Refresh is reported as it was last seen.
            ctx.note("the instance refresh was still " + status + " when reverting ran out of time");
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
     * launch configuration has no rollback, and AWS no longer rolls back a Refresh that ended Successful (a
     * held rollout rolled back), so after the group is pointed back a Refresh replaces them, honouring the
     * same minimum healthy percentage. Null once the instances are settled, else when to look again. A
     * template Refresh stopped while it ran is rolled back by AWS; with cancel or leave the instances stay as
     * they are.
     */
    private Next instancesBack(Instant now) {
        RolloutState.Revert revert = state.revert;
        boolean rolledBackByAws = RefreshPhase.viaDesiredConfiguration(request, state)
                && !"Successful".equals(state.refresh.status);
        if (state.refresh.id == null || revert.action != StopAction.ROLLBACK || !revert.groupDone || rolledBackByAws) {
            revert.instancesDone = true;
            return null;
        }
        String previous = state.previousConfiguration();
        if (revert.refreshBackId == null) {
            int onNew = ctx.aws.groupInstancesOn(state.image.id);
            if (onNew == 0 || Polling.revertOutOfTime(state, request.deadlines(), now)) {
                revert.instancesDone = true;
                return null;
            }
            String stillNew = previousStillMeansNew();
            if (stillNew != null) {
                ctx.note("the " + onNew + " instance(s) that run the new Image stay on it: " + stillNew);
                revert.instancesDone = true;
                return null;
            }
            var preferences = request.refresh().preferences(false, false, false);
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
                ctx.note("the instance refresh back to " + previous + " ended " + status);
            }
            revert.instancesDone = true;
            return null;
        }
        if (Polling.revertOutOfTime(state, request.deadlines(), now)) {
            ctx.note("the instance refresh back to " + previous + " was still " + status
                    + " when reverting ran out of time");
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
     * Why the alias the group is back on still means the new version, so that a Refresh back would only roll
     * forward again; null when it means the previous one. {@code $Latest} means the new version until it is
     * deleted, so it is deleted here, before the Leftovers; {@code $Default} means it while it could not be
     * made the default again.
     */
    private String previousStillMeansNew() {
        RolloutState.Written w = state.written;
        if (!w.template || w.migratesToTemplate) {
            return null;
        }
        String alias = state.before.templateVersion;
        if ("$Latest".equals(alias) && !Leftovers.removeTemplateVersion(ctx)) {
            return state.previousConfiguration() + " still means version " + w.templateVersion
                    + ", which could not be deleted";
        }
        if ("$Default".equals(alias) && w.defaultMoved) {
            return state.previousConfiguration() + " still means version " + w.templateVersion
                    + ", which could not be made the default again";
        }
        return null;
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

}
