package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.LedgerEntry;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.engine.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Rollout as a build keeps it: the facts of its {@link RolloutResult}, copied into plain strings, numbers,
 * {@link ArrayList}s and {@link LinkedHashMap}s, because Jenkins writes the build with XStream, which may store
 * neither the engine's classes (a bundled jar) nor the JDK's immutable collections. Everything the build page,
 * the rollout page and the job page show is read from here: nothing is fetched from AWS to show it.
 */
public final class RolloutRecord {

    /** The Auto Scaling group. */
    private final String asg;
    /** How the Rollout ended: a {@code RolloutStatus} name. */
    private final String status;
    /** The group's region; null if the Rollout did not know it. */
    private final String region;
    /** Whether the calls went to an endpoint given instead of AWS's; then there are no AWS console links. */
    private final boolean customEndpoint;
    /** The new Image's id, or null. */
    private final String imageId;
    /** The new Image's name, or null. */
    private final String imageName;
    /** The group's configuration before the Rollout, in words ({@code web-lc-1}, {@code api-lt:7}). */
    private final String previousConfiguration;
    /** The configuration the Rollout wrote, in the same words; null if it wrote none. */
    private final String newConfiguration;
    /** The new launch configuration, or null. */
    private final String launchConfiguration;
    /** The launch template written to, or null. */
    private final String launchTemplateId;
    /** The launch template version written, as text, or null. */
    private final String launchTemplateVersion;
    /** The instance Refresh, or null. */
    private final String refreshId;
    /** The Refresh's status as last seen ({@code Successful}, {@code RollbackSuccessful}, …), or null. */
    private final String refreshStatus;
    /** The Refresh's percentage as last seen, or null. */
    private final Integer refreshPercent;
    /** Why it stopped, in a few words; null when it did not stop early. */
    private final String brief;
    /** Where a stopped Rollout left the group, as a sentence; null otherwise. */
    private final String where;
    /** The full reason it did not succeed, or null. */
    private final String message;
    /** Milliseconds spent in each phase, in the order the phases ran, by phase name. */
    private final LinkedHashMap<String, Long> phaseMillis;
    /** AWS calls made, by action. */
    private final LinkedHashMap<String, Integer> apiCalls;
    /** Every resource made or changed, with what became of it. */
    private final ArrayList<LedgerRow> ledger;
    /** With plan only: the lines of the plan; else empty. */
    private final ArrayList<String> plan;
    /** For a target of a fleet, the fleet's id (its copies' {@code ami-factory:rollout} tag); null otherwise. */
    private final String fleetId;
    /** For a target of a fleet, its place in wave order, from 1; null otherwise. */
    private final Integer targetNumber;
    /** For a target of a fleet, how many targets the fleet has; null otherwise. */
    private final Integer fleetTargets;
    /** For a target of a fleet, how the fleet ended (a {@code RolloutStatus} name), which this target may not have. */
    private final String fleetStatus;

    RolloutRecord(RolloutResult r) {
        this(r, null, null, null, null);
    }

    private RolloutRecord(RolloutResult r, String fleetId, Integer targetNumber, Integer fleetTargets,
                          String fleetStatus) {
        this.fleetId = fleetId;
        this.targetNumber = targetNumber;
        this.fleetTargets = fleetTargets;
        this.fleetStatus = fleetStatus;
        asg = r.asg();
        status = r.status().name();
        region = r.region();
        customEndpoint = r.customEndpoint();
        imageId = r.imageId();
        imageName = r.imageName();
        previousConfiguration = r.previousConfiguration();
        newConfiguration = r.newConfiguration();
        launchConfiguration = r.launchConfiguration();
        launchTemplateId = r.launchTemplateId();
        launchTemplateVersion = r.launchTemplateVersion() == null ? null : String.valueOf(r.launchTemplateVersion());
        refreshId = r.refreshId();
        refreshStatus = r.refreshStatus();
        refreshPercent = r.refreshPercent();
        brief = r.brief();
        where = r.where();
        message = r.message();
        phaseMillis = new LinkedHashMap<>();
        r.phaseDurations().forEach((phase, d) -> phaseMillis.put(phase, d.toMillis()));
        apiCalls = new LinkedHashMap<>(r.apiCalls());
        ledger = new ArrayList<>();
        for (LedgerEntry e : r.ledger()) {
            ledger.add(new LedgerRow(e.kind(), e.id(), e.fate()));
        }
        plan = new ArrayList<>(r.plan());
    }

