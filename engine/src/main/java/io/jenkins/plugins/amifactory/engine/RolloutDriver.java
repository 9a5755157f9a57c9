package io.jenkins.plugins.amifactory.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Rollout} to its end on the calling thread, sleeping between steps: for the command line
 * and the Freestyle build step, where a thread per rollout is fine. An interrupt, or {@link #abort}, stops
 * going forward and applies the abort outcome; the driver still runs the revert to its end, so a Ctrl-C or
 * an aborted build never leaves a half-done rollout behind.
 */
public final class RolloutDriver {

    /** Waits between steps; tests and benchmarks advance a simulated clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final Sleeper REAL_TIME = d -> {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
    };

    private final AwsClients clients;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicReference<String> abortReason = new AtomicReference<>();

    public RolloutDriver(AwsClients clients, Clock clock, Sleeper sleeper) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Asks the running rollout to stop; safe from any thread. */
    public void abort(String reason) {
        abortReason.compareAndSet(null, reason == null ? "aborted" : reason);
    }

    /**
     * Advances {@code rollout} until it finishes. Returns its result; the caller decides what a failure
     * means (a failed build, an exit code). If the thread was interrupted, the interrupt flag is set again
     * on return.
     */
    public RolloutResult run(Rollout rollout) {
        boolean interrupted = false;
        while (true) {
            String reason = abortReason.get();
            if (reason != null) {
                rollout.abort(reason);
            }
            Next next = rollout.advance(clients, clock.instant());
            if (next.isFinished()) {
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
