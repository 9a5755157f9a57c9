package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the polls of every Pipeline rollout on the controller run: a few threads shared by all rollouts. A stop is
 * run before any poll that waits, and no endpoint may hold more than {@link #PER_ENDPOINT} threads at once, so an
 * endpoint that accepts calls and never answers holds at most that many threads (each for at most the per-attempt
 * timeout) while rollouts against other endpoints keep their schedule. Within a priority, first come first served.
 */
final class AwsCallQueue {

    private static final Logger LOGGER = Logger.getLogger(AwsCallQueue.class.getName());

    /** Threads for AWS calls: few, daemon, and gone after a minute of idleness. */
    static final int THREADS = 4;
    /** At most this many of them talk to one endpoint at a time; the others stay free for other endpoints. */
    static final int PER_ENDPOINT = 2;
    static final String THREAD_NAME = "AMI Factory AWS calls";

    /** What a task is for: a stop goes before the polls that wait. */
    enum Priority { STOP, POLL }

    private record Task(String endpoint, Priority priority, long order, Runnable work) {
    }

    private final int threads;
    private final int perEndpoint;
    private final ThreadPoolExecutor pool;
    private final TreeSet<Task> waiting = new TreeSet<>(
            Comparator.comparing(Task::priority).thenComparingLong(Task::order));
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Integer> mostInFlight = new HashMap<>();
    private long submitted;
    private int running;
    private long finished;

    AwsCallQueue(int threads, int perEndpoint) {
        this.threads = threads;
        this.perEndpoint = perEndpoint;
        AtomicInteger count = new AtomicInteger();
        ClassLoader pluginLoader = AwsCallQueue.class.getClassLoader();
        // The queue above hands the pool at most `threads` tasks at once, so the pool's own queue stays short.
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, THREAD_NAME + " #" + count.incrementAndGet());
            t.setDaemon(true);
            // The SDK loads its interceptors through the context class loader, which must see the aws-java-sdk2
            // plugins; the thread that happens to start this one may carry core's loader.
            t.setContextClassLoader(pluginLoader);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * What the cap counts by: the endpoint's scheme, host and port when one is given, else AWS's endpoints of the
     * region (EC2 and Auto Scaling of one region are slow or fast together far more often than not). A poll calls
     * both services, so with an endpoint each it counts by the pair: polls that share a slow one share a cap.
     */
    static String endpointOf(String region, Endpoints endpoints) {
        String ec2 = endpointOf(region, endpoints.ec2());
        String autoScaling = endpointOf(region, endpoints.autoScaling());
        return ec2.equals(autoScaling) ? ec2 : ec2 + " " + autoScaling;
    }

    private static String endpointOf(String region, URI endpoint) {
        if (endpoint == null) {
            return "aws:" + region;
        }
        String scheme = endpoint.getScheme() == null ? "https" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        String host = endpoint.getHost() == null ? String.valueOf(endpoint.getAuthority()) : endpoint.getHost();
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : scheme.equals("http") ? 80 : 443;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Runs {@code work} on a pool thread once a thread is free and {@code endpoint} is under its cap. */
    void submit(String endpoint, Priority priority, Runnable work) {
        synchronized (this) {
            waiting.add(new Task(endpoint, priority, submitted++, work));
        }
        dispatch();
    }

    private void dispatch() {
        List<Task> start = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Task> it = waiting.iterator(); it.hasNext() && running < threads; ) {
                Task t = it.next();
                int busy = inFlight.getOrDefault(t.endpoint(), 0);
                if (busy >= perEndpoint) {
                    continue;
                }
                it.remove();
                inFlight.put(t.endpoint(), busy + 1);
                mostInFlight.merge(t.endpoint(), busy + 1, Math::max);
                running++;
                start.add(t);
            }
        }
        for (Task t : start) {
            try {
                pool.execute(() -> run(t));
            } catch (RejectedExecutionException e) {
                // Shut down: the controller is stopping, and a poll that does not run is resumed after the restart.
                done(t);
            }
        }
    }

    private void run(Task t) {
        try {
            t.work().run();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "AMI Factory: a task for " + t.endpoint() + " failed", e);
        } finally {
            done(t);
            dispatch();
        }
    }

    private synchronized void done(Task t) {
        running--;
        finished++;
        inFlight.merge(t.endpoint(), -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** Tasks handed to a thread and not finished: the threads AMI Factory holds right now. */
    synchronized int running() {
        return running;
    }

    /** Tasks waiting for a thread or for their endpoint's cap. */
    synchronized int queued() {
        return waiting.size();
    }

    /** Tasks for {@code endpoint} that wait or run. */
    synchronized int pending(String endpoint) {
        return inFlight.getOrDefault(endpoint, 0)
                + (int) waiting.stream().filter(t -> t.endpoint().equals(endpoint)).count();
    }

    /** The most threads {@code endpoint} held at once so far. */
    synchronized int mostInFlight(String endpoint) {
        return mostInFlight.getOrDefault(endpoint, 0);
    }

    /** The most threads the pool has had at once: at most {@link #THREADS}, however many rollouts wait. */
    int largestThreads() {
        return pool.getLargestPoolSize();
    }

    /** Tasks that have run to their end (or were dropped at shutdown). */
    synchronized long finished() {
        return finished;
    }

    /** Stops the threads; what waits is dropped. */
    void shutdownNow() {
        synchronized (this) {
            waiting.clear();
        }
        pool.shutdownNow();
    }
}
