package io.jenkins.plugins.amifactory.engine;

import java.util.Locale;

/**
 * What a rollout does with what it changed when it stops early: on a timeout ({@code onTimeout}) or an
 * abort ({@code onAbort}), and always {@link #ROLLBACK} after a failure. How the rollout ended is its
 * {@link RolloutStatus}; this is only what the revert does about it.
 */
public enum StopAction {
    /**
     * Put the group back as it was: RollbackInstanceRefresh on a launch template, otherwise cancel the
     * Refresh and point the group back at its previous configuration.
     */
    ROLLBACK,
    /** Cancel the Refresh and point the group back at its previous configuration; replaced instances stay. */
    CANCEL,
    /** Leave the Refresh running and the group on the new configuration; only stop waiting. */
    LEAVE;

    public static StopAction parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return ROLLBACK;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not one of rollback, cancel, leave",
                    "use rollback, cancel or leave");
        }
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
