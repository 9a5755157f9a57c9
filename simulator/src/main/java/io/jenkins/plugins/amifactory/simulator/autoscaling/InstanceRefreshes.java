package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Ids;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Starting, cancelling and rolling back instance refreshes, with AWS's rules for when each is allowed;
 * the refresh itself is {@link InstanceRefreshRun}'s job. Guarded by the world's lock.
 */
final class InstanceRefreshes {

    private final Ids ids;
    private final Function<String, AutoScalingGroup> groups;
    private final UnaryOperator<LaunchSource> launchSources;
    private final GroupReconciler reconciler;

    /**
     * {@code groups} finds a group by name, or throws AWS's error for an unknown one; {@code launchSources}
     * checks a desired configuration as a group's launch source is checked.
     */
    InstanceRefreshes(Ids ids, Function<String, AutoScalingGroup> groups, UnaryOperator<LaunchSource> launchSources,
                      GroupReconciler reconciler) {
        this.ids = ids;
        this.groups = groups;
        this.launchSources = launchSources;
        this.reconciler = reconciler;
    }

    private Instant now() {
        return reconciler.now();
    }

    String start(String groupName, LaunchSource desired, RefreshPreferences preferences) {
        AutoScalingGroup g = groups.apply(groupName);
        if (g.activeRefresh() != null) {
            throw new AwsException("InstanceRefreshInProgress",
                    "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
        }
        if (desired != null) {
            desired = launchSources.apply(desired);
        }
        LaunchSource target = desired != null ? desired : g.launchSource;
        if (preferences.skips() && target.isLaunchConfiguration()) {
            throw new AwsException("ValidationError", "SkipMatching is not supported with a launch configuration. "
                    + "Use a launch template, or start the instance refresh without SkipMatching.");
        }
        if (preferences.rollsBackAutomatically()) {
            if (desired == null) {
                throw new AwsException("ValidationError", "The request isn't valid. The AutoRollback parameter "
                        + "cannot be set to true when the DesiredConfiguration parameter is empty. Set AutoRollback to "
                        + "false or specify a desired configuration and try again.");
            }
            if (!g.launchSource.canBeRolledBackTo()) {
                throw new AwsException("ValidationError", "AutoRollback is not supported for this Auto Scaling group: "
                        + "it uses " + g.launchSource.describe() + ". A rollback needs a launch template with a "
                        + "specific version number (not a launch configuration, $Latest or $Default).");
            }
        }
        InstanceRefreshRun run = new InstanceRefreshRun(ids.uuid(), reconciler.refreshedGroup(g), preferences,
                desired, now());
        g.refreshes.add(run);
        reconciler.reconcileAt(g, now().plus(InstanceRefreshRun.START_DELAY));
        return run.id;
    }

    String cancel(String groupName) {
        AutoScalingGroup g = groups.apply(groupName);
        InstanceRefreshRun run = g.activeRefresh();
        if (run == null || run.status() == RefreshStatus.CANCELLING) {
            throw new AwsException("ActiveInstanceRefreshNotFound",
                    "No in progress or pending Instance Refresh found for Auto Scaling group " + groupName);
        }
        run.cancel();
        reconciler.reconcile(g);
        return run.id;
    }

    String rollback(String groupName) {
        AutoScalingGroup g = groups.apply(groupName);
        InstanceRefreshRun run = g.activeRefresh();
        if (run == null || !run.status().canRollBack()) {
            throw new AwsException("ActiveInstanceRefreshNotFound",
                    "No in progress or pending Instance Refresh found for Auto Scaling group " + groupName);
        }
        if (run.desiredConfiguration == null) {
            throw new AwsException("IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back: it "
                    + "was started without a desired configuration.");
        }
        if (!g.launchSource.canBeRolledBackTo()) {
            throw new AwsException("IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back: the "
                    + "Auto Scaling group uses " + g.launchSource.describe() + ", and a rollback needs a launch "
                    + "template with a specific version number.");
        }
        run.rollBack(now(), null, true);
        reconciler.reconcile(g);
        return run.id;
    }
}
