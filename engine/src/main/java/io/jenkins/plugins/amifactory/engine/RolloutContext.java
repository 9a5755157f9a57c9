package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a phase works with for one step: the request, the state it moves on, this step's way to AWS and the
 * listener; and the moves every phase makes the same way (enter the next phase, stop and revert, finish).
 */
final class RolloutContext {

    final RolloutRequest request;
    final RolloutState state;
    final AwsLookups aws;
    final RolloutListener listener;
    /** Set by a plan-only preflight: the lines of the plan, for the result. */
    List<String> plan = List.of();

    RolloutContext(RolloutRequest request, RolloutState state, AwsLookups aws, RolloutListener listener) {
        this.request = request;
        this.state = state;
        this.aws = aws;
        this.listener = listener;
    }

    /** Moves to {@code phase}, adding the time spent to the phase left; a detail is announced to the listener. */
    void enter(Phase phase, Instant now, String detail) {
        if (state.phase != phase) {
            state.phaseDurations.merge(state.phase, Duration.between(state.phaseStartedAt, now), Duration::plus);
        }
        state.phase = phase;
        state.phaseStartedAt = now;
        if (detail != null) {
            listener.phaseStarted(phase, detail);
        }
    }

    /**
     * Stops going forward: from the next step on, the rollout reverts as {@code action} says. The message, the
     * full reason, goes to the listener here and only here; {@code brief} says it in a few words for the verdict,
     * which refers to the message instead of repeating it.
     */
    void stop(RolloutStatus cause, StopAction action, String brief, String message) {
        state.revert.cause = cause;
        state.revert.action = action;
        state.brief = brief;
        state.failure = message;
        listener.info(message);
    }

    /** The step that stops: go straight on to the revert. */
    Next stopNow(RolloutStatus cause, StopAction action, String brief, String message) {
        stop(cause, action, brief, message);
        return Next.again(Duration.ZERO);
    }

    /** Adds what a revert met to the failure, and tells the listener at once, so it is in the log exactly once. */
    void note(String text) {
        state.failure = state.failure + "; " + text;
        listener.info(Character.toUpperCase(text.charAt(0)) + text.substring(1));
    }

    Next finish(Instant now, RolloutStatus status) {
        String group = status == RolloutStatus.SUCCEEDED || status == RolloutStatus.PLANNED
                || status == RolloutStatus.REJECTED ? null : whereTheGroupIs();
        releaseLease();
        enter(Phase.FINISHED, now, null);
        state.status = status;
        if (status == RolloutStatus.SUCCEEDED) {
            state.failure = null;
            // What was made for the group now serves it.
            for (LedgerEntry e : state.ledger()) {
                if (e.fate().equals("created")) {
                    state.record(e.kind(), e.id(), "in use");
                }
            }
        } else if (status != RolloutStatus.PLANNED && status != RolloutStatus.REJECTED) {
            state.where = group;
            state.failure = withoutFinalStop(state.failure) + ". " + group;
        }
        return Next.finished(result());
    }

    RolloutResult result() {
        return RolloutResult.of(state, request, plan);
    }

    /**
     * Where the group is, as AWS shows it now; from what the rollout knows when AWS cannot be asked. The
     * source instance is named when it is still in Standby.
     */
    private String whereTheGroupIs() {
        String now = observedConfiguration();
        String pinned = state.written.groupPinned ? state.templateLabel() + ":" + state.before.templateVersionNumber : null;
        String known = state.written.groupUpdated && !state.revert.groupDone ? state.newConfiguration()
                : pinned != null && !state.revert.groupDone ? pinned
                : state.previousConfiguration();
        String on = now == null ? known : now;
        if (on == null) {
            return "Group '" + request.asg() + "' was not changed";
        }
        String which = state.before.kind == null ? " (unchanged)"
                : on.equals(state.newConfiguration()) ? " (the new configuration)"
                : on.equals(state.previousConfiguration()) ? " (its previous configuration)"
                : on.equals(pinned) ? " (the version " + state.before.templateVersion + " meant when the rollout started)"
                : " (not a configuration this rollout wrote or found)";
        String where = "Group '" + request.asg() + "' is on " + on + which;
        return state.image.instanceInStandby ? where + "; instance " + request.instance() + " is still in Standby" : where;
    }

    /** The group's configuration in the rollout's words, or null when AWS cannot say. */
    private String observedConfiguration() {
        try {
            GroupConfig c = GroupConfig.of(aws.describeGroup());
            if (c == null) {
                return null;
            }
            return c.kind() == RolloutState.ConfigKind.LAUNCH_CONFIGURATION ? c.launchConfiguration()
                    : (state.written.templateName != null && state.written.templateId != null
                            && state.written.templateId.equals(c.templateId()) ? state.written.templateName
                            : c.templateName() != null ? c.templateName() : c.templateId()) + ":" + c.templateVersion();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Housekeeping: a lease that cannot be removed lapses by itself. */
    private void releaseLease() {
        try {
            new GroupLease(this).release();
        } catch (RuntimeException e) {
            listener.info("Could not release the lease on group '" + request.asg() + "'; it lapses by itself");
        }
    }

    /** Tags for what this rollout creates: the user's, then the tool's own, which win. */
    List<Tag> tags() {
        Map<String, String> t = tags(request, request.asg(), state.rolloutId);
        List<Tag> out = new ArrayList<>();
        t.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /** The user's tags of {@code request}, then the tool's own for {@code group} and {@code rolloutId}, which win. */
    static Map<String, String> tags(RolloutRequest request, String group, String rolloutId) {
        Map<String, String> t = new LinkedHashMap<>(request.image().tags());
        t.put(Rollout.TAG_GROUP, group);
        t.put(Rollout.TAG_SOURCE_INSTANCE, request.instance());
        String caller = request.image().callerReference();
        // AWS takes at most 256 characters in a tag value; a deeply nested job's id can be longer.
        String createdBy = caller != null ? caller : "ami-factory";
        t.put(Rollout.TAG_CREATED_BY, createdBy.length() <= 256 ? createdBy : createdBy.substring(createdBy.length() - 256));
        t.put(Rollout.TAG_ROLLOUT, rolloutId);
        return t;
    }

    /** Whether {@code tags} mark a resource as made by this rollout (an earlier attempt of it). */
    boolean ours(List<Tag> tags) {
        return tags.stream().anyMatch(t -> Rollout.TAG_ROLLOUT.equals(t.key()) && state.rolloutId.equals(t.value()));
    }

    /** A template version's description, which names the rollout so that a resumed one recognises its version. */
    String versionDescription() {
        String d = "ami-factory " + state.image.name + " from " + request.instance() + " (rollout " + state.rolloutId + ")";
        return d.length() <= 255 ? d : d.substring(0, 255);
    }

    /** AWS's sentences end in a full stop; ours are joined after them. */
    static String withoutFinalStop(String s) {
        String t = s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
