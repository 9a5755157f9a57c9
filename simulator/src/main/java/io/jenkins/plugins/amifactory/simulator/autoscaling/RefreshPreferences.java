package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.util.List;

/**
 * The preferences of an instance refresh as given; null members were not given, and the accessors named
 * {@code effective…} apply AWS's defaults (90 % minimum healthy, 100 % maximum, Wait for protected and
 * Standby instances, an hour between checkpoints). {@code alarms} are the CloudWatch alarms of the
 * AlarmSpecification, empty when none was given.
 */
public record RefreshPreferences(Integer minHealthyPercentage, Integer maxHealthyPercentage, Integer instanceWarmup,
                                 List<Integer> checkpointPercentages, Integer checkpointDelay, Boolean skipMatching,
                                 Boolean autoRollback, String scaleInProtectedInstances, String standbyInstances,
                                 Integer bakeTime, List<String> alarms) {

    public RefreshPreferences {
        checkpointPercentages = checkpointPercentages == null ? List.of() : List.copyOf(checkpointPercentages);
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    public int effectiveMinHealthyPercentage() {
        return minHealthyPercentage != null ? minHealthyPercentage : 90;
    }

    public int effectiveMaxHealthyPercentage() {
        return maxHealthyPercentage != null ? maxHealthyPercentage : 100;
    }

    public int effectiveCheckpointDelay() {
        return checkpointDelay != null ? checkpointDelay : 3600;
    }

    public boolean skips() {
        return Boolean.TRUE.equals(skipMatching);
    }

    public boolean rollsBackAutomatically() {
        return Boolean.TRUE.equals(autoRollback);
    }

    public String effectiveScaleInProtectedInstances() {
        return scaleInProtectedInstances != null ? scaleInProtectedInstances : "Wait";
    }

    public String effectiveStandbyInstances() {
        return standbyInstances != null ? standbyInstances : "Wait";
    }

    public int effectiveBakeTime() {
        return bakeTime != null ? bakeTime : 0;
    }
}
