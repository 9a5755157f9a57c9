package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How far one pass of an instance refresh's replacement loop may go with a group of {@code n} desired
 * instances: MinHealthyPercentage's floor of ready instances, MaxHealthyPercentage's room above desired
 * capacity, and the next checkpoint, which a rollback no longer stops at.
 */
final class ReplacementLimits {

    private final RefreshPreferences preferences;
    private final BooleanSupplier rollingBack;
    private int checkpointIndex;

    ReplacementLimits(RefreshPreferences preferences, BooleanSupplier rollingBack) {
        this.preferences = preferences;
        this.rollingBack = rollingBack;
    }

    /** How many ready instances the group must keep. */
    int minHealthy(int n) {
        return (int) Math.ceil(n * preferences.effectiveMinHealthyPercentage() / 100.0);
    }

    /**
     * How many instances above desired capacity the group may run: MaxHealthyPercentage's room, but no
     * more than the {@code oldLive} old instances still to go, and no further than the next checkpoint.
     */
    int surge(int n, int oldLive) {
        int room = Math.max(n, (int) Math.floor(n * preferences.effectiveMaxHealthyPercentage() / 100.0)) - n;
        long s = Math.min(room, oldLive);
        Long cap = checkpointCap(n);
        if (cap != null) {
            s = Math.min(s, cap - n + oldLive);
        }
        return (int) Math.max(0, s);
    }

    /** Whether having {@code oldLiveAfter} old instances left keeps the replacements within the next checkpoint. */
    boolean withinCheckpoint(int n, int oldLiveAfter) {
        Long cap = checkpointCap(n);
        return cap == null || n + surge(n, oldLiveAfter) - oldLiveAfter <= cap;
    }

    private Long checkpointCap(int n) {
        Integer checkpoint = currentCheckpoint();
        return checkpoint == null ? null : (long) Math.ceil(checkpoint * n / 100.0);
    }

    /** The percentage the next checkpoint waits at, or null when none is left (or the refresh rolls back). */
    Integer currentCheckpoint() {
        List<Integer> checkpoints = preferences.checkpointPercentages();
        return rollingBack.getAsBoolean() || checkpointIndex >= checkpoints.size()
                ? null : checkpoints.get(checkpointIndex);
    }

    /** The current checkpoint's number, counting from 1. */
    int checkpointNumber() {
        return checkpointIndex + 1;
    }

    /** The checkpoint delay is over: the next one applies. */
    void passCheckpoint() {
        checkpointIndex++;
    }
}
