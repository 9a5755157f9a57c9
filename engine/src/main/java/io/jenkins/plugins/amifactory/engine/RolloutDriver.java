package io.jenkins.plugins.amifactory.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a {@link Rollout} to its end on the calling thread, sleeping between steps: for the command line
 * and the Freestyle build step, where a thread per rollout is fine. An interrupt, or {@link #abort}, stops
 * going forward and applies the abort action; the driver still runs the revert to its end, so a Ctrl-C or
 * an aborted build never leaves a half-done rollout behind. A second interrupt or abort stops the revert
 * too, and the result says where everything is.
 */
public final class RolloutDriver {

    /** Waits between steps; tests and benchmarks advance a simulated clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * The clients for one step; the driver closes them after the step. A caller that shares long-lived
     * clients between rollouts lends them per step ({@link AwsClients#borrowed}), so each step starts with
     * fresh credentials.
     */
    @FunctionalInterface
    public interface StepClients {
        AwsClients open();
    }

    public static final Sleeper REAL_TIME = d -> {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
    };

    private final StepClients clients;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Abort requests not yet passed on: each reaches the rollout once, so a second one stops its revert. */
    private final ConcurrentLinkedQueue<String> aborts = new ConcurrentLinkedQueue<>();

    /** Every step on the same {@code clients}, which the caller closes. */
    public RolloutDriver(AwsClients clients, Clock clock, Sleeper sleeper) {
        this(() -> AwsClients.borrowed(clients, () -> { }), clock, sleeper);
    }

    public RolloutDriver(StepClients clients, Clock clock, Sleeper sleeper) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Asks the running rollout to stop and revert; asked again, to stop reverting too and report where
     * everything is. Safe from any thread.
     */
    public void abort(String reason) {
        aborts.add(reason == null ? "aborted" : reason);
    }

    /**
     * Advances {@code rollout} until it finishes. Returns its result; the caller decides what a failure
     * means (a failed build, an exit code). If the thread was interrupted, the interrupt flag is set again
     * on return.
     */
    public RolloutResult run(Rollout rollout) {
        return drive(rollout::abort, now -> {
            try (AwsClients step = clients.open()) {
                Next next = rollout.advance(step, now);
                return new Step<>(next.delay(), next.result());
            }
        });
    }

    /**
     * Advances {@code fleet} until it finishes, each region's steps on {@code regions}; aborts and interrupts reach
     * it as they reach a rollout.
     */
    public FleetResult run(Fleet fleet, Fleet.RegionClients regions) {
        return drive(fleet::abort, now -> {
            FleetNext next = fleet.advance(regions, now);
            return new Step<>(next.delay(), next.result());
        });
    }

    /** One step's answer: wait {@code delay}, or it is over with {@code result}. */
    private record Step<R>(Duration delay, R result) {
    }

    private <R> R drive(Consumer<String> abort, Function<Instant, Step<R>> advance) {
        boolean interrupted = false;
        while (true) {
            for (String reason = aborts.poll(); reason != null; reason = aborts.poll()) {
                abort.accept(reason);
            }
            Step<R> next = advance.apply(clock.instant());
            if (next.result() != null) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return next.result();
            }
            try {
                sleeper.sleep(next.delay());
            } catch (InterruptedException e) {
                // Keep going: the revert must run to its end, and it needs this thread.
                interrupted = true;
                abort("interrupted");
            }
        }
    }
}
