package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.GroupReconciler.at;

/**
 * The Auto Scaling state of one region: launch configurations, groups with their instances, instance
 * refreshes and scaling activities, and the AWS rules for changing them through the API. The groups'
 * rules live here; those of launch configurations, of Standby and scale-in protection, of starting and
 * stopping refreshes and of tags in {@link LaunchConfigurations}, {@link GroupMembership},
 * {@link InstanceRefreshes} and {@link GroupTags}. Launches and terminates instances through
 * {@link Ec2World}; what happens over time is {@link GroupReconciler}'s job.
 * Every method runs with the world's lock held.
 */
public final class AutoScalingWorld {

    private final Account account;
    private final String region;
    private final Ec2World ec2;
    private final Map<String, LaunchConfiguration> launchConfigurations = new TreeMap<>();
    private final Map<String, AutoScalingGroup> groups = new TreeMap<>();
    private final LaunchResolver launches;
    private final GroupReconciler reconciler;
    private final Arns arns;
    private final LaunchConfigurations launchConfigurationRules;
    private final GroupMembership membership;
    private final InstanceRefreshes refreshes;
    private final GroupTags tags;

    /** {@code alarms} are the region's CloudWatch alarms, which a Refresh may watch. */
    public AutoScalingWorld(Account account, String region, Ec2World ec2, Alarms alarms) {
        this.account = account;
        this.region = region;
        this.ec2 = ec2;
        this.launches = new LaunchResolver(ec2, launchConfigurations);
        this.reconciler = new GroupReconciler(account, ec2, launches, groups, alarms);
        // A Refresh reacts to an alarm as soon as it fires, not at the next health check.
        alarms.onChange(() -> groups.values().forEach(reconciler::reconcile));
        this.arns = new Arns(account, region);
        this.launchConfigurationRules = new LaunchConfigurations(account, arns, ec2, launchConfigurations, groups);
        this.membership = new GroupMembership(this::group, reconciler);
        this.refreshes = new InstanceRefreshes(account.ids(), this::group, launches::validate, reconciler);
        this.tags = new GroupTags(groups::get);
    }

    public String region() {
        return region;
    }

    private Instant now() {
        return account.clock().now();
    }

    // ---- launch configurations ----------------------------------------------------------------------

    /** CreateLaunchConfiguration, by {@link LaunchConfigurations#create}'s rules. */
    public LaunchConfiguration createLaunchConfiguration(LaunchConfiguration requested, String fromInstanceId) {
        return launchConfigurationRules.create(requested, fromInstanceId);
    }

    /** All launch configurations, sorted by name. */
    public List<LaunchConfiguration> launchConfigurations() {
        return launchConfigurationRules.all();
    }

    public void deleteLaunchConfiguration(String name) {
        launchConfigurationRules.delete(name);
    }

    // ---- groups -------------------------------------------------------------------------------------

    /**
     * The settings CreateAutoScalingGroup and UpdateAutoScalingGroup take; null members were not given
     * (a create fills AWS's defaults, an update leaves them as they are).
     */
    public record GroupSettings(LaunchSource launchSource, Integer minSize, Integer maxSize, Integer desiredCapacity,
                                List<String> availabilityZones, String vpcZoneIdentifier, String healthCheckType,
                                Integer healthCheckGracePeriod, Integer defaultInstanceWarmup, Integer defaultCooldown,
                                Boolean newInstancesProtectedFromScaleIn, Boolean capacityRebalance,
                                List<GroupTag> tags) {}

