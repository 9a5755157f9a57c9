package io.jenkins.plugins.amifactory.engine.matrix;

import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;

/** Where in a rollout a fault of the reliability matrix strikes. */
public enum MatrixPhase {
    CAPTURE("capture", Phase.IMAGE_CREATE),
    IMAGE_WAIT("image wait", Phase.IMAGE_WAIT),
    CONFIG_WRITE("configuration write", Phase.CONFIG_WRITE),
    GROUP_UPDATE("group update", Phase.GROUP_UPDATE),
    REFRESH_START("refresh start", Phase.REFRESH_START),
    REFRESH_WAIT("refresh wait", Phase.REFRESH_WAIT),
    CLEANUP("cleanup", Phase.CLEANUP),
    /** The revert of a rollout aborted during its Refresh. */
    REVERT("revert", Phase.REVERTING);

    public final String title;
    public final Phase phase;

    MatrixPhase(String title, Phase phase) {
        this.title = title;
        this.phase = phase;
    }

    public boolean forward() {
        return this != CLEANUP && this != REVERT;
    }

    /** The verdict without any fault: a success, or for the revert column the abort that caused it. */
    public RolloutStatus baseline() {
        return this == REVERT ? RolloutStatus.ABORTED : RolloutStatus.SUCCEEDED;
    }

    /**
     * The verdict the rollout must reach. Transient faults, a restart and a second rollout change nothing;
     * what will not heal fails a rollout going forward; an abort aborts it; a deadline stops it before its
     * next change, while a wait that finished meanwhile is a success. Nothing turns a Refresh seen Successful
     * (the cleanup column) into anything else, and a revert always ends as the abort that caused it.
     */
    public RolloutStatus expected(Fault fault, boolean template) {
        if (!forward()) {
            return baseline();
        }
        return switch (fault) {
            case THROTTLING_STORM, AWS_5XX, BARE_5XX, SLOW_ANSWERS, RESTART, CONCURRENT_ROLLOUT -> baseline();
            // One step without a connection fails only a step that calls AWS.
            case CONNECTION_REFUSED -> this == GROUP_UPDATE && template ? baseline() : RolloutStatus.FAILED;
            case CREDENTIALS_EXPIRE -> RolloutStatus.FAILED;
            // A template group with a Refresh is pointed by the Refresh itself: the group update makes no call.
            case RESOURCE_FAILS -> this == GROUP_UPDATE && template ? baseline() : RolloutStatus.FAILED;
            case ABORT, SECOND_ABORT -> RolloutStatus.ABORTED;
            case DEADLINE_BETWEEN_POLLS -> this == REFRESH_WAIT ? baseline() : RolloutStatus.TIMED_OUT;
        };
    }
}
