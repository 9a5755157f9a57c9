package io.jenkins.plugins.amifactory.simulator;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that answer the simulator's HTTP requests, bounded. At most {@value #CALLS_AT_ONCE} requests
 * are at work at once (waiting for the world's lock or for an injected slow answer counts as work); a
 * request beyond that is answered 503 at once by one of {@value #SPARE} further threads, which do nothing
 * else and so are free in moments. Requests no thread has taken yet wait in a queue of {@value #QUEUE};
 * past that the HTTP server closes the connection without an answer (the JDK server's answer to a full
 * executor), as a proxy in front of an overloaded service would.
 */
final class Workers implements Executor {

    /** Requests at work at once. */
    static final int CALLS_AT_ONCE = 16;
    private static final int SPARE = 4;
    private static final int QUEUE = 64;

    private final ThreadPoolExecutor pool;
    private final Semaphore atWork = new Semaphore(CALLS_AT_ONCE);

    Workers() {
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(CALLS_AT_ONCE + SPARE, CALLS_AT_ONCE + SPARE, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "simulator-http-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // An idle simulator (tests start many) holds no threads.
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable request) {
        pool.execute(request);
    }

    /** Takes a place at work, or says there is none; a caller that got one gives it back with {@link #leave}. */
    boolean tryEnter() {
        return atWork.tryAcquire();
    }

    void leave() {
        atWork.release();
    }

    /** The refusal for a request that found every place at work taken. */
    static Refusal busy() {
        return new Refusal(503, "ServiceUnavailable", "The simulator is busy: " + CALLS_AT_ONCE
                + " calls are at work already (it serves at most " + CALLS_AT_ONCE + " at once). Retry later.");
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
