package io.jenkins.plugins.amifactory.simulator.account;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time as the regional worlds use it: the current instant and changes scheduled for later,
 * which run in time order as the clock passes them.
 */
public interface Timeline {

    Instant now();

    /** Runs {@code action} when the clock reaches {@code now + delay} (at once on the next pass if not positive). */
    void schedule(Duration delay, Runnable action);

    void scheduleAt(Instant at, Runnable action);

    /**
     * Notes that {@code resource} changed as {@code change} says (an Image became {@code available}, a Refresh
     * {@code Successful}) at the current time, for benchmarks that measure how late a poller notices it. Only a
     * clock that was asked to record keeps the note.
     */
    default void note(String resource, String change) {
    }
}
