package io.jenkins.plugins.amifactory.simulator.autoscaling;

/**
 * The states of an instance refresh, with AWS's names:
 * <pre>
 * Pending ─► InProgress ─┬─► [Baking] ─► Successful
 *                        ├─► Failed
 *                        ├─► RollbackInProgress ─► RollbackSuccessful | RollbackFailed
 *                        └─► Cancelling ─► Cancelled
 * </pre>
 * Cancelling is reachable from every active state, RollbackInProgress from Pending, InProgress and Baking.
 */
public enum RefreshStatus {
    PENDING("Pending"),
    IN_PROGRESS("InProgress"),
    BAKING("Baking"),
    SUCCESSFUL("Successful"),
    FAILED("Failed"),
    CANCELLING("Cancelling"),
    CANCELLED("Cancelled"),
    ROLLBACK_IN_PROGRESS("RollbackInProgress"),
    ROLLBACK_SUCCESSFUL("RollbackSuccessful"),
    ROLLBACK_FAILED("RollbackFailed");

    private final String awsName;

    RefreshStatus(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }

    /** Not finished: blocks another StartInstanceRefresh and can be cancelled. */
    public boolean isActive() {
        return this == PENDING || this == IN_PROGRESS || this == BAKING || this == CANCELLING
                || this == ROLLBACK_IN_PROGRESS;
    }

    /** Moving forward to the desired configuration, so it can still be rolled back. */
    public boolean canRollBack() {
        return this == PENDING || this == IN_PROGRESS || this == BAKING;
    }
}
