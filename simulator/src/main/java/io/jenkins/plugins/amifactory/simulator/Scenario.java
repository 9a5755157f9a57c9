package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.account.ImageTiming;
import io.jenkins.plugins.amifactory.simulator.account.Knobs;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The knobs of a scenario: how long AWS takes to do things, and which things go wrong. Read by the world
 * when it schedules a change, so a change of knob affects what starts afterwards. Guarded by the
 * {@link World}'s lock.
 */
public final class Scenario implements Knobs {

    /** Fixed part of the time an image takes from CreateImage to {@code available}. */
    public Duration imageBaseTime = Duration.ofSeconds(40);
    /** Added per GiB of the instance's EBS volumes (snapshots of larger disks take longer). */
    public Duration imageTimePerGiB = Duration.ofSeconds(1);
    /**
     * Fixed part of the time a copy takes from CopyImage to {@code available}: longer than CreateImage's, as a
     * copy to another region moves every byte.
     */
    public Duration copyBaseTime = Duration.ofSeconds(60);
    /** Added per GiB of the source Image's snapshots. */
    public Duration copyTimePerGiB = Duration.ofSeconds(2);
    /** From launch to {@code running}. */
    public Duration instanceBootTime = Duration.ofSeconds(15);
    /** From launch until the instance passes its health checks (Auto Scaling: Pending to InService, Healthy). */
    public Duration instanceHealthyTime = Duration.ofSeconds(45);
    /**
     * How long a CreateImage without NoReboot keeps the instance down: its status checks fail meanwhile,
     * so Auto Scaling replaces it unless it is in Standby.
     */
    public Duration rebootTime = Duration.ofSeconds(60);
    /** Instances launched from these images never become healthy, so a refresh to them fails. */
    public final Set<String> unhealthyImageIds = new LinkedHashSet<>();
    /** The next N images created are added to {@link #unhealthyImageIds} (for a scripted failing rollout). */
    public int unhealthyNextImages;
    /** The next N images CreateImage makes end in state {@code failed} instead of {@code available}. */
    public int failNextImages;
    /** The next N images CopyImage makes end in state {@code failed} instead of {@code available}. */
    public int failNextCopies;
    /**
     * How long an instance refresh keeps waiting for an unhealthy replacement before it fails (AWS waits
     * about an hour).
     */
    public Duration refreshStallTimeout = Duration.ofMinutes(60);
    /** Whether CreateLaunchConfiguration is refused, as it is for accounts created since 2024-10-01. */
    public boolean launchConfigurationsDisabled;
    /** Progress as AWS reports it (coarse, uneven, seeded) instead of smooth lines; null for smooth ones. */
    public RealisticProgress realistic;

    @Override
    public Duration instanceBootTime() {
        return instanceBootTime;
    }

    @Override
    public Duration instanceHealthyTime() {
        return instanceHealthyTime;
    }

    @Override
    public Duration rebootTime() {
        return rebootTime;
    }

    @Override
    public Duration refreshStallTimeout() {
        return refreshStallTimeout;
    }

    @Override
    public boolean launchConfigurationsDisabled() {
        return launchConfigurationsDisabled;
    }

    @Override
    public boolean isUnhealthyImage(String imageId) {
        return unhealthyImageIds.contains(imageId);
    }

    @Override
    public void markUnhealthyImage(String imageId) {
        unhealthyImageIds.add(imageId);
    }

    @Override
    public Duration imageTime(long totalGiB) {
        return perGiB(imageBaseTime, imageTimePerGiB, totalGiB);
    }

    @Override
    public ImageTiming imageTiming(long totalGiB) {
        return timing(imageTime(totalGiB));
    }

    @Override
    public Duration copyTime(long totalGiB) {
        return perGiB(copyBaseTime, copyTimePerGiB, totalGiB);
    }

    @Override
    public ImageTiming copyTiming(long totalGiB) {
        return timing(copyTime(totalGiB));
    }

    private static Duration perGiB(Duration base, Duration perGiB, long totalGiB) {
        return base.plus(perGiB.multipliedBy(Math.max(0, totalGiB)));
    }

    /** An Image's progress towards {@code nominal}: a smooth line, or as AWS reports it when realistic. */
    private ImageTiming timing(Duration nominal) {
        return realistic == null ? ImageTiming.linear(nominal) : realistic.image(nominal);
    }

    @Override
    public Duration healthyTimeOfNextLaunch() {
        return realistic == null ? instanceHealthyTime : realistic.healthyTime(instanceHealthyTime);
    }

    @Override
    public boolean percentagePerBatch() {
        return realistic != null;
    }

    /** Claims the next created image's fate: counts down the one-shot knobs. */
    @Override
    public boolean takeFailNextImage() {
        if (failNextImages > 0) {
            failNextImages--;
            return true;
        }
        return false;
    }

    @Override
    public boolean takeFailNextCopy() {
        if (failNextCopies > 0) {
            failNextCopies--;
            return true;
        }
        return false;
    }

    @Override
    public boolean takeUnhealthyNextImage() {
        if (unhealthyNextImages > 0) {
            unhealthyNextImages--;
            return true;
        }
        return false;
    }
}
