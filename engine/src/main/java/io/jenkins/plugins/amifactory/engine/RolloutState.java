package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of one rollout: where it is, the ids of what it created, its deadlines. It is everything a
 * new {@link Rollout} needs to continue after a restart, and it is what Jenkins persists with a running
 * step, so it holds no client, no credential and nothing derivable. Each side effect's intent (the Image
 * name, the client token) is recorded before the call, so that a rollout resumed from a state saved just
 * before a crash finds what it already created instead of creating it twice.
 */
public final class RolloutState implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What the group was pointed at before the rollout: the configuration to return to. */
    public enum ConfigKind { LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE, MIXED_INSTANCES }

    /** Identifies this rollout in tags and client tokens; survives restarts so reconciliation can find our resources. */
    final String rolloutId;
    /** When the rollout started; the overall deadline and the Image name's date come from it. */
    final Instant startedAt;
    /** The overall deadline. */
    final Instant deadline;
    /** The phase to continue in after a restart. */
    Phase phase = Phase.PREFLIGHT;
    /** When the current phase started (for per-phase durations). */
    Instant phaseStartedAt;
    /** Running, or how the rollout ended: a finished rollout resumed by mistake only reports its result. */
    RolloutStatus status = RolloutStatus.RUNNING;
    /** Durations of finished phases, for the result; kept so a resumed rollout still reports them all. */
    final Map<Phase, Duration> phaseDurations = new EnumMap<>(Phase.class);

    /** The expanded Image name, fixed at preflight so a resumed rollout looks for the same one. */
    String imageName;
    /** How the group was configured before: kind, and the launch configuration or template it used. */
    ConfigKind previousKind;
    /** Launch configuration the group used, when {@link #previousKind} is LAUNCH_CONFIGURATION. */
    String previousLaunchConfiguration;
    /** Launch template id (template and mixed instances groups, or the one made from a launch configuration). */
    String templateId;
    /** Launch template name, for messages. */
    String templateName;
    /** The version as the group named it ({@code $Latest}, {@code $Default} or a number): restored on rollback. */
    String previousTemplateVersion;
    /** That version resolved to a number when the rollout started: the source of the new version. */
    Long previousTemplateVersionNumber;
    /** Whether the rollout writes a launch template version (true) or a launch configuration (false). */
    boolean writesTemplate;
    /** Whether the group moves from its launch configuration to a launch template this rollout makes. */
    boolean migratesToTemplate;
    /** The Image the group's instances ran before. */
    String previousImageId;

    /** Whether the source instance was put in Standby by this rollout and has not yet been returned. */
    boolean instanceInStandby;
    /** The new Image; a resumed rollout waits for it instead of making another. */
    String imageId;
    /** The new Image's snapshots, once known: removed with an Image that never became available. */
    final List<String> snapshotIds = new ArrayList<>();
    /** When CreateImage was accepted; the image deadline counts from it. */
    Instant imageRequestedAt;
    /** The new launch configuration's name. */
    String newLaunchConfiguration;
    /** The new launch template version. */
    Long newTemplateVersion;
    /** Whether UpdateAutoScalingGroup pointed the group at the new configuration. */
    boolean groupUpdated;
    /**
     * Whether the group, which named its template version by an alias ({@code $Latest}, {@code $Default}),
     * was pinned to the number the alias meant: AWS rolls back only to a numbered version, and a new
     * version must not reach {@code $Latest} groups before the Refresh does.
     */
    boolean groupPinned;
    /** With setDefaultVersion: the template's default version before the rollout, read at preflight. */
    Long defaultVersionBefore;
    /** Whether the rollout made its new version the template's default (and a revert must undo it). */
    boolean defaultMoved;
    /** The Refresh. */
    String refreshId;
    /** When the Refresh started; the rollout deadline counts from it. */
    Instant refreshStartedAt;
    /** The Refresh's last seen status, for messages and for the outcome of a resumed wait. */
    String refreshStatus;
    /** The Refresh's last seen percentage complete, so a timeout can say how far it got. */
    Integer refreshPercent;
    /** AWS's last status reason for the Refresh, quoted when it fails. */
    String refreshStatusReason;

    /** Why the rollout is reverting (null while going forward): a resumed rollout goes on reverting. */
    RolloutStatus stopping;
    /** The outcome being applied while reverting, fixed when the revert began. */
    Outcome outcome;
    /** Whether the revert asked AWS to roll back or cancel the Refresh, so a resumed revert does not ask twice. */
    boolean revertRefreshRequested;
    /** Whether the Refresh has stopped (or could not be stopped), so the revert moves on to the group. */
    boolean revertRefreshDone;
    /** Whether the group was pointed back at its previous configuration. */
    boolean revertGroupDone;
    /** The first failure, in words (names the group, the refresh, how far it got, AWS's reason). */
    String failure;
    /** Every resource created or changed, with its fate. */
    final List<LedgerEntry> ledger = new ArrayList<>();
    /** Consecutive throttled or transient failures, so the backoff keeps growing across a restart. */
    int consecutiveErrors;
    /** AWS calls made, by action name, for the result (a resumed rollout adds to them). */
    final Map<String, Integer> apiCalls = new java.util.TreeMap<>();

    RolloutState(String rolloutId, Instant startedAt, Instant deadline) {
        this.rolloutId = rolloutId;
        this.startedAt = startedAt;
        this.deadline = deadline;
        this.phaseStartedAt = startedAt;
    }

    public String rolloutId() {
        return rolloutId;
    }

    public Phase phase() {
        return phase;
    }

    public RolloutStatus status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant deadline() {
        return deadline;
    }

    public String imageId() {
        return imageId;
    }

    public String refreshId() {
        return refreshId;
    }

    public Integer refreshPercent() {
        return refreshPercent;
    }

    public String failure() {
        return failure;
    }

    public List<LedgerEntry> ledger() {
        return List.copyOf(ledger);
    }

    /** Adds or updates the entry for {@code kind}/{@code id}. */
    void record(String kind, String id, String fate) {
        for (int i = 0; i < ledger.size(); i++) {
            LedgerEntry e = ledger.get(i);
            if (e.kind().equals(kind) && e.id().equals(id)) {
                ledger.set(i, e.withFate(fate));
                return;
            }
        }
        ledger.add(new LedgerEntry(kind, id, fate));
    }

    void countCall(String action) {
        apiCalls.merge(action, 1, Integer::sum);
    }

    /** The new configuration in words: a launch configuration name or {@code template:version}. */
    public String newConfiguration() {
        if (newLaunchConfiguration != null) {
            return newLaunchConfiguration;
        }
        return newTemplateVersion == null ? null : templateLabel() + ":" + newTemplateVersion;
    }

    /** The configuration before the rollout, in words. */
    public String previousConfiguration() {
        if (previousKind == null) {
            return null;
        }
        return previousKind == ConfigKind.LAUNCH_CONFIGURATION ? previousLaunchConfiguration
                : templateLabel() + ":" + previousTemplateVersion;
    }

    String templateLabel() {
        return templateName != null ? templateName : templateId;
    }
}
