package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.AlarmSpecification;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether and how the instance Refresh runs: the parts of a {@link RolloutRequest} that become AWS's
 * RefreshPreferences. A null means "AWS's default" and is not sent.
 *
 * @param enabled               whether a Refresh runs and is waited for
 * @param minHealthyPercentage  capacity kept healthy while replacing
 * @param maxHealthyPercentage  capacity ceiling while replacing
 * @param instanceWarmup        warm-up per new instance, or null for the group's
 * @param skipMatching          skip instances already on the desired configuration (templates only)
 * @param checkpointPercentages where the Refresh pauses, rising
 * @param checkpointDelay       how long it pauses at each checkpoint
 * @param bakeTime              how long it waits after the last replacement before it counts as done
 * @param autoRollback          AWS's rollback on failure; null means on for launch templates
 * @param alarms                CloudWatch alarms that fail (or with auto rollback, roll back) the Refresh when one
 *                              goes into ALARM; empty for none
 */
public record RefreshSettings(boolean enabled, int minHealthyPercentage, Integer maxHealthyPercentage,
                              Duration instanceWarmup, Boolean skipMatching, List<Integer> checkpointPercentages,
                              Duration checkpointDelay, Duration bakeTime, Boolean autoRollback,
                              List<String> alarms) {

    public static final int DEFAULT_MIN_HEALTHY_PERCENTAGE = 90;
    /** AWS takes at most this many alarms in a Refresh's alarm specification. */
    public static final int MAX_ALARMS = 10;

    public RefreshSettings {
        // Not List.copyOf: a null entry must reach validate() and be refused with the field's name.
        checkpointPercentages = Collections.unmodifiableList(new ArrayList<>(checkpointPercentages));
        alarms = Collections.unmodifiableList(new ArrayList<>(alarms));
    }

    /**
     * The preferences for StartInstanceRefresh. Skip matching goes only to a template group, and auto
     * rollback only where AWS can roll back: a Refresh whose desired configuration is a template version.
     */
    RefreshPreferences preferences(boolean template, boolean awsCanRollBack) {
        return preferences(template, awsCanRollBack, true);
    }

    /**
     * The same; without {@code watchAlarms}, no alarm specification: a Refresh back to the previous configuration
     * must not be stopped by the alarms that made the revert necessary.
     */
    RefreshPreferences preferences(boolean template, boolean awsCanRollBack, boolean watchAlarms) {
        RefreshPreferences.Builder p = RefreshPreferences.builder()
                .minHealthyPercentage(minHealthyPercentage)
                .maxHealthyPercentage(maxHealthyPercentage)
                .instanceWarmup(seconds(instanceWarmup))
                .skipMatching(template ? skipMatching : null)
                .checkpointDelay(seconds(checkpointDelay))
                .bakeTime(seconds(bakeTime))
                .autoRollback(awsCanRollBack ? !Boolean.FALSE.equals(autoRollback) : null);
        if (!checkpointPercentages.isEmpty()) {
            p.checkpointPercentages(checkpointPercentages);
        }
        if (watchAlarms && !alarms.isEmpty()) {
            p.alarmSpecification(AlarmSpecification.builder().alarms(alarms).build());
        }
        return p.build();
    }

    void validate() {
        RolloutRequest.checkRange("minHealthyPercentage", minHealthyPercentage, 0, 100);
        if (maxHealthyPercentage != null) {
            RolloutRequest.checkRange("maxHealthyPercentage", maxHealthyPercentage, 100, 200);
            if (maxHealthyPercentage - minHealthyPercentage > 100) {
                throw new InvalidRequestException("maxHealthyPercentage",
                        "it is more than 100 above minHealthyPercentage (" + minHealthyPercentage + ")",
                        "AWS allows a spread of at most 100 points between the two");
            }
        }
        RolloutRequest.checkDuration("instanceWarmupSeconds", instanceWarmup, Duration.ZERO, Duration.ofDays(1), true);
        int previous = 0;
        for (Integer p : checkpointPercentages) {
            if (p == null || p <= previous || p > 100) {
                throw new InvalidRequestException("checkpointPercentages", checkpointPercentages
                        + " is not a rising list of percentages",
                        "give distinct percentages from 1 to 100 in increasing order, e.g. 20,50,100");
            }
            previous = p;
        }
        RolloutRequest.checkDuration("checkpointDelaySeconds", checkpointDelay, Duration.ZERO, Duration.ofSeconds(172_800), true);
        RolloutRequest.checkDuration("bakeTimeSeconds", bakeTime, Duration.ZERO, Duration.ofSeconds(172_800), true);
        if (alarms.size() > MAX_ALARMS) {
            throw new InvalidRequestException("alarms", alarms.size() + " alarms are more than AWS takes (" + MAX_ALARMS + ")",
                    "name at most " + MAX_ALARMS + " alarms; a composite alarm can combine more");
        }
        for (String a : alarms) {
            if (a == null || a.isBlank() || a.length() > 255 || a.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidRequestException("alarms", "'" + LogText.oneLine(String.valueOf(a), 100)
                        + "' is not a CloudWatch alarm name", "give alarm names of 1 to 255 characters, as CloudWatch shows them");
            }
        }
        if (!alarms.isEmpty() && !enabled) {
            throw new InvalidRequestException("alarms", "alarms watch the instance refresh, and refresh is off",
                    "turn refresh on, or leave alarms out");
        }
    }

    private static Integer seconds(Duration d) {
        return d == null ? null : (int) d.toSeconds();
    }
}
