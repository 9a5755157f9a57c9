package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;

/** What {@link Fleet#advance} answers: call again after {@link #delay}, or the fleet is over. */
public record FleetNext(Duration delay, FleetResult result) {

    static FleetNext again(Duration delay) {
        return new FleetNext(delay, null);
    }

    public boolean isFinished() {
        return result != null;
    }
}
