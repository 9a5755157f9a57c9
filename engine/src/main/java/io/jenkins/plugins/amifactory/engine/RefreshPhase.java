package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Group and Refresh: points the group at the next configuration, starts the instance Refresh once (a
 * resumed rollout recognises the one it started) and gates on it. A Refresh that ends in any way but
 * Successful stops the rollout with AWS's reason and the group's last activities, and {@link RevertPhase}
 * takes over. With holdAfterRefresh, a healthy group is held ({@link Phase#HELD}) until released or rolled back.
 */
final class RefreshPhase {

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;

    RefreshPhase(RolloutContext ctx) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
    }

    Next run(Instant now) {
        return switch (state.phase) {
            case GROUP_UPDATE -> updateGroup(now);
            case REFRESH_START -> start(now);
            case REFRESH_WAIT -> await(now);
            case HELD -> hold(now);
            default -> throw new IllegalStateException("not a Refresh phase: " + state.phase);
        };
    }

    /**
     * Whether the group is pointed through the Refresh's desired configuration rather than directly: on a
     * template, so that AWS saves it only when the Refresh succeeds and can roll back to what the group had.
     */
    static boolean viaDesiredConfiguration(RolloutRequest request, RolloutState state) {
        return request.refresh().enabled() && state.written.template && !state.written.migratesToTemplate;
    }

    private Next updateGroup(Instant now) {
        RolloutState.Written w = state.written;
        if (state.before.defaultVersion != null && !w.defaultMoved) {
            ctx.aws.call("ModifyLaunchTemplate", () -> ctx.aws.ec2().modifyLaunchTemplate(r -> r
                    .launchTemplateId(w.templateId).defaultVersion(String.valueOf(w.templateVersion))));
            w.defaultMoved = true;
            ctx.listener.info("Made version " + w.templateVersion + " the default of " + state.templateLabel());
        }
        if (!viaDesiredConfiguration(request, state)) {
            new GroupPointer(ctx).atNew();
            w.groupUpdated = true;
            state.record("group", request.asg(), "pointed at " + state.newConfiguration());
        }
        if (request.refresh().enabled()) {
            ctx.enter(Phase.REFRESH_START, now, "starting an instance refresh of group '" + request.asg() + "'");
            return Next.again(Duration.ZERO);
        }
        return done(now);
    }

    /** The group runs the new configuration healthy: on to the cleanup, or held there when asked. */
    private Next done(Instant now) {
        if (!request.holdAfterRefresh()) {
            ctx.enter(Phase.CLEANUP, now, Retention.announcement(request));
            return Next.again(Duration.ZERO);
        }
        ctx.enter(Phase.HELD, now, "holding group '" + request.asg() + "' on " + state.newConfiguration()
                + (request.refresh().enabled() ? " after a healthy instance refresh" : "")
                + " until the rollout is released or rolled back");
        return Next.again(Duration.ZERO);
    }

    /**
     * Held: nothing to look at, since whoever holds the rollout decides. Each step renews the lease when it is
     * due ({@link Rollout#advance} does that before every step), so the next comes when the renewal is due; a
     * release moves on to the cleanup.
     */
    private Next hold(Instant now) {
        if (state.released) {
            ctx.enter(Phase.CLEANUP, now, Retention.announcement(request));
            return Next.again(Duration.ZERO);
        }
        return Next.again(new GroupLease(ctx).untilRenewal(now));
    }

    private Next start(Instant now) {
        InstanceRefresh active = ctx.aws.activeRefresh();
        DesiredConfiguration desired = desiredConfiguration();
        if (active != null && startedByThisRollout(active, desired)) {
            ctx.listener.info("Found instance refresh " + active.instanceRefreshId() + " from an earlier attempt; following it");
            state.refresh.id = active.instanceRefreshId();
        } else if (active != null) {
            throw new InvalidRequestException("asg", "instance refresh " + active.instanceRefreshId()
                    + " was started on group '" + request.asg() + "' by someone else", "wait for it to finish");
        } else {
            var preferences = request.refresh().preferences(state.written.template, viaDesiredConfiguration(request, state));
            state.refresh.id = ctx.aws.call("StartInstanceRefresh", () -> ctx.aws.autoScaling().startInstanceRefresh(r -> r
                    .autoScalingGroupName(request.asg()).strategy(RefreshStrategy.ROLLING)
                    .preferences(preferences).desiredConfiguration(desired))).instanceRefreshId();
        }
        state.refresh.startedAt = now;
        state.refresh.status = "Pending";
        state.pace = new Pace();
        state.record("instance refresh", state.refresh.id, "started");
        new GroupLease(ctx).noteRefresh(now);
        ctx.enter(Phase.REFRESH_WAIT, now, "waiting for instance refresh " + state.refresh.id + " (min healthy "
                + request.refresh().minHealthyPercentage() + "%)");
        return Next.again(Polling.FIRST_POLL);
    }

    /**
     * Whether an active Refresh is the one an earlier attempt of this rollout started before a restart lost
     * its id. AWS gives StartInstanceRefresh no client token, so: it started since this phase began and, on a
     * template, it carries this rollout's new version as its desired configuration.
     */
    private boolean startedByThisRollout(InstanceRefresh refresh, DesiredConfiguration expected) {
        if (refresh.startTime() == null || refresh.startTime().isBefore(state.phaseStartedAt.minusSeconds(60))) {
            return false;
        }
        if (expected == null) {
            // A launch configuration group already names the new configuration, so any Refresh rolls it out.
            return true;
        }
        DesiredConfiguration actual = refresh.desiredConfiguration();
        LaunchTemplateSpecification spec = actual == null ? null : actual.launchTemplate() != null ? actual.launchTemplate()
                : actual.mixedInstancesPolicy() != null && actual.mixedInstancesPolicy().launchTemplate() != null
                        ? actual.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() : null;
        RolloutState.Written w = state.written;
        return spec != null && String.valueOf(w.templateVersion).equals(spec.version())
                && (w.templateId.equals(spec.launchTemplateId()) || w.templateName.equals(spec.launchTemplateName()));
    }

    private DesiredConfiguration desiredConfiguration() {
        if (!state.written.template || state.written.migratesToTemplate) {
            return null;
        }
        GroupPointer pointer = new GroupPointer(ctx);
        LaunchTemplateSpecification spec = pointer.templateSpec(String.valueOf(state.written.templateVersion));
        if (state.before.kind == RolloutState.ConfigKind.MIXED_INSTANCES) {
            return DesiredConfiguration.builder().mixedInstancesPolicy(GroupPointer.withTemplate(
                    ctx.aws.describeGroup().mixedInstancesPolicy(), spec)).build();
        }
        return DesiredConfiguration.builder().launchTemplate(spec).build();
    }

    private Next await(Instant now) {
        InstanceRefresh refresh = ctx.aws.describeRefresh();
        String status = refresh.statusAsString();
        state.refresh.status = status;
        state.refresh.percent = refresh.percentageComplete();
        state.refresh.statusReason = refresh.statusReason();
        switch (status) {
            case "Successful" -> {
                ctx.listener.progress(Phase.REFRESH_WAIT, 100, Duration.ZERO, "instance refresh " + state.refresh.id
                        + " Successful");
                state.record("instance refresh", state.refresh.id, "successful");
                if (!state.written.groupUpdated) {
                    state.written.groupUpdated = true;
                    state.record("group", request.asg(), "pointed at " + state.newConfiguration());
                }
                return done(now);
            }
            case "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed" -> {
                state.record("instance refresh", state.refresh.id, fate(status));
                state.revert.refreshDone = true;
                return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK, brief(status), failure(refresh));
            }
            default -> {
                Deadlines d = request.deadlines();
                if (Polling.refreshOverdue(state, d, now) || Polling.rolloutOverdue(state, now)) {
                    return ctx.stopNow(RolloutStatus.TIMED_OUT, d.onTimeout(), Polling.refreshOverdue(state, d, now)
                            ? "the Refresh did not finish in time" : "it ran out of time", overdue(d, now));
                }
                int percent = refresh.percentageComplete() == null ? 0 : refresh.percentageComplete();
                Duration elapsed = Duration.between(state.refresh.startedAt, now);
                Duration remaining = Polling.remaining(elapsed, percent);
                String detail = "instance refresh " + state.refresh.id + " " + status
                        + (refresh.instancesToUpdate() == null ? "" : ", " + refresh.instancesToUpdate() + " to update");
                ctx.listener.progress(Phase.REFRESH_WAIT, percent, remaining, detail);
                return Next.again(state.pace().refresh(request.refresh(), state.refresh.startedAt, now, status, percent));
            }
        }
    }

    /** A Refresh seen still running past a deadline, in words: which deadline, and what was seen when. */
    private String overdue(Deadlines d, Instant now) {
        RolloutState.RefreshFacts r = state.refresh;
        String seen = "last seen " + r.status + (r.percent == null ? "" : " at " + r.percent + "%") + " at "
                + Polling.clock(now) + (r.statusReason == null ? "" : ": " + r.statusReason);
        if (Polling.refreshOverdue(state, d, now)) {
            return "Instance refresh " + r.id + " of group '" + request.asg() + "' did not finish within "
                    + Durations.words(d.refresh()) + " (rolloutTimeoutMinutes); " + seen;
        }
        return "The rollout of group '" + request.asg() + "' did not finish within " + Durations.words(d.overall())
                + " (timeoutMinutes), during " + state.phase.label() + ": instance refresh " + r.id + " " + seen;
    }

    /** Why the Refresh failed, in words: how far it got, AWS's reason, and the group's last activities. */
    private String failure(InstanceRefresh r) {
        StringBuilder sb = new StringBuilder("Instance refresh ").append(r.instanceRefreshId()).append(" of group '")
                .append(request.asg()).append("' ended ").append(r.statusAsString());
        if (r.percentageComplete() != null) {
            sb.append(" at ").append(r.percentageComplete()).append('%');
        }
        if (r.instancesToUpdate() != null) {
            sb.append(" (").append(r.instancesToUpdate()).append(" instances still to update)");
        }
        if (r.statusReason() != null && !r.statusReason().isEmpty()) {
            sb.append(": ").append(RolloutContext.withoutFinalStop(r.statusReason()));
        }
        List<Activity> activities = ctx.aws.lastActivities();
        if (!activities.isEmpty()) {
            sb.append(". Last scaling activities: ").append(activities.stream().map(a -> "[" + a.statusCodeAsString()
                    + "] " + RolloutContext.withoutFinalStop(a.description())
                    + (a.statusMessage() == null || a.statusMessage().isEmpty() ? "" : " (" + a.statusMessage() + ")"))
                    .collect(Collectors.joining("; ")));
        }
        return sb.toString();
    }

    /** A failed Refresh in a few words. */
    private static String brief(String status) {
        return switch (status) {
            case "RollbackSuccessful" -> "the Refresh was rolled back by AWS";
            case "RollbackFailed" -> "the Refresh failed and AWS could not roll it back";
            case "Cancelled" -> "the Refresh was cancelled";
            default -> "the Refresh failed";
        };
    }

    /** A finished Refresh's status as a ledger fate. */
    static String fate(String status) {
        return switch (status) {
            case "RollbackSuccessful" -> "rolled back";
            case "RollbackFailed" -> "rollback failed";
            default -> status.toLowerCase(Locale.ROOT);
        };
    }
}
