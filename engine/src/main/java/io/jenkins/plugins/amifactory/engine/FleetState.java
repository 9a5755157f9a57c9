package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts of one {@link Fleet}: the state of each target's rollout (null until its wave starts), the Image's
 * copies into the other regions, and why the fleet stops. Like {@link RolloutState} it is what Jenkins persists
 * with a running step and all a new {@link Fleet} needs to continue; it holds no client and no credential.
 */
public final class FleetState implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Where a fleet is. */
    public enum Stage {
        /** Every target is checked (a plan of each) before anything changes. */
        CHECK,
        /** The waves roll; the Image is made and copied on the way. */
        ROLL,
        /** Nothing more to do. */
        DONE
    }

    /** The copy of the Image in one region. */
    static final class Copy implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        /** Its id once CopyImage answered; a resumed fleet asks again with the same client token otherwise. */
        String imageId;
        /** When CopyImage was accepted. */
        Instant requestedAt;
        /** The KMS key it is encrypted with, or null. */
        String kmsKeyId;
    }

    /** Names the fleet in client tokens and log lines; the first target's rollout has its own id. */
    final String fleetId;
    /** When the fleet started. */
    final Instant startedAt;
    /** When every wave must be over ({@code timeoutMinutes} after the start). */
    final Instant deadline;
    /** The stage to continue in after a restart. */
    Stage stage = Stage.CHECK;
    /** Running, or how the fleet ended. */
    RolloutStatus status = RolloutStatus.RUNNING;
    /** How many targets the check stage has planned. */
    int checked;
    /** The plans of a plan-only fleet, target by target. */
    final List<List<String>> plans = new ArrayList<>();
    /** Each target's rollout, in target order; null until its wave starts. */
    final List<RolloutState> rollouts = new ArrayList<>();
    /**
     * When each target's rollout wants its next step, in target order (null: at once). Saved so that a fleet
     * resumed often still gives every target its turn, instead of starting over with the first.
     */
    final List<Instant> due = new ArrayList<>();
    /** Region to the Image's copy there. */
    final Map<String, Copy> copies = new TreeMap<>();
    /** Why the fleet stops (null while it goes forward). */
    RolloutStatus stopCause;
    /** The target whose failure stopped the fleet, or -1 (a timeout or an abort). */
    int failedTarget = -1;
    /** Why the fleet stops, in words; then the verdict. */
    String failure;
    /** What became of the copies. */
    final List<LedgerEntry> ledger = new ArrayList<>();
    /** The AWS calls the fleet made itself (the checks, the copies), by action; each rollout counts its own. */
    final Map<String, Integer> apiCalls = new TreeMap<>();

    FleetState(String fleetId, Instant startedAt, Instant deadline, int targets) {
        this.fleetId = fleetId;
        this.startedAt = startedAt;
        this.deadline = deadline;
        for (int i = 0; i < targets; i++) {
            rollouts.add(null);
            due.add(null);
        }
    }

    public Stage stage() {
        return stage;
    }

    public RolloutStatus status() {
        return status;
    }

    void record(String kind, String id, String fate) {
        ledger.removeIf(e -> e.kind().equals(kind) && e.id().equals(id));
        ledger.add(new LedgerEntry(kind, id, fate));
    }
}
