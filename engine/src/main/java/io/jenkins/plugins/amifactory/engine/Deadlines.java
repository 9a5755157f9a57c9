package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;

/**
 * How long a rollout waits, and what it does when a wait runs out or someone aborts it.
 *
 * @param image     how long the Image may take to become available, from CreateImage
 * @param refresh   how long the Refresh may take, from StartInstanceRefresh
 * @param overall   how long the whole rollout may take, from its start
 * @param onTimeout what to do with what was changed when one of them passes
 * @param onAbort   what to do with what was changed when the rollout is aborted
 */
public record Deadlines(Duration image, Duration refresh, Duration overall, StopAction onTimeout, StopAction onAbort) {

    public static final Duration DEFAULT_IMAGE = Duration.ofMinutes(60);
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(120);
    public static final Duration DEFAULT_OVERALL = Duration.ofMinutes(180);
    /** AWS ends any instance refresh after 14 days of replacing. */
    static final Duration MAX = Duration.ofDays(14);

    void validate() {
        RolloutRequest.checkDuration("imageTimeoutMinutes", image, Duration.ofMinutes(1), Duration.ofHours(24), false);
        RolloutRequest.checkDuration("rolloutTimeoutMinutes", refresh, Duration.ofMinutes(1), MAX, false);
        RolloutRequest.checkDuration("timeoutMinutes", overall, Duration.ofMinutes(1), MAX, false);
        if (overall.compareTo(image) < 0) {
            throw new InvalidRequestException("timeoutMinutes", "the overall timeout (" + overall.toMinutes()
                    + " min) is shorter than the image timeout (" + image.toMinutes() + " min)",
                    "raise timeoutMinutes or lower imageTimeoutMinutes");
        }
    }
}
