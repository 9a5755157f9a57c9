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
 * <p>A fleet rolls one Image out to several groups with ordinary rollouts: all but the first are given that
 * Image ({@link RolloutRequest#givenImage()}), and each is held after its healthy Refresh
 * ({@link RolloutRequest#holdAfterRefresh()}) until the fleet releases it ({@link #release()}) or rolls it
 * back ({@link #rollBack(String)}).
 *
 * <p>Not thread-safe: one caller advances it at a time.
 */
public final class Rollout {

    /** Tag keys this tool puts on what it creates. */
    public static final String TAG_GROUP = "ami-factory:group";
    public static final String TAG_SOURCE_INSTANCE = "ami-factory:source-instance";
    public static final String TAG_CREATED_BY = "ami-factory:created-by";
    public static final String TAG_ROLLOUT = "ami-factory:rollout";
    /**
     * On an Image: the launch configuration this tool wrote for it. Launch configurations take no tags, so
     * this is how retention tells the tool's own from someone else's that names the same Image.
     */
    public static final String TAG_LAUNCH_CONFIGURATION = "ami-factory:launch-configuration";

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

    /**
     * A new rollout starting at {@code now}. Its first line to the listener names the version of AMI Factory that
     * runs it, so a log read later says which build did what.
     */
    public static Rollout start(RolloutRequest request, Instant now, RolloutListener listener) {
        RolloutState s = new RolloutState(UUID.randomUUID().toString(), now, now.plus(request.deadlines().overall()));
        Rollout rollout = new Rollout(request, s, listener);
        rollout.listener.info("AMI Factory " + BuildVersion.current() + ": "
                + (request.planOnly() ? "plan for" : "rollout of") + " group '" + request.asg() + "' from instance "
                + request.instance() + (request.givenImage() == null ? "" : " with the given Image " + request.givenImage()));
        return rollout;
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
        boolean holding = state.phase == Phase.HELD && !state.stopping();
        if (holding) {
            sb.append(state.released ? " (released, about to clean up)" : request.refresh().enabled()
                    ? " (refresh healthy, waiting for the other waves)"
                    : " (group on the new configuration, waiting for the other waves)");
        }
        if (state.image.id != null) {
            sb.append(", image ").append(state.image.id);
        }
        if (state.refresh.id != null && !holding) {
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
     * Stops going forward and applies the abort action from the next {@link #advance} on. Called again while
     * the rollout reverts, it stops the revert too: the next {@link #advance} reports where everything is.
     */
    public void abort(String reason) {
        if (state.status.isTerminal()) {
            return;
        }
        if (state.stopping() && state.revert.cause != RolloutStatus.ABORTED && !state.revert.userAborted) {
            // The rollout already reverts a failure or a timeout: this abort is the user's first.
            state.revert.userAborted = true;
            listener.info("Abort noted" + (reason == null ? "" : " (" + reason + ")") + ": the rollout is already "
                    + "reverting; abort again to stop the revert");
            return;
        }
        if (state.stopping()) {
            // A second abort: the user wants control back now, not once the revert is done.
            if (!state.revert.abandoned) {
                state.revert.abandoned = true;
                listener.info("Aborted again" + (reason == null ? "" : " (" + reason + ")")
                        + ": stopping the revert where it is");
            }
            return;
        }
        if (succeeded()) {
            // The Refresh was seen Successful: the verdict stands; retention stops where it is.
            listener.info("The rollout already succeeded; stopping its retention");
            state.retentionCut = true;
            return;
        }
        context(null).stop(RolloutStatus.ABORTED, request.deadlines().onAbort(), "it was aborted", "Aborted"
                + (reason == null ? "" : " (" + reason + ")") + " during " + state.phase.label());
    }

    /**
     * Whether the verdict is success whatever comes next: in the cleanup, or held and released (the next step
     * enters the cleanup).
     */
    private boolean succeeded() {
        return state.phase == Phase.CLEANUP || state.phase == Phase.HELD && state.released;
    }

    /**
     * Lets a held rollout ({@link Phase#HELD}) go on: its next {@link #advance} applies retention, and it ends
     * SUCCEEDED as a rollout that was never held does.
     *
     * @throws IllegalStateException when the rollout is not held (still going forward, stopping, or over)
     */
    public void release() {
        if (state.phase != Phase.HELD || state.stopping() || state.status.isTerminal()) {
            throw new IllegalStateException("rollout " + state.rolloutId + " of group '" + request.asg()
                    + "' is not held, it is " + (state.stopping() ? "stopping" : state.phase.label()));
        }
        if (!state.released) {
            state.released = true;
            listener.info("Released: group '" + request.asg() + "' stays on " + state.newConfiguration());
        }
    }

    /**
     * Undoes a rollout whose group runs the new configuration healthy, say because a later wave of a fleet
     * failed. A held rollout stops as FAILED with {@link StopAction#ROLLBACK}, its failure starting with
     * {@code why}: its next {@link #advance} points the group back at its previous configuration (if it still
     * names this rollout's), moves a moved default version back, puts the instances that run the new Image back
     * on the previous one with a Refresh (AWS rolls back no Refresh that already succeeded, on either kind of
     * configuration) and removes what the rollout made and nothing uses. A rollout still going forward is
     * aborted with ROLLBACK instead, whatever its onAbort says; one already stopping goes on as it is.
     *
     * @throws IllegalStateException when the rollout is over, or succeeded already (released, or never held)
     */
    public void rollBack(String why) {
        String reason = why == null || why.isBlank() ? "Rolled back" : why.strip();
        if (state.status.isTerminal() || succeeded()) {
            throw new IllegalStateException("rollout " + state.rolloutId + " of group '" + request.asg()
                    + "' cannot be rolled back: it " + (state.status.isTerminal() ? "ended " + state.status
                    : "already succeeded"));
        }
        if (state.stopping()) {
            listener.info(reason + ": the rollout is already stopping (" + state.revert.action.displayName() + ")");
            return;
        }
        if (state.phase == Phase.HELD) {
            context(null).stop(RolloutStatus.FAILED, StopAction.ROLLBACK, "it was rolled back after a healthy refresh",
                    reason + ": rolling group '" + request.asg() + "' back from " + state.newConfiguration()
                    + ", where it was held");
            return;
        }
        context(null).stop(RolloutStatus.ABORTED, StopAction.ROLLBACK, "it was rolled back",
                reason + ": rolled back during " + state.phase.label());
    }

    /**
     * Stops a rollout of a fleet that is still going forward with {@code action}, as {@code status}: the fleet ran
     * out of time, or another target failed and the fleet rolls every wave back. A rollout already stopping or over
     * is left as it is.
     */
    void stopForFleet(RolloutStatus status, StopAction action, String why) {
        if (state.status.isTerminal() || state.stopping() || succeeded()) {
            return;
        }
        context(null).stop(status, action, why.toLowerCase(java.util.Locale.ROOT), why + " during "
                + state.phase.label());
    }

    /**
     * Does the next step with {@code clients} and says when to call again, or how the rollout ended.
     * Throttling and transient AWS errors are answered with a backoff, a bounded number of times in a row; any
     * other error ends in a verdict, never in an exception to the caller.
     */
    public Next advance(AwsClients clients, Instant now) {
        if (state.status.isTerminal()) {
            return Next.finished(result());
        }
        RolloutContext ctx = context(clients);
        try {
            if (!state.stopping() && Polling.deadlineStopsBefore(state.phase) && Polling.rolloutOverdue(state, now)) {
                Deadlines d = request.deadlines();
                ctx.stop(RolloutStatus.TIMED_OUT, d.onTimeout(), "it ran out of time", "The rollout of group '" + request.asg()
                        + "' did not finish within " + Durations.words(d.overall()) + " (timeoutMinutes), during "
                        + state.phase.label());
            }
            Lease other = new GroupLease(ctx).renewIfDue(now);
            if (other != null && !state.stopping()) {
                // Whoever holds the group now decides about it; this rollout only stops and leaves it be.
                ctx.stop(RolloutStatus.FAILED, StopAction.LEAVE, "another rollout took the group over",
                        "Group '" + request.asg() + "' was taken over by "
                        + other.describe() + " while this rollout was " + state.phase.label());
            }
            Next next = state.stopping() ? new RevertPhase(ctx).run(now) : forward(ctx, now);
            state.consecutiveErrors = 0;
            state.failingAction = null;
            return next;
        } catch (InvalidRequestException e) {
            // Past preflight something already changed: a refusal now is a failure, and it reverts.
            return state.phase == Phase.PREFLIGHT ? reject(ctx, now, e)
                    : failOrReport(ctx, now, "a request was refused during " + state.phase.label(), e.getMessage());
        } catch (SdkException e) {
            return answer(ctx, now, e);
        } catch (RuntimeException e) {
            // A bug or an answer nobody foresaw must still end in a verdict with the revert applied.
            return failOrReport(ctx, now, "an unexpected error stopped " + state.phase.label(), "Unexpected error during "
                    + state.phase.label() + ": " + LogText.oneLine(e.toString(), LogText.MAX_QUOTE));
        } finally {
            plan = ctx.plan;
        }
    }

    /**
     * What an SDK error means here. A transient one is tried again after a backoff, a bounded number of times
     * in a row; so is, while reverting, an unreachable endpoint or a refused look. An error that waiting will
     * not heal refuses the rollout in preflight (nothing has changed yet) and fails it afterwards.
     */
    private Next answer(RolloutContext ctx, Instant now, SdkException e) {
        AwsErrors.Kind kind = AwsErrors.kind(e);
        String what = AwsErrors.explain(e, ctx.aws.where(e));
        // A revert must not give up at the first blip: it tries what it cannot do without (reaching AWS, looking
        // at the Refresh) a bounded number of times; a change AWS refuses is noted by the revert step itself.
        boolean retry = kind == AwsErrors.Kind.TRANSIENT
                || state.stopping() && (kind == AwsErrors.Kind.UNREACHABLE || kind == AwsErrors.Kind.REFUSED);
        int bound = AwsErrors.isThrottling(e) ? Polling.MAX_CONSECUTIVE_THROTTLES : Polling.MAX_CONSECUTIVE_ERRORS;
        if (retry && state.stopping() && Polling.revertOutOfTime(state, request.deadlines(), now)) {
            ctx.note("reverting ran out of time (" + Durations.words(Polling.revertBudget(state, request.deadlines()))
                    + ") while " + what);
            return ctx.finish(now, state.revert.cause);
        }
        if (retry && state.consecutiveErrors < bound) {
            state.consecutiveErrors++;
            Duration wait = Polling.backoff(state.consecutiveErrors);
            listener.info(capitalized(what) + "; trying again in " + Durations.words(wait));
            return Next.again(wait);
        }
        if (retry) {
            what = what + " (" + (state.consecutiveErrors + 1) + " times in a row)";
        }
        if (state.phase == Phase.PREFLIGHT) {
            return reject(ctx, now, switch (kind) {
                case REFUSED -> new InvalidRequestException("asg", "AWS refused a check: " + AwsErrors.describe(e),
                        "check the credentials' permissions (see docs/iam-policy.md) and the region");
                case NO_CREDENTIALS -> new InvalidRequestException("credentialsId", what,
                        "check that the credentials exist and, for a role, that it can be assumed");
                case UNREACHABLE, TRANSIENT -> new InvalidRequestException(endpointField(e), what,
                        "check that the endpoint is right and reachable from here, then run again");
            });
        }
        boolean refused = kind == AwsErrors.Kind.REFUSED;
        return failOrReport(ctx, now, refused ? "AWS refused " + state.phase.label()
                : "an AWS call failed during " + state.phase.label(), refused
                ? "AWS refused " + state.phase.label() + " for group '" + request.asg() + "': " + AwsErrors.describe(e)
                : "During " + state.phase.label() + " for group '" + request.asg() + "': " + what);
    }

    /** The option that sent the failed call where it went; with no service known, the first one given. */
    private String endpointField(Throwable e) {
        Endpoints.Service service = AwsClients.serviceOf(e);
        if (service != null) {
            return request.endpointField(service);
        }
        String ec2 = request.endpointField(Endpoints.Service.EC2);
        return ec2.equals("region") ? request.endpointField(Endpoints.Service.AUTO_SCALING) : ec2;
    }

    private static String capitalized(String s) {
        // A sentence may start with the endpoint's URL, which stays as it is written.
        return s.isEmpty() || s.startsWith("http://") || s.startsWith("https://") ? s
                : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The result so far (final once the status is terminal). */
    public RolloutResult result() {
        return RolloutResult.of(state, request, plan);
    }

    private RolloutContext context(AwsClients clients) {
        return new RolloutContext(request, state, new AwsLookups(clients, request, state), listener);
    }

    private static Next forward(RolloutContext ctx, Instant now) {
        return switch (ctx.state.phase) {
            case PREFLIGHT -> new PreflightPhase(ctx).run(now);
            case STANDBY, IMAGE_CREATE, IMAGE_WAIT -> new ImagePhase(ctx).run(now);
            case CONFIG_WRITE -> new ConfigurationPhase(ctx).run(now);
            case GROUP_UPDATE, REFRESH_START, REFRESH_WAIT, HELD -> new RefreshPhase(ctx).run(now);
            case CLEANUP -> new Retention(ctx).run(now);
            case REVERTING, FINISHED -> throw new IllegalStateException("no forward step from " + ctx.state.phase);
        };
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
    private Next failOrReport(RolloutContext ctx, Instant now, String brief, String message) {
        if (state.phase == Phase.CLEANUP && !state.stopping()) {
            // Housekeeping after a success: its failure is reported, never turned into a failed rollout.
            return Retention.stopped(ctx, now, message);
        }
        if (state.stopping()) {
            ctx.note("while reverting: " + message);
            return ctx.finish(now, state.revert.cause);
        }
        return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK, brief, message);
    }
}
