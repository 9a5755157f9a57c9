package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.RolloutStatus;

/**
 * The process exit codes, one per way a command can end, so a script can tell a bad command line from a
 * rollout AWS failed and from one that ran out of time. Documented in docs/cli.md; do not renumber.
 */
public final class ExitCodes {

    /** The rollout succeeded, or the plan was shown. */
    public static final int OK = 0;
    /** Something the tool did not expect: a bug, or a failure outside the rollout. */
    public static final int UNEXPECTED = 1;
    /** Bad input (options, or a group, instance or region AWS does not know); nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** The rollout failed; its failure outcome was applied. */
    public static final int FAILED = 3;
    /** A timeout passed; the --on-timeout outcome was applied. */
    public static final int TIMED_OUT = 4;
    /** Stopped by Ctrl-C; the --on-abort outcome was applied. */
    public static final int ABORTED = 5;
    /**
     * Another rollout holds the group (its lease on the group counts): nothing was changed. Unlike bad input,
     * the same command can work later, once that rollout ends or its lease lapses.
     */
    public static final int HELD = 6;

    private ExitCodes() {
    }

    /** The exit code that reports a finished rollout. */
    public static int of(RolloutStatus status) {
        return switch (status) {
            case SUCCEEDED, PLANNED -> OK;
            case REJECTED -> BAD_INPUT;
            case FAILED -> FAILED;
            case TIMED_OUT -> TIMED_OUT;
            case ABORTED -> ABORTED;
            // The driver only returns terminal results; reaching this is a bug.
            case RUNNING -> UNEXPECTED;
        };
    }
}
