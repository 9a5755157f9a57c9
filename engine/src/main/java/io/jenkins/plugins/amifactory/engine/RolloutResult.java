package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished (or planned) rollout did: the Image and its snapshots, the configuration before and
 * after, the Refresh and how it ended, how long each phase took, how many AWS calls it made, and the
 * ledger of every resource it created with what became of it.
 *
 * @param launchConfiguration the new launch configuration, or null
 * @param launchTemplateId    the launch template written to, or null
 * @param launchTemplateVersion the new version, or null
 * @param message             why it did not succeed, in full: the first failure, what the revert met, where the
 *                            group is; null on success
 * @param plan                for plan only: the field-by-field differences, else empty
 * @param region              the region of the group
 * @param customEndpoint      whether the calls went to an endpoint given instead of AWS's own
 * @param brief               why it stopped, in a few words ({@code the Refresh was rolled back by AWS}); null
 *                            when it did not stop early
 * @param where               where a stopped rollout left the group, as one sentence; null otherwise
 * @param phase               where the rollout is: {@link Phase#FINISHED} once it ended, {@link Phase#HELD} for a
 *                            running rollout held after a healthy Refresh; null in a result made without one
 */
public record RolloutResult(String rolloutId, RolloutStatus status, String asg, String imageId, String imageName,
                            List<String> snapshotIds, String previousConfiguration, String newConfiguration,
                            String launchConfiguration, String launchTemplateId, Long launchTemplateVersion,
                            String refreshId, String refreshStatus, Integer refreshPercent, String message,
                            Map<String, Duration> phaseDurations, Map<String, Integer> apiCalls,
                            List<LedgerEntry> ledger, List<String> plan, String region, boolean customEndpoint,
                            String brief, String where, Phase phase) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public RolloutResult {
        snapshotIds = List.copyOf(snapshotIds);
        phaseDurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseDurations));
        apiCalls = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(apiCalls));
        ledger = List.copyOf(ledger);
        plan = List.copyOf(plan);
    }

    /** A result without a phase, as results were made before rollouts could be held. */
    public RolloutResult(String rolloutId, RolloutStatus status, String asg, String imageId, String imageName,
                         List<String> snapshotIds, String previousConfiguration, String newConfiguration,
                         String launchConfiguration, String launchTemplateId, Long launchTemplateVersion,
                         String refreshId, String refreshStatus, Integer refreshPercent, String message,
                         Map<String, Duration> phaseDurations, Map<String, Integer> apiCalls,
                         List<LedgerEntry> ledger, List<String> plan, String region, boolean customEndpoint,
                         String brief, String where) {
        this(rolloutId, status, asg, imageId, imageName, snapshotIds, previousConfiguration, newConfiguration,
                launchConfiguration, launchTemplateId, launchTemplateVersion, refreshId, refreshStatus, refreshPercent,
                message, phaseDurations, apiCalls, ledger, plan, region, customEndpoint, brief, where, null);
    }

    static RolloutResult of(RolloutState s, RolloutRequest request, List<String> plan) {
        Map<String, Duration> durations = new LinkedHashMap<>();
        s.phaseDurations.forEach((p, d) -> durations.put(p.label(), d));
        return new RolloutResult(s.rolloutId, s.status, request.asg(), s.image.id, s.image.name, s.image.snapshotIds,
                s.previousConfiguration(), s.newConfiguration(), s.written.launchConfiguration,
                s.written.templateVersion != null ? s.written.templateId : null, s.written.templateVersion,
                s.refresh.id, s.refresh.status, s.refresh.percent, s.failure, durations, s.apiCalls, s.ledger, plan,
                request.region(), request.endpoints().custom(), s.brief, s.where, s.phase);
    }

    public boolean succeeded() {
        return status.isSuccess();
    }

    /**
     * How it ended, in one sentence that a log can end with: {@code Rollout of group 'api' FAILED: the Refresh was
     * rolled back by AWS (reason above). Group 'api' is on api-lt:2 (its previous configuration).} It refers to the
     * full reason, which the listener was told when it happened, instead of repeating it.
     */
    public String verdict() {
        return "Rollout of group '" + asg + "' " + status + ": " + outcome();
    }

    /** The verdict without its subject: what it means for the group. */
    public String outcome() {
        return switch (status) {
            case SUCCEEDED -> "group '" + asg + "' is on " + newConfiguration + " with Image " + imageId + ".";
            case PLANNED -> "nothing was changed in AWS.";
            case RUNNING -> phase == Phase.HELD ? "held after a healthy refresh: group '" + asg + "' is on "
                    + newConfiguration + " with Image " + imageId + " until the rollout is released or rolled back."
                    : "still running.";
            case REJECTED -> "nothing was changed in AWS (reason above).";
            case FAILED, TIMED_OUT, ABORTED -> (brief != null ? brief : "it stopped early") + " (reason above)."
                    + (where != null ? " " + where + "." : "");
        };
    }

    /** Total AWS calls. */
    public int totalApiCalls() {
        return apiCalls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The result as plain strings, numbers and lists, for a Jenkinsfile ({@code r.imageId}) or JSON.
     * Absent values are left out.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "rolloutId", rolloutId);
        put(m, "status", status.name());
        put(m, "asg", asg);
        put(m, "imageId", imageId);
        put(m, "imageName", imageName);
        put(m, "snapshotIds", List.copyOf(snapshotIds));
        put(m, "previousConfiguration", previousConfiguration);
        put(m, "newConfiguration", newConfiguration);
        put(m, "launchConfiguration", launchConfiguration);
        put(m, "launchTemplateId", launchTemplateId);
        put(m, "launchTemplateVersion", launchTemplateVersion == null ? null : String.valueOf(launchTemplateVersion));
        put(m, "refreshId", refreshId);
        put(m, "refreshStatus", refreshStatus);
        put(m, "refreshPercent", refreshPercent);
        put(m, "message", message);
        Map<String, Object> durations = new LinkedHashMap<>();
        phaseDurations.forEach((k, v) -> durations.put(k, v.toSeconds()));
        m.put("phaseSeconds", durations);
        m.put("apiCalls", new LinkedHashMap<>(apiCalls));
        m.put("ledger", ledger.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", e.kind());
            row.put("id", e.id());
            row.put("fate", e.fate());
            return row;
        }).toList());
        if (!plan.isEmpty()) {
            m.put("plan", List.copyOf(plan));
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
