package io.jenkins.plugins.amifactory.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts of one rollout: where it is, the ids of what it created, its deadlines. It is everything a
 * new {@link Rollout} needs to continue after a restart, and it is what Jenkins persists with a running
 * step, so it holds no client, no credential and nothing derivable. Each side effect's intent (the Image
 * name, the client token) is recorded before the call, so that a rollout resumed from a state saved just
 * before a crash finds what it already created instead of creating it twice.
 *
 * <p>The facts are grouped by what they are about: {@link #before} (the configuration to return to),
 * {@link #image}, {@link #written} (the next configuration and the group's pointer to it), {@link #refresh}
 * and {@link #revert}. The saved form is flat and fixed ({@link SavedForm}), so regrouping never breaks a
 * saved rollout.
 */
public final class RolloutState implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    @Serial
    private static final ObjectStreamField[] serialPersistentFields = SavedForm.STATE_FIELDS;

    /** What the group was pointed at before the rollout: the configuration to return to. */
    public enum ConfigKind { LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE, MIXED_INSTANCES }

    /** Identifies this rollout in tags and client tokens, so a resumed rollout recognises what it made. */
    final String rolloutId;
    /** When the rollout started; the overall deadline and the Image name's date come from it. */
    final Instant startedAt;
    /** When the whole rollout must be over ({@code timeoutMinutes} after the start). */
    final Instant deadline;
    /** The phase to continue in after a restart. */
    Phase phase = Phase.PREFLIGHT;
    /** When the current phase started, for per-phase durations. */
    Instant phaseStartedAt;
    /** Running, or how the rollout ended: a finished rollout resumed by mistake only reports its result. */
    RolloutStatus status = RolloutStatus.RUNNING;
    /** Durations of finished phases, kept so a resumed rollout still reports them all. */
    final Map<Phase, Duration> phaseDurations = new EnumMap<>(Phase.class);
    /** The configuration to return to. */
    final Before before = new Before();
    /** The new Image and its snapshots. */
    final ImageFacts image = new ImageFacts();
    /** The next configuration and the group's pointer to it. */
    final Written written = new Written();
    /** The instance Refresh as last seen. */
    final RefreshFacts refresh = new RefreshFacts();
    /** Why the rollout stops early and how far its revert got. */
    final Revert revert = new Revert();
    /** The rollout's lease on its group. */
    final LeaseFacts lease = new LeaseFacts();
    /** The first failure in words (the group, the Refresh, how far it got, AWS's reason), then what the revert met. */
    String failure;
    /** That first failure in a few words, for a verdict that refers to the full reason instead of repeating it. */
    String brief;
    /** Where a stopped rollout left the group, as one sentence; null until it finished. */
    String where;
    /**
     * Whether a held rollout was released ({@link Rollout#release()}): its next step leaves {@link Phase#HELD}
     * for the cleanup. Saved as {@code heldReleased}, so that a release survives a restart before that step.
     */
    boolean released;
    /** Every resource created or changed, with its fate. */
    final List<LedgerEntry> ledger = new ArrayList<>();
    /** Failures in a row of {@link #failingAction}, so retries stay bounded and backoff grows across a restart. */
    int consecutiveErrors;
    /** The AWS action that failed last, until a step gets through. */
    String failingAction;
    /** AWS calls made, by action, for the result; a resumed rollout adds to them. */
    final Map<String, Integer> apiCalls = new TreeMap<>();
    /** Retention's scan and removals while the rollout cleans up; not saved (see {@link Retention.Work}). */
    transient Retention.Work retention;
    /** Set by an abort during the cleanup: the verdict stands, and retention stops where it is. Not saved. */
    transient boolean retentionCut;
    /** What the current wait has learnt of AWS's pace, to predict its end; not saved (see {@link Pace}). */
    transient Pace pace;
    /** Only between readObject and readResolve: the state read from the saved form. */
    private transient RolloutState restored;

    /** The configuration the group had, read in preflight: what a revert returns to. */
    static final class Before {
        /** Launch configuration, template, or template inside a mixed instances policy. */
        ConfigKind kind;
        /** The launch configuration's name, for a launch-configuration group. */
        String launchConfiguration;
        /** The template version as the group named it ({@code $Latest}, {@code $Default} or a number): restored on revert. */
        String templateVersion;
        /** That version as a number when the rollout started: the source of the new version. */
        Long templateVersionNumber;
        /** The Image the group's instances ran. */
        String imageId;
        /** With setDefaultVersion: the template's default version, read before anything changed. */
        Long defaultVersion;
    }

    /** The new Image, and the source instance's Standby while it is made. */
    static final class ImageFacts {
        /** The expanded name, fixed in preflight so a resumed rollout looks for the same Image. */
        String name;
        /** Its id once CreateImage answered; a resumed rollout waits for it instead of making another. */
        String id;
        /** Its snapshots, once EC2 lists them: removed with an Image that never became available. */
        final List<String> snapshotIds = new ArrayList<>();
        /** When CreateImage was accepted; the Image deadline counts from it. */
        Instant requestedAt;
        /** Whether this rollout put the source instance in Standby and has not yet returned it. */
        boolean instanceInStandby;
    }

    /** The next configuration, and whether the group points at it. */
    static final class Written {
        /** Whether the rollout writes a launch template version (true) or a launch configuration (false). */
        boolean template;
        /** Whether the group moves from its launch configuration to a launch template this rollout makes. */
        boolean migratesToTemplate;
        /** The template written to: the group's own, or the one made from its launch configuration. */
        String templateId;
        /** That template's name, for messages. */
        String templateName;
        /** The new launch configuration's name. */
        String launchConfiguration;
        /** The new template version's number. */
        Long templateVersion;
        /** Whether the group was pointed at the new configuration (directly, or by a successful Refresh). */
        boolean groupUpdated;
        /**
         * Whether the group, which named its version by an alias ({@code $Latest}, {@code $Default}), was pinned
         * to the number the alias meant: AWS rolls back only to a numbered version, and a new version must not
         * reach {@code $Latest} groups before the Refresh does.
         */
        boolean groupPinned;
        /** Whether the new version was made the template's default, which a revert undoes. */
        boolean defaultMoved;
    }

    /** The instance Refresh as last seen: what a resumed wait, a timeout message and the result need. */
    static final class RefreshFacts {
        /** Its id; a resumed rollout follows it instead of starting another. */
        String id;
        /** When it started; the Refresh deadline counts from it. */
        Instant startedAt;
        /** Its last seen status, for messages and for the outcome of a resumed wait. */
        String status;
        /** Its last seen percentage, so a timeout can say how far it got. */
        Integer percent;
        /** AWS's last reason for its status, quoted when it fails. */
        String statusReason;
    }

    /** Stopping early: why, what to do, and how far the revert got, so a resumed revert asks nothing twice. */
    static final class Revert {
        /** Why the rollout stops (null while going forward): a resumed rollout goes on reverting. */
        RolloutStatus cause;
        /** What the revert does, fixed when it began. */
        StopAction action;
        /** Whether AWS was asked to roll back or cancel the Refresh. */
        boolean refreshRequested;
        /** Whether the Refresh has stopped (or could not be stopped), so the revert moves on to the group. */
        boolean refreshDone;
        /** Whether the group was pointed back at its previous configuration. */
        boolean groupDone;
        /** Whether the user aborted while the rollout already reverted a failure or a timeout. */
        boolean userAborted;
        /** Whether a second abort stopped the revert itself: the next step only reports where everything is. */
        boolean abandoned;
        /**
         * A Refresh back to the previous configuration, where AWS cannot roll back (launch configurations): it
         * replaces the instances that already run the new Image.
         */
        String refreshBackId;
        /** When that Refresh started. */
        Instant refreshBackStartedAt;
        /** Whether the instances are settled: back on the previous Image, or left as they are and said so. */
        boolean instancesDone;
        /** Whether the group named someone else's configuration, so the revert left it (and said so once). */
        boolean groupLeft;
    }

    /** The lease on the group ({@link GroupLease}). */
    static final class LeaseFacts {
        /** When this rollout last wrote its lease; null while it holds none (before preflight, after the end). */
        Instant renewedAt;
    }

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
        return image.id;
    }

    public String refreshId() {
        return refresh.id;
    }

    public Integer refreshPercent() {
        return refresh.percent;
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

    /** The current wait's pace, learnt afresh after a restart. */
    Pace pace() {
        if (pace == null) {
            pace = new Pace();
        }
        return pace;
    }

    /**
     * Whether the rollout is or was held after a healthy Refresh: from then on whoever holds it owns the
     * deadline, and the rollout's own overall deadline no longer stops it.
     */
    boolean wasHeld() {
        return phase == Phase.HELD || phaseDurations.containsKey(Phase.HELD);
    }

    /** Whether the rollout is stopping early and applying its {@link Revert#action}. */
    boolean stopping() {
        return revert.cause != null;
    }

    /** The new configuration in words: a launch configuration name or {@code template:version}. */
    public String newConfiguration() {
        if (written.launchConfiguration != null) {
            return written.launchConfiguration;
        }
        return written.templateVersion == null ? null : templateLabel() + ":" + written.templateVersion;
    }

    /** The configuration before the rollout, in words. */
    public String previousConfiguration() {
        if (before.kind == null) {
            return null;
        }
        return before.kind == ConfigKind.LAUNCH_CONFIGURATION ? before.launchConfiguration
                : templateLabel() + ":" + before.templateVersion;
    }

    String templateLabel() {
        return written.templateName != null ? written.templateName : written.templateId;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        SavedForm.write(this, out.putFields());
        out.writeFields();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        restored = SavedForm.readState(in.readFields());
    }

    @Serial
    private Object readResolve() {
        return restored;
    }
}
