package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Auto Scaling group: its settings, its instances, its instance refreshes (oldest first) and scaling
 * activities (oldest first). Mutable; guarded by the world's lock. The behaviour lives in
 * {@link AutoScalingWorld} (capacity, health) and {@link InstanceRefreshRun} (refreshes).
 */
final class AutoScalingGroup {

    final String name;
    final String arn;
    final Instant createdTime;
    LaunchSource launchSource;
    int minSize;
    int maxSize;
    int desiredCapacity;
    int defaultCooldown = 300;
    List<String> availabilityZones;
    String vpcZoneIdentifier;
    String healthCheckType = "EC2";
    int healthCheckGracePeriod;
    /** Seconds; null when not set (then refreshes fall back to the health check grace period). */
    Integer defaultInstanceWarmup;
    boolean newInstancesProtectedFromScaleIn;
    boolean capacityRebalance;
    final Map<String, GroupTag> tags = new LinkedHashMap<>();
    final Map<String, GroupInstance> instances = new LinkedHashMap<>();
    final List<InstanceRefreshRun> refreshes = new ArrayList<>();
    final List<ScalingActivity> activities = new ArrayList<>();

    /** Why capacity last changed, for the Cause of the launches and terminations that follow. */
    String capacityCause;
    /** After a failed launch, no new attempt before this (AWS backs off too). */
    Instant nextLaunchAttempt;
    int consecutiveLaunchFailures;

    AutoScalingGroup(String name, String arn, Instant createdTime) {
        this.name = name;
        this.arn = arn;
        this.createdTime = createdTime;
    }

    /** The refresh that is not finished yet, if any; AWS allows one at a time. */
    InstanceRefreshRun activeRefresh() {
        for (InstanceRefreshRun r : refreshes) {
            if (r.status().isActive()) {
                return r;
            }
        }
        return null;
    }

    List<GroupInstance> live() {
        return instances.values().stream().filter(GroupInstance::isLive).toList();
    }

    GroupInstance instance(String id) {
        return instances.get(id);
    }
}