    /**
     * A fleet as a build keeps it: one record per target whose wave started, in wave order. A fleet that started
     * none (a plan, or a refusal while its targets were checked) is kept from what it knows, so that its build still
     * shows it as a lone Rollout's would: each target with its plan, or the refusal under the first target.
     */
    static List<RolloutRecord> of(FleetResult f, boolean customEndpoint) {
        List<RolloutRecord> records = new ArrayList<>();
        int n = f.targets().size();
        for (int i = 0; i < n; i++) {
            if (f.results().get(i) != null) {
                records.add(new RolloutRecord(f.results().get(i), f.fleetId(), i + 1, n, f.status().name()));
            }
        }
        if (records.isEmpty()) {
            int kept = f.status() == RolloutStatus.PLANNED ? n : 1;
            for (int i = 0; i < kept; i++) {
                List<String> plan = i < f.plans().size() ? f.plans().get(i) : List.of();
                records.add(new RolloutRecord(notStarted(f, i, plan, customEndpoint), f.fleetId(), i + 1, n,
                        f.status().name()));
            }
        }
        return records;
    }

    /** What a target whose wave never started did: nothing, and the fleet's word on why. */
    private static RolloutResult notStarted(FleetResult f, int i, List<String> plan, boolean customEndpoint) {
        Target t = f.targets().get(i);
        return new RolloutResult(null, f.status(), t.asg(), null, null, List.of(), null, null, null, null, null, null,
                null, null, f.message(), Map.of(), Map.of(), List.of(), plan, t.region(), customEndpoint, null, null);
    }

    public String getAsg() {
        return asg;
    }

    /** The fleet this record is a target of, or null for a lone Rollout. */
    public String getFleetId() {
        return fleetId;
    }

    /** Its place in its fleet's wave order, from 1; null for a lone Rollout. */
    public Integer getTargetNumber() {
        return targetNumber;
    }

    /** How many targets its fleet has; null for a lone Rollout. */
    public Integer getFleetTargets() {
        return fleetTargets;
    }

    /** How its fleet ended; null for a lone Rollout. */
    public String getFleetStatus() {
        return fleetStatus;
    }

    public String getStatus() {
        return status;
    }

    public boolean isSucceeded() {
        return "SUCCEEDED".equals(status) || "PLANNED".equals(status);
    }

    public String getRegion() {
        return region;
    }

    public boolean isCustomEndpoint() {
        return customEndpoint;
    }

    public String getImageId() {
        return imageId;
    }

    public String getImageName() {
        return imageName;
    }

    public String getPreviousConfiguration() {
        return previousConfiguration;
    }

    public String getNewConfiguration() {
        return newConfiguration;
    }

    public String getLaunchConfiguration() {
        return launchConfiguration;
    }

    public String getLaunchTemplateId() {
        return launchTemplateId;
    }

    public String getLaunchTemplateVersion() {
        return launchTemplateVersion;
    }

    public String getRefreshId() {
        return refreshId;
    }

    public String getRefreshStatus() {
        return refreshStatus;
    }

    public Integer getRefreshPercent() {
        return refreshPercent;
    }

    /** Why it stopped, in a few words, or null. */
    public String getBrief() {
        return brief;
    }

    /** Where a stopped Rollout left the group, or null. */
    public String getWhere() {
        return where;
    }

    /** Why the Rollout did not succeed, in full, or null. */
    public String getMessage() {
        return message;
    }

