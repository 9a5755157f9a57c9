package io.jenkins.plugins.amifactory.engine;

/** How a rollout ended, or that it has not. */
public enum RolloutStatus {
    RUNNING,
    /** The group runs the new Image (and the Refresh, if any, succeeded). */
    SUCCEEDED,
    /** Plan only: nothing was changed. */
    PLANNED,
    /** Bad input, found before anything changed in AWS; the message names the field and the fix. */
    REJECTED,
    /** AWS refused or failed a step, or the Refresh failed; the outcome was applied. */
    FAILED,
    /** A deadline passed; the timeout outcome was applied. */
    TIMED_OUT,
    /** Stopped by the user; the abort outcome was applied. */
    ABORTED;

    public boolean isTerminal() {
        return this != RUNNING;
    }

    public boolean isSuccess() {
        return this == SUCCEEDED || this == PLANNED;
    }
}
