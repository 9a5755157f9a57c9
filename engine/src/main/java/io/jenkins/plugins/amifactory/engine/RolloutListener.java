package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;

/**
 * Hears what a rollout does, for console lines and progress bars. Called on the thread that advances the
 * rollout; implementations must be quick and must not throw.
 */
public interface RolloutListener {

    RolloutListener NONE = new RolloutListener() {
    };

    /** A phase begins; {@code detail} says what it is working on. */
    default void phaseStarted(Phase phase, String detail) {
    }

    /**
     * Progress within a phase.
     *
     * @param percent   0 to 100, or -1 when unknown
     * @param remaining the estimated time left, or null when unknown
     */
    default void progress(Phase phase, int percent, Duration remaining, String detail) {
    }

    /** A noteworthy event that is not progress (a throttled call backed off, a resource reused). */
    default void info(String message) {
    }
}