    public void createAutoScalingGroup(String name, GroupSettings s) {
        if (groups.containsKey(name)) {
            throw new AwsException("AlreadyExists",
                    "AutoScalingGroup by this name already exists - A group with the name " + name + " already exists");
        }
        if (s.launchSource() == null) {
            throw new AwsException("ValidationError", "Valid requests must contain either LaunchTemplate, "
                    + "LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
        }
        LaunchSource source = launches.validate(s.launchSource());
        int desired = s.desiredCapacity() != null ? s.desiredCapacity() : s.minSize();
        validateSizes(s.minSize(), s.maxSize(), desired);
        List<String> zones = zones(s.availabilityZones(), s.vpcZoneIdentifier());
        for (GroupTag t : s.tags()) {
            GroupTags.checkKey(t.key());
        }

        AutoScalingGroup g = new AutoScalingGroup(name, arns.of("autoScalingGroup", "autoScalingGroupName", name),
                now());
        g.launchSource = source;
        g.minSize = s.minSize();
        g.maxSize = s.maxSize();
        g.desiredCapacity = desired;
        g.availabilityZones = zones;
        g.vpcZoneIdentifier = s.vpcZoneIdentifier();
        applyOptionalSettings(g, s);
        s.tags().forEach(t -> g.tags.put(t.key(), t));
        g.capacityCause = at(now()) + " a user request created an AutoScalingGroup changing the desired capacity "
                + "from 0 to " + desired;
        groups.put(name, g);
        reconciler.scheduleHealthChecks();
        reconciler.reconcile(g);
    }

    public void updateAutoScalingGroup(String name, GroupSettings s) {
        AutoScalingGroup g = group(name);
        InstanceRefreshRun run = g.activeRefresh();
        LaunchSource source = null;
        if (s.launchSource() != null) {
            if (run != null && run.desiredConfiguration != null) {
                throw new AwsException("ValidationError", "An active instance refresh with a desired configuration "
                        + "exists. All configuration options derived from the desired configuration are not available "
                        + "for update while the instance refresh is active.");
            }
            source = launches.validate(s.launchSource());
        }
        int min = s.minSize() != null ? s.minSize() : g.minSize;
        int max = s.maxSize() != null ? s.maxSize() : g.maxSize;
        int desired = g.desiredCapacity;
        if (s.desiredCapacity() != null) {
            desired = s.desiredCapacity();
        } else if (s.minSize() != null && min > desired) {
            desired = min;
        } else if (s.maxSize() != null && max < desired) {
            desired = max;
        }
        validateSizes(min, max, desired);
        List<String> zones = s.availabilityZones() != null || s.vpcZoneIdentifier() != null
                ? zones(s.availabilityZones(), s.vpcZoneIdentifier()) : g.availabilityZones;

        if (source != null) {
            g.launchSource = source;
        }
        if (desired != g.desiredCapacity) {
            g.capacityCause = at(now()) + " a user request update of AutoScalingGroup constraints to min: " + min
                    + ", max: " + max + ", desired: " + desired + " changing the desired capacity from "
                    + g.desiredCapacity + " to " + desired;
        }
        g.minSize = min;
        g.maxSize = max;
        g.desiredCapacity = desired;
        g.availabilityZones = zones;
        if (s.vpcZoneIdentifier() != null) {
            g.vpcZoneIdentifier = s.vpcZoneIdentifier();
        }
        applyOptionalSettings(g, s);
        reconciler.reconcile(g);
    }

    private static void applyOptionalSettings(AutoScalingGroup g, GroupSettings s) {
        if (s.healthCheckType() != null) {
            g.healthCheckType = s.healthCheckType();
        }
        if (s.healthCheckGracePeriod() != null) {
            g.healthCheckGracePeriod = s.healthCheckGracePeriod();
        }
        if (s.defaultInstanceWarmup() != null) {
            // -1 resets it, as in AWS.
            g.defaultInstanceWarmup = s.defaultInstanceWarmup() < 0 ? null : s.defaultInstanceWarmup();
        }
        if (s.defaultCooldown() != null) {
            g.defaultCooldown = s.defaultCooldown();
        }
        if (s.newInstancesProtectedFromScaleIn() != null) {
            g.newInstancesProtectedFromScaleIn = s.newInstancesProtectedFromScaleIn();
        }
        if (s.capacityRebalance() != null) {
            g.capacityRebalance = s.capacityRebalance();
        }
    }

    private static void validateSizes(int min, int max, int desired) {
        if (min < 0 || max < 0) {
            throw new AwsException("ValidationError", "MinSize and MaxSize must not be negative.");
        }
        if (max < min) {
            throw new AwsException("ValidationError",
                    "Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        }
        if (desired < min || desired > max) {
            throw new AwsException("ValidationError", "Desired capacity:" + desired
                    + " must be between the specified min size:" + min + " and max size:" + max);
        }
    }

    private List<String> zones(List<String> given, String vpcZoneIdentifier) {
        List<String> known = ec2.availabilityZones();
        if (given == null || given.isEmpty()) {
            if (vpcZoneIdentifier == null || vpcZoneIdentifier.isBlank()) {
                throw new AwsException("ValidationError", "At least one Availability Zone or VPC Subnet is required.");
            }
            // No subnets are simulated: a group in subnets spreads over the region's zones.
            return known;
        }
        for (String z : given) {
            if (!known.contains(z)) {
                throw new AwsException("ValidationError", "Invalid Availability Zone: " + z + " (this region has "
                        + String.join(", ", known) + ")");
            }
        }
        return List.copyOf(given);
    }

    /** The group, or AWS's error for an unknown name. */
    AutoScalingGroup group(String name) {
        AutoScalingGroup g = groups.get(name);
        if (g == null) {
            throw new AwsException("ValidationError",
                    "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
        }
        return g;
    }

    /** All groups, sorted by name. */
    List<AutoScalingGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** The group an instance belongs to, or null. */
    AutoScalingGroup groupOf(String instanceId) {
        for (AutoScalingGroup g : groups.values()) {
            if (g.instances.containsKey(instanceId)) {
                return g;
            }
        }
        return null;
    }

    // ---- tags ---------------------------------------------------------------------------------------

    void createOrUpdateTags(List<GroupTags.Change> changes) {
        tags.createOrUpdate(changes);
    }

    void deleteTags(List<GroupTags.Change> changes) {
        tags.delete(changes);
    }

    // ---- standby and protection ---------------------------------------------------------------------

    List<ScalingActivity> enterStandby(String groupName, List<String> instanceIds, boolean decrement) {
        return membership.enterStandby(groupName, instanceIds, decrement);
    }

    List<ScalingActivity> exitStandby(String groupName, List<String> instanceIds) {
        return membership.exitStandby(groupName, instanceIds);
    }

    public void setInstanceProtection(String groupName, List<String> instanceIds, boolean protect) {
        membership.setInstanceProtection(groupName, instanceIds, protect);
    }

    // ---- instance refreshes -------------------------------------------------------------------------

    public String startInstanceRefresh(String groupName, LaunchSource desired, RefreshPreferences preferences) {
        return refreshes.start(groupName, desired, preferences);
    }

    public String cancelInstanceRefresh(String groupName) {
        return refreshes.cancel(groupName);
    }

    public String rollbackInstanceRefresh(String groupName) {
        return refreshes.rollback(groupName);
    }

    // ---- activities ---------------------------------------------------------------------------------

    /** Activities of one group, or of all groups when {@code groupName} is null; newest first. */
    List<ScalingActivity> activities(String groupName) {
        return groups.values().stream()
                .filter(g -> groupName == null || g.name.equals(groupName))
                .flatMap(g -> g.activities.stream())
                .sorted(Comparator.comparing((ScalingActivity a) -> a.startTime)
                        .thenComparingLong(a -> a.sequence).reversed())
                .toList();
    }

}
