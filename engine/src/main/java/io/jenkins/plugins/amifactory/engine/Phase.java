package io.jenkins.plugins.amifactory.engine;

/**
 * Where a rollout is. The forward phases run in declaration order (some are skipped: Standby only with
 * reboot for an instance in the group, Standby and the Image's creation with a given Image, the Refresh phases
 * when the Refresh is off, {@link #HELD} unless asked for); {@link #REVERTING}
 * undoes a failed, timed-out or aborted rollout as its outcome says; {@link #FINISHED} is terminal.
 */
public enum Phase {
    /** Checks the group, the instance and the configuration; nothing changes in AWS. */
    PREFLIGHT("preflight"),
    /** Puts the source instance in Standby so that Auto Scaling does not replace it while it reboots. */
    STANDBY("standby"),
    /** Asks EC2 for the Image (CreateImage). */
    IMAGE_CREATE("image"),
    /** Waits until the Image is available. */
    IMAGE_WAIT("image wait"),
    /** Writes the group's next launch configuration or launch template version. */
    CONFIG_WRITE("config write"),
    /** Points the group at the new configuration. */
    GROUP_UPDATE("group update"),
    /** Starts the instance Refresh. */
    REFRESH_START("refresh start"),
    /** Waits for the Refresh to finish healthy. */
    REFRESH_WAIT("refresh wait"),
    /**
     * With holdAfterRefresh: the Refresh was healthy (or the group pointed, without one) and the rollout holds
     * the group on the new configuration, renewing its lease and nothing else, until it is released (to the
     * cleanup) or rolled back.
     */
    HELD("held"),
    /** Applies retention: older Images and launch configurations this tool made for the group. */
    CLEANUP("cleanup"),
    /** Undoes what the outcome asks for after a failure, timeout or abort. */
    REVERTING("reverting"),
    /** Nothing more to do. */
    FINISHED("finished");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The name used in log lines and summaries. */
    public String label() {
        return label;
    }
}
