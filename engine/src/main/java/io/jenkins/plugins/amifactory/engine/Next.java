package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;

/**
 * What {@link Rollout#advance} answers: call again after {@link #delay}, or the rollout is over and
 * {@link #result} says how it ended.
 */
public record Next(Duration delay, RolloutResult result) {

    static Next again(Duration delay) {
        return new Next(delay, null);
    }

    static Next finished(RolloutResult result) {
        return new Next(null, result);
    }

    public boolean isFinished() {
        return result != null;
    }
}