    public List<LedgerRow> getLedger() {
        return ledger == null ? List.of() : Collections.unmodifiableList(ledger);
    }

    public List<String> getPlan() {
        return plan == null ? List.of() : Collections.unmodifiableList(plan);
    }

    /** The plan as the console and the command line print it, one line each. */
    public String getPlanText() {
        return String.join("\n", getPlan());
    }

    /** The phases in the order they ran, with how long each took. */
    public Map<String, Duration> getPhases() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        if (phaseMillis != null) {
            phaseMillis.forEach((phase, ms) -> phases.put(phase, Duration.ofMillis(ms)));
        }
        return phases;
    }

    /** The time of all phases together, in words. */
    public String getDuration() {
        return Durations.words(getPhases().values().stream().reduce(Duration.ZERO, Duration::plus));
    }

    /** AWS calls by action, the busiest first. */
    public List<Map.Entry<String, Integer>> getCalls() {
        List<Map.Entry<String, Integer>> calls = new ArrayList<>(apiCalls == null ? Map.<String, Integer>of().entrySet()
                : apiCalls.entrySet());
        calls.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return calls;
    }

    public int getTotalCalls() {
        return apiCalls == null ? 0 : apiCalls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The Jenkins symbol for how it ended: the colours of a build's own status. */
    public String getIconName() {
        return switch (status) {
            case "SUCCEEDED" -> "symbol-status-blue";
            case "PLANNED" -> "symbol-status-nobuilt";
            case "ABORTED" -> "symbol-status-aborted";
            case "TIMED_OUT" -> "symbol-status-yellow";
            default -> "symbol-status-red";
        };
    }

    /** How it ended, in one sentence for the rollout page, which shows the full reason beside it. */
    public String getVerdict() {
        return switch (status) {
            case "SUCCEEDED" -> Messages.Record_Succeeded(asg, newConfiguration, imageId);
            case "PLANNED" -> Messages.Record_Planned();
            case "REJECTED" -> Messages.Record_Rejected();
            default -> Messages.Record_Stopped(ConsoleRolloutListener.capitalized(brief != null ? brief : status),
                    where != null ? where : Messages.Record_GroupUnknown(asg));
        };
    }

    /** One line for the build page: outcome, configuration, Image, Refresh and how long it took. */
    public String getSummary() {
        List<String> parts = new ArrayList<>();
        parts.add("SUCCEEDED".equals(status) ? Messages.Record_Configuration(previousConfiguration, newConfiguration)
                : getVerdict());
        if (imageId != null) {
            parts.add(Messages.Record_Image(imageName, imageId));
        }
        if (refreshId != null) {
            parts.add(Messages.Record_Refresh(refreshId, refreshStatus));
        }
        String summary = Messages.Record_Summary(asg, status, getDuration(), String.join(" ", parts));
        return fleetId == null ? summary : Messages.Record_Target(targetNumber, fleetTargets, region) + " " + summary;
    }


    /** Links to this Rollout's resources in the AWS console; none for a custom endpoint or an unknown partition. */
    public List<AwsConsoleLinks.Link> getConsoleLinks() {
        return customEndpoint ? List.of() : AwsConsoleLinks.of(region, asg, imageId, launchTemplateId,
                launchConfiguration);
    }

    public PhaseTimeline getTimeline() {
        return new PhaseTimeline(getPhases());
    }

    /** One ledger entry as the build keeps it. */
    public static final class LedgerRow {
        /** What it is: {@code image}, {@code snapshot}, {@code launch configuration}, … */
        private final String kind;
        /** Its AWS id or name. */
        private final String id;
        /** What became of it, as a plain phrase. */
        private final String fate;

        LedgerRow(String kind, String id, String fate) {
            this.kind = kind;
            this.id = id;
            this.fate = fate;
        }

        public String getKind() {
            return kind;
        }

        public String getId() {
            return id;
        }

        public String getFate() {
            return fate;
        }
    }
}
