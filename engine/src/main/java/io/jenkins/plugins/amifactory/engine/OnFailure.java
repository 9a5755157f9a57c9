package io.jenkins.plugins.amifactory.engine;

import java.util.Locale;

/** What a {@link Fleet} does with the waves already done when a later one fails. */
public enum OnFailure {
    /** Roll every wave back too, so the whole fleet ends on the Images it ran before. */
    ROLLBACK_ALL("rollbackAll"),
    /** Roll back only the wave that failed; the waves already done keep the new Image. */
    ROLLBACK_FAILED("rollbackFailed");

    private final String displayName;

    OnFailure(String displayName) {
        this.displayName = displayName;
    }

    /** The spelling the step and the command line use. */
    public String displayName() {
        return displayName;
    }

    /** {@code rollbackAll} or {@code rollbackFailed} (any case, dashes allowed); null for the default. */
    public static OnFailure parse(String text) {
        if (text == null || text.isBlank()) {
            return ROLLBACK_ALL;
        }
        String t = text.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (OnFailure f : values()) {
            if (f.displayName.toLowerCase(Locale.ROOT).equals(t)) {
                return f;
            }
        }
        throw new InvalidRequestException("onFailure", "'" + text + "' is not a failure policy",
                "use rollbackAll (every wave goes back) or rollbackFailed (only the failed wave does)");
    }
}
