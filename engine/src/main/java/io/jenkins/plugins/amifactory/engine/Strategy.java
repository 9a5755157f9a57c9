package io.jenkins.plugins.amifactory.engine;

/** How the next configuration is written. */
public enum Strategy {
    /** Whatever the group uses now: a launch template (or mixed instances policy) or a launch configuration. */
    AUTO,
    /**
     * A new launch template version. A group on a launch configuration is moved to a launch template made
     * from it (for accounts that can no longer create launch configurations).
     */
    LAUNCH_TEMPLATE,
    /** A new launch configuration; the group must be on one. */
    LAUNCH_CONFIGURATION;

    /** Parses the user-facing spelling ({@code auto}, {@code launchTemplate}, {@code launchConfiguration}). */
    public static Strategy parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "auto" -> AUTO;
            case "launchtemplate", "template", "lt" -> LAUNCH_TEMPLATE;
            case "launchconfiguration", "configuration", "lc" -> LAUNCH_CONFIGURATION;
            default -> throw new InvalidRequestException("strategy",
                    "'" + value + "' is not a strategy", "use auto, launchTemplate or launchConfiguration");
        };
    }

    public String displayName() {
        return switch (this) {
            case AUTO -> "auto";
            case LAUNCH_TEMPLATE -> "launchTemplate";
            case LAUNCH_CONFIGURATION -> "launchConfiguration";
        };
    }
}
