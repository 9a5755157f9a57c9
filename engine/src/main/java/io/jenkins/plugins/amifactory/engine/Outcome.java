package io.jenkins.plugins.amifactory.engine;

import java.util.Locale;

/** What a rollout does with a refresh that is still running when it times out or is aborted. */
public enum Outcome {
    /**
     * Put the group back as it was: RollbackInstanceRefresh on a launch template, otherwise cancel the
     * refresh and point the group back at its previous configuration.
     */
    ROLLBACK,
    /** Cancel the refresh and point the group back at its previous configuration; replaced instances stay. */
    CANCEL,
    /** Leave the refresh running and the group on the new configuration; only stop waiting. */
    LEAVE;

    public static Outcome parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return ROLLBACK;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not an outcome", "use rollback, cancel or leave");
        }
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
