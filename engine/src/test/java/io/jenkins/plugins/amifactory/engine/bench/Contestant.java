package io.jenkins.plugins.amifactory.engine.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One rollout or baseline wait in a simulated account, stepped by {@link EventLoop} as its own timer would. */
interface Contestant {

    /** Does the next step at {@code now}: the delay until the one after, or null when it is over. */
    Duration step(Instant now);

    /** Its waits so far, in order. */
    List<WaitRecord> waits();

    /** Why it ended without success, or null if it succeeded. */
    String failure();
}
