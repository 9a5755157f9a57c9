package io.jenkins.plugins.amifactory.simulator.account;

import java.time.Duration;

/**
 * The scenario as the regional worlds read it: how long AWS takes to do things and which things go wrong.
 * Read when a change is scheduled, so a knob turned later affects only what starts afterwards.
 */
public interface Knobs {

    /** From launch to {@code running}. */
    Duration instanceBootTime();

    /** From launch until the instance passes its health checks. */
    Duration instanceHealthyTime();

    /** How long a CreateImage without NoReboot keeps the instance's status checks failing. */
    Duration rebootTime();

    /** How long an instance refresh waits for an unhealthy replacement before it fails. */
    Duration refreshStallTimeout();

    /** From CreateImage to {@code available}, for images of {@code totalGiB} of snapshots. */
    Duration imageTime(long totalGiB);

    /**
     * From CopyImage to {@code available}, for images of {@code totalGiB} of snapshots: a copy moves every byte
     * to another region, so it takes longer than the snapshots CreateImage takes.
     */
    Duration copyTime(long totalGiB);

    /**
     * How an Image of {@code totalGiB} progresses: its snapshots' reported percentages over time, when they
     * complete and when the Image becomes available. By default a smooth line that ends with the Image.
     */
    default ImageTiming imageTiming(long totalGiB) {
        return ImageTiming.linear(imageTime(totalGiB));
    }

    /** How a copy of {@code totalGiB} progresses, as {@link #imageTiming} for CreateImage. */
    default ImageTiming copyTiming(long totalGiB) {
        return ImageTiming.linear(copyTime(totalGiB));
    }

    /** From launch until the next instance launched passes its health checks. */
    default Duration healthyTimeOfNextLaunch() {
        return instanceHealthyTime();
    }

    /**
     * Whether a Refresh's PercentageComplete moves only when a batch of replacements is done, as AWS reports
     * it, rather than with each instance.
     */
    default boolean percentagePerBatch() {
        return false;
    }

    /** Whether CreateLaunchConfiguration is refused. */
    boolean launchConfigurationsDisabled();

    /** Whether instances launched from the image never become healthy. */
    boolean isUnhealthyImage(String imageId);

    void markUnhealthyImage(String imageId);

    /** Claims the next created image's fate: whether it ends {@code failed}; counts the knob down. */
    boolean takeFailNextImage();

    /** Claims the next copied image's fate: whether it ends {@code failed}; counts the knob down. */
    boolean takeFailNextCopy();

    /** Claims the next created image's fate: whether it is unhealthy; counts the knob down. */
    boolean takeUnhealthyNextImage();
}
