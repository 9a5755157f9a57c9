package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The words an instance refresh reports: its status reasons, why it rolls back, why it failed. The
 * product's operators read these, and tests pin several of them.
 */
final class RefreshMessages {

    private RefreshMessages() {
    }

    static String cancelling() {
        return "The instance refresh is being cancelled at the request of a user.";
    }

    static String cancelled() {
        return "The instance refresh was cancelled at the request of a user.";
    }

    /** The RollbackReason of a rollback a user asked for, or of one after {@code failure}. */
    static String rollbackReason(String failure, boolean manual) {
        return manual ? "Rollback started by a user request (RollbackInstanceRefresh)."
                : "Automatic rollback after the instance refresh failed: " + failure;
    }

    /** The status reason while rolling back, which keeps explaining why. */
    static String rollingBack(String failure, boolean manual) {
        return manual ? "Rolling back the instance refresh at the request of a user." : failure;
    }

    /**
     * Why a Refresh failed when alarms it watches fired. AWS's own words for this were not found; these follow
     * the simulator's other reasons.
     */
    static String alarmsInAlarm(List<String> alarms) {
        return "Instance refresh failed: " + (alarms.size() == 1 ? "CloudWatch alarm " + alarms.get(0) + " is"
                : "CloudWatch alarms " + String.join(", ", alarms) + " are") + " in the ALARM state.";
    }

    static String launchFailed(String message) {
        return "Instance refresh failed: launching a replacement instance failed: " + message;
    }

    /** Why a replacement left the group unhealthy, kept to explain a stall. */
    static String replacedUnhealthy(GroupInstance gi, String why) {
        return "Instance " + gi.instanceId + " launched from image " + gi.launchedFrom.imageId()
                + " (" + origin(gi.launchedFrom) + ") was replaced: " + why + ".";
    }

    private static String origin(LaunchedFrom f) {
        return f.launchConfigurationName() != null ? "launch configuration " + f.launchConfigurationName()
                : "launch template " + (f.templateId() != null ? f.templateId() : f.templateName())
                        + " version " + f.templateVersion();
    }

    static String checkpointReached(int number, int count, int percentageComplete, int delaySeconds) {
        return "Checkpoint " + number + " of " + count + " reached at " + percentageComplete
                + "% complete; waiting " + delaySeconds + " seconds before continuing.";
    }

    static String baking(int seconds) {
        return "Waiting the bake time of " + seconds + " seconds before the instance refresh is complete.";
    }

    /** What a pass waits for, or null when it waits for nothing in particular. */
    static String waiting(RefreshScope.View v) {
        List<GroupInstance> warming = v.inFlight().stream()
                .filter(i -> i.lifecycle == GroupInstance.Lifecycle.IN_SERVICE).toList();
        if (!warming.isEmpty()) {
            return "Waiting for instances to warm up before continuing. For example: " + warming.get(0).instanceId
                    + " is warming up.";
        }
        if (v.actionable().isEmpty() && v.inFlight().isEmpty() && !v.blocked().isEmpty()) {
            return "Waiting for " + blockedDescription(v.blocked()) + ".";
        }
        return null;
    }

    /** Why nothing progressed for {@code minutes}; {@code lastHealthFailure} is null when no replacement failed. */
    static String stalled(RefreshScope.View v, long minutes, String lastHealthFailure) {
        if (lastHealthFailure != null) {
            return "Instance refresh failed: replacement instances did not pass their health checks within "
                    + minutes + " minutes. " + lastHealthFailure;
        }
        if (!v.blocked().isEmpty()) {
            return "Instance refresh failed: timed out after " + minutes + " minutes waiting for "
                    + blockedDescription(v.blocked()) + ".";
        }
        return "Instance refresh failed: no instance was replaced for " + minutes + " minutes.";
    }

    private static String blockedDescription(List<GroupInstance> blocked) {
        String standby = blocked.stream().filter(i -> i.lifecycle == GroupInstance.Lifecycle.STANDBY)
                .map(i -> i.instanceId).collect(Collectors.joining(", "));
        String protectedIds = blocked.stream().filter(i -> i.lifecycle != GroupInstance.Lifecycle.STANDBY)
                .map(i -> i.instanceId).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        if (!standby.isEmpty()) {
            sb.append("instances in Standby to return to service (").append(standby).append(')');
        }
        if (!protectedIds.isEmpty()) {
            sb.append(sb.length() > 0 ? " and " : "")
                    .append("scale-in protection to be removed from instances (").append(protectedIds).append(')');
        }
        return sb.toString();
    }
}
