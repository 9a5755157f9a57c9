package io.jenkins.plugins.amifactory;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The polls of one rollout: at most one runs at a time, and a newer request replaces an older one. A request that
 * comes due while a poll runs does not wait on a thread for it: it is remembered, and run as soon as that poll ends,
 * unless the ending poll asked for a newer one meanwhile. Between polls only a task on the scheduler exists.
 */
final class SerialPolls {

    private final Supplier<PluginRuntime> runtime;
    private final String endpoint;
    private final BooleanSupplier stopPending;
    private final Runnable poll;
    private long latest;
    private boolean running;
    /** The request that came due while a poll ran, or 0. */
    private long missed;
    private Future<?> timer;

    /**
     * @param endpoint    what the call queue caps the poll by
     * @param stopPending whether the poll is to pass on a stop, which puts it ahead of the queue
     * @param poll        one poll; it requests the next itself
     */
    SerialPolls(Supplier<PluginRuntime> runtime, String endpoint, BooleanSupplier stopPending, Runnable poll) {
        this.runtime = runtime;
        this.endpoint = endpoint;
        this.stopPending = stopPending;
        this.poll = poll;
    }

    /** Asks for a poll after {@code delay}, instead of any poll asked for before and not started. */
    synchronized void request(Duration delay) {
        long ticket = ++latest;
        Future<?> previous = timer;
        timer = runtime.get().scheduler().schedule(() -> enqueue(ticket), delay);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** No more polls: the one asked for is cancelled, and one already queued does nothing. */
    synchronized void cancel() {
        latest++;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void enqueue(long ticket) {
        PluginRuntime rt = runtime.get();
        AwsCallQueue.Priority priority = stopPending.getAsBoolean() ? AwsCallQueue.Priority.STOP
                : AwsCallQueue.Priority.POLL;
        rt.awsCalls().submit(endpoint, priority, () -> run(ticket));
    }

    private void run(long ticket) {
        synchronized (this) {
            if (ticket != latest) {
                return;
            }
            if (running) {
                missed = ticket;
                return;
            }
            running = true;
        }
        long again;
        try {
            poll.run();
        } finally {
            synchronized (this) {
                running = false;
                again = missed != 0 && missed == latest ? missed : 0;
                missed = 0;
            }
        }
        if (again != 0) {
            enqueue(again);
        }
    }
}
