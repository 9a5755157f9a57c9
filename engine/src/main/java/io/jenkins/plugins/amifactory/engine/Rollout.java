package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One rollout as a non-blocking state machine. Each {@link #advance} makes at most a few AWS calls,
 * moves the {@link RolloutState} on, and says when to call again; nothing waits on a thread, so a Jenkins
 * step can poll it from a timer and a restart loses nothing but the time until the next poll. Given the
 * state of a half-done rollout, a new instance continues it without repeating a side effect: each phase
 * first looks for what an interrupted earlier attempt may already have created.
 *
 * <p>This class starts, resumes, aborts and reports, hands each step to the phase it belongs to, and
 * decides what an error means. The phases are {@link PreflightPhase}, {@link ImagePhase} (Standby and
 * Image), {@link ConfigurationPhase} (the next configuration), {@link RefreshPhase} (group and Refresh),
 * {@link Retention} (cleanup after success) and {@link RevertPhase} (everything after a failure, timeout
 * or abort).
 *
 * <p>Not thread-safe: one caller advances it at a time.
 */
public final class Rollout {

    /** Tag keys this tool puts on what it creates. */
    public static final String TAG_GROUP = "ami-factory:group";
    public static final String TAG_SOURCE_INSTANCE = "ami-factory:source-instance";
    public static final String TAG_CREATED_BY = "ami-factory:created-by";
    public static final String TAG_ROLLOUT = "ami-factory:rollout";

    private final RolloutRequest request;
    private final RolloutState state;
    private final RolloutListener listener;
    /** The plan of a plan-only rollout, kept for {@link #result()}. */
    private List<String> plan = List.of();

    private Rollout(RolloutRequest request, RolloutState state, RolloutListener listener) {
        this.request = request;
        this.state = state;
        this.listener = listener == null ? RolloutListener.NONE : listener;
    }

    /** A new rollout starting at {@code now}. */
    public static Rollout start(RolloutRequest request, Instant now, RolloutListener listener) {
        RolloutState s = new RolloutState(UUID.randomUUID().toString(), now, now.plus(request.deadlines().overall()));
        return new Rollout(request, s, listener);
    }

    /** Continues a rollout from its saved state (after a restart, or in a new process). */
    public static Rollout resume(RolloutRequest request, RolloutState state, RolloutListener listener) {
        return new Rollout(request, state, listener);
    }

    /** The live state; persist it after every {@link #advance}. */
    public RolloutState state() {
        return state;
    }

    public RolloutRequest request() {
        return request;
    }

    /** A one-line account of where the rollout is, for a Jenkins thread dump or a status line. */
    public String status() {
        StringBuilder sb = new StringBuilder(state.phase.label());
        if (state.image.id != null) {
            sb.append(", image ").append(state.image.id);
        }
        if (state.refresh.id != null) {
            sb.append(", refresh ").append(state.refresh.status).append(' ')
                    .append(state.refresh.percent == null ? "" : state.refresh.percent + "%");
        }
        if (state.stopping()) {
            sb.append(" (").append(state.revert.cause.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(", applying ").append(state.revert.action.displayName()).append(')');
        }
        return sb.toString();
    }

    /**
     * Stops going forward and applies the abort action from the next {@link #advance} on. Calling it
     * again, or once the rollout is reverting already, changes nothing.
     */
    public void abort(String reason) {
        if (state.status.isTerminal() || state.stopping()) {
            return;
        }
        context(null).stop(RolloutStatus.ABORTED, request.deadlines().onAbort(), "Aborted"
                + (reason == null ? "" : " (" + reason + ")") + " during " + state.phase.label());
    }

    /**
     * Does the next step with {@code clients} and says when to call again, or how the rollout ended.
     * Throttling and transient AWS errors are answered with a backoff, never with a failure.
     */
    public Next advance(AwsClients clients, Instant now) {
        if (state.status.isTerminal()) {
            return Next.finished(result());
        }
        RolloutContext ctx = context(clients);
        try {
            if (!state.stopping()) {
                checkDeadlines(ctx, now);
            }
            Next next = state.stopping() ? new RevertPhase(ctx).run(now) : forward(ctx, now);
            state.consecutiveErrors = 0;
            return next;
        } catch (InvalidRequestException e) {
            // Past preflight something already changed: a refusal now is a failure, and it reverts.
            return state.phase == Phase.PREFLIGHT ? reject(ctx, now, e) : failOrReport(ctx, now, e.getMessage());
        } catch (SdkException e) {
            if (AwsLookups.isRetryable(e)) {
                state.consecutiveErrors++;
                Duration wait = Polling.backoff(state.consecutiveErrors);
                listener.info("AWS answered " + AwsLookups.describe(e) + "; trying again in " + Durations.words(wait));
                return Next.again(wait);
            }
            if (state.phase == Phase.PREFLIGHT) {
                return reject(ctx, now, new InvalidRequestException("asg", "AWS refused a check: " + AwsLookups.describe(e),
                        "check the credentials' permissions (see docs/iam-policy.md) and the region"));
            }
            return failOrReport(ctx, now, "AWS refused " + state.phase.label() + " for group '" + request.asg() + "': "
                    + AwsLookups.describe(e));
        } finally {
            plan = ctx.plan;
        }
    }

    /** The result so far (final once the status is terminal). */
    public RolloutResult result() {
        return RolloutResult.of(state, request.asg(), state.failure, plan);
    }

    private RolloutContext context(AwsClients clients) {
        return new RolloutContext(request, state, new AwsLookups(clients, request, state), listener);
    }

    private static Next forward(RolloutContext ctx, Instant now) {
        return switch (ctx.state.phase) {
            case PREFLIGHT -> new PreflightPhase(ctx).run(now);
            case STANDBY, IMAGE_CREATE, IMAGE_WAIT -> new ImagePhase(ctx).run(now);
            case CONFIG_WRITE -> new ConfigurationPhase(ctx).run(now);
            case GROUP_UPDATE, REFRESH_START, REFRESH_WAIT -> new RefreshPhase(ctx).run(now);
            case CLEANUP -> new Retention(ctx).run(now);
            case REVERTING, FINISHED -> throw new IllegalStateException("no forward step from " + ctx.state.phase);
        };
    }

    private void checkDeadlines(RolloutContext ctx, Instant now) {
        Deadlines d = request.deadlines();
        if (Polling.imageOverdue(state, d, now)) {
            ctx.stop(RolloutStatus.TIMED_OUT, d.onTimeout(), "Image " + state.image.id + " was not available after "
                    + Durations.words(d.image()) + " (imageTimeoutMinutes)");
        } else if (Polling.refreshOverdue(state, d, now)) {
            RolloutState.RefreshFacts r = state.refresh;
            ctx.stop(RolloutStatus.TIMED_OUT, d.onTimeout(), "Instance refresh " + r.id + " of group '"
                    + request.asg() + "' did not finish within " + Durations.words(d.refresh())
                    + " (rolloutTimeoutMinutes); last seen " + r.status
                    + (r.percent == null ? "" : " at " + r.percent + "%")
                    + (r.statusReason == null ? "" : ": " + r.statusReason));
        } else if (Polling.rolloutOverdue(state, now)) {
            ctx.stop(RolloutStatus.TIMED_OUT, d.onTimeout(), "The rollout of group '" + request.asg()
                    + "' did not finish within " + Durations.words(d.overall()) + " (timeoutMinutes), during "
                    + state.phase.label());
        }
    }

    private Next reject(RolloutContext ctx, Instant now, InvalidRequestException e) {
        state.failure = e.getMessage();
        listener.info("Refused: " + e.getMessage());
        return ctx.finish(now, RolloutStatus.REJECTED);
    }

    /**
     * Going forward: stop and revert. Already reverting: a step that cannot be done is reported, not retried
     * forever, and the rollout finishes with what is known.
     */
    private Next failOrReport(RolloutContext ctx, Instant now, String message) {
        if (state.stopping()) {
            state.failure = state.failure + "; while reverting: " + message;
            return ctx.finish(now, state.revert.cause);
        }
        return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK, message);
    }
}
