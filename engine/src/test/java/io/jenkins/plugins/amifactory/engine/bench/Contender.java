package io.jenkins.plugins.amifactory.engine.bench;

import java.time.Duration;

/** Who waits: the engine, or one of the pollers people usually write or reach for. */
enum Contender {
    ENGINE("AMI Factory", null, 0),
    FIXED_15("fixed 15 s", Duration.ofSeconds(15), 0),
    /**
     * The AWS SDK v2's waiter for an available Image: a look every 15 s, 40 looks, then it gives up. The SDK has
     * no waiter for an instance Refresh; the same policy stands in for one written with its generic Waiter.
     */
    SDK_WAITER("SDK waiter", Duration.ofSeconds(15), 40),
    FIXED_60("fixed 60 s", Duration.ofSeconds(60), 0);

    final String label;
    /** How often a baseline looks; null for the engine, which decides itself. */
    final Duration interval;
    /** How many looks a baseline makes before it gives up; 0 for no limit but the deadline. */
    final int maxAttempts;

    Contender(String label, Duration interval, int maxAttempts) {
        this.label = label;
        this.interval = interval;
        this.maxAttempts = maxAttempts;
    }
}
