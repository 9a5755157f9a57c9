package io.jenkins.plugins.amifactory.engine.bench;

import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutRequestBuilder;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark scenario: an Image of a nominal time, or a Refresh of a group of some size with warm-up,
 * a checkpoint and bake time. The Refresh cases make a short Image first (the engine needs one), and only their
 * Refresh wait is measured.
 *
 * @param name      as the table shows it
 * @param kind      which wait is measured
 * @param imageTime the Image's nominal time (each variation strays from it)
 * @param instances the group's size
 */
record WaitCase(String name, WaitRecord.Kind kind, Duration imageTime, int instances) {

    static final int MIN_HEALTHY = 90;
    static final Duration WARMUP = Duration.ofSeconds(60);
    static final List<Integer> CHECKPOINTS = List.of(50);
    static final Duration CHECKPOINT_DELAY = Duration.ofMinutes(2);
    static final Duration BAKE_TIME = Duration.ofMinutes(5);

    static WaitCase image(int minutes) {
        return new WaitCase("Image " + minutes + " min", WaitRecord.Kind.IMAGE, Duration.ofMinutes(minutes), 2);
    }

    static WaitCase refresh(int instances) {
        return new WaitCase("Refresh " + instances + " inst.", WaitRecord.Kind.REFRESH, Duration.ofMinutes(2), instances);
    }

    /** How long the measured wait may take before anyone may call it a timeout: twice the nominal, at least 1 h. */
    Duration deadline() {
        return kind == WaitRecord.Kind.IMAGE ? max(Duration.ofMinutes(60), imageTime.multipliedBy(2))
                : Duration.ofMinutes(120);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The engine's request: the deadlines above, the Refresh's preferences, no Refresh for the Image cases. */
    RolloutRequest request(String group, String instance, URI endpoint) {
        RolloutRequestBuilder b = RolloutRequest.builder(group, instance).region(SimulatorKit.REGION).endpoint(endpoint)
                .refresh(kind == WaitRecord.Kind.REFRESH).minHealthyPercentage(MIN_HEALTHY).instanceWarmup(WARMUP)
                .checkpointPercentages(CHECKPOINTS).checkpointDelay(CHECKPOINT_DELAY).bakeTime(BAKE_TIME)
                .imageTimeout(kind == WaitRecord.Kind.IMAGE ? deadline() : Duration.ofMinutes(60))
                .rolloutTimeout(Duration.ofMinutes(120));
        return b.timeout(deadline().plus(Duration.ofMinutes(180))).build();
    }

    /** The same preferences for a baseline's own StartInstanceRefresh. */
    static RefreshPreferences preferences() {
        return RefreshPreferences.builder().minHealthyPercentage(MIN_HEALTHY).instanceWarmup((int) WARMUP.toSeconds())
                .checkpointPercentages(CHECKPOINTS).checkpointDelay((int) CHECKPOINT_DELAY.toSeconds())
                .bakeTime((int) BAKE_TIME.toSeconds()).build();
    }
}
