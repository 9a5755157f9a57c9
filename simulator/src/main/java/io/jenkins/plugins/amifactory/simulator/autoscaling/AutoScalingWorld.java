package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ec2.Image;
import io.jenkins.plugins.amifactory.simulator.ec2.Instance;
import io.jenkins.plugins.amifactory.simulator.ec2.LaunchSpec;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.GroupReconciler.at;

/**
 * The Auto Scaling state of one region: launch configurations, groups with their instances, instance
 * refreshes and scaling activities, and the AWS rules for changing them through the API. Launches and
 * terminates instances through {@link Ec2World}; what happens over time is {@link GroupReconciler}'s job.
 * Every method runs with the world's lock held.
 */
public final class AutoScalingWorld {

    private final Account account;
    private final String region;
    private final Ec2World ec2;
    private final Map<String, LaunchConfiguration> launchConfigurations = new TreeMap<>();
    private final Map<String, AutoScalingGroup> groups = new TreeMap<>();
    private final GroupReconciler reconciler;

    public AutoScalingWorld(Account account, String region, Ec2World ec2) {
        this.account = account;
        this.region = region;
        this.ec2 = ec2;
        this.reconciler = new GroupReconciler(account, ec2, launchConfigurations, groups);
    }

    public String region() {
        return region;
    }

    private Instant now() {
        return account.clock().now();
    }

    // ---- launch configurations ----------------------------------------------------------------------

    /**
     * Creates a launch configuration from {@code requested} (whose name, ARN and time are filled in
     * here). With {@code fromInstanceId}, members not given are taken from that instance, as AWS does.
     */
    public LaunchConfiguration createLaunchConfiguration(LaunchConfiguration requested, String fromInstanceId) {
        if (account.scenario().launchConfigurationsDisabled()) {
            throw new AwsException("UnsupportedOperation", "The Launch Configuration creation operation is not "
                    + "available in your account. Use launch templates to create configuration templates for your "
                    + "Auto Scaling groups.");
        }
        if (launchConfigurations.containsKey(requested.name())) {
            throw new AwsException("AlreadyExists", "Launch Configuration by this name already exists - A launch "
                    + "configuration already exists with the name " + requested.name());
        }
        LaunchConfiguration lc = requested;
        if (fromInstanceId != null) {
            lc = fillFromInstance(requested, fromInstanceId);
        }
        if (lc.imageId() == null || lc.instanceType() == null) {
            throw new AwsException("ValidationError", "Valid requests must contain either the InstanceID parameter "
                    + "or both the ImageId and InstanceType parameters.");
        }
        Image image = ec2.image(lc.imageId());
        if (image == null || "deregistered".equals(image.state)) {
            throw new AwsException("ValidationError", "AMI " + lc.imageId() + " is invalid: The image id '["
                    + lc.imageId() + "]' does not exist");
        }
        LaunchConfiguration created = lc.withIdentity(arn("launchConfiguration", "launchConfigurationName", lc.name()),
                now());
        launchConfigurations.put(created.name(), created);
        return created;
    }

    private LaunchConfiguration fillFromInstance(LaunchConfiguration r, String instanceId) {
        Instance instance = ec2.instance(instanceId);
        if (instance == null || "terminated".equals(instance.state)) {
            throw new AwsException("ValidationError", "Invalid instance id: " + instanceId);
        }
        LaunchSpec s = instance.spec;
        return new LaunchConfiguration(r.name(), null, null, or(r.imageId(), s.imageId()),
                or(r.instanceType(), s.instanceType()), or(r.keyName(), s.keyName()),
                r.securityGroups().isEmpty() ? s.securityGroups() : r.securityGroups(), r.userData(),
                or(r.kernelId(), s.kernelId()), or(r.ramdiskId(), s.ramdiskId()), r.blockDeviceMappings(),
                r.instanceMonitoring() != null ? r.instanceMonitoring() : s.monitoring(), r.spotPrice(),
                or(r.iamInstanceProfile(), s.iamInstanceProfile()),
                r.ebsOptimized() != null ? r.ebsOptimized() : s.ebsOptimized(), r.associatePublicIpAddress(),
                r.placementTenancy(), r.metadataOptions() != null ? r.metadataOptions() : s.metadataOptions());
    }

    private static String or(String given, String fallback) {
        return given != null ? given : fallback;
    }

    /** All launch configurations, sorted by name. */
    public List<LaunchConfiguration> launchConfigurations() {
        return List.copyOf(launchConfigurations.values());
    }

    public void deleteLaunchConfiguration(String name) {
        if (!launchConfigurations.containsKey(name)) {
            throw new AwsException("ValidationError",
                    "Launch configuration name not found - Launch configuration " + name + " not found");
        }
        for (AutoScalingGroup g : groups.values()) {
            if (name.equals(g.launchSource.launchConfigurationName())) {
                throw new AwsException("ResourceInUse", "Cannot delete launch configuration " + name
                        + " because it is attached to AutoScalingGroup " + g.name);
            }
        }
        launchConfigurations.remove(name);
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
        LaunchSource source = validateLaunchSource(s.launchSource());
        int desired = s.desiredCapacity() != null ? s.desiredCapacity() : s.minSize();
        validateSizes(s.minSize(), s.maxSize(), desired);
        List<String> zones = zones(s.availabilityZones(), s.vpcZoneIdentifier());
        for (GroupTag t : s.tags()) {
            validateTag(t);
        }

        AutoScalingGroup g = new AutoScalingGroup(name, arn("autoScalingGroup", "autoScalingGroupName", name), now());
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
            source = validateLaunchSource(s.launchSource());
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

    private static void validateTag(GroupTag t) {
        if (t.key().startsWith("aws:")) {
            throw new AwsException("ValidationError", "Tag keys starting with 'aws:' are reserved for internal use");
        }
    }

    /**
     * Checks that the launch configuration or template exists and can launch, in Auto Scaling's terms, and
     * returns the source with its templates named by both id and name.
     */
    LaunchSource validateLaunchSource(LaunchSource source) {
        if (source.isLaunchConfiguration()) {
            if (!launchConfigurations.containsKey(source.launchConfigurationName())) {
                throw new AwsException("ValidationError", "Launch configuration name not found - A launch "
                        + "configuration with the name: " + source.launchConfigurationName() + " does not exist");
            }
            return source;
        }
        try {
            reconciler.resolveLaunch(source);
            return source.identified(ec2);
        } catch (AwsException e) {
            throw new AwsException("ValidationError", "You must use a valid fully-formed launch template. "
                    + e.getMessage());
        }
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

    // ---- standby and protection ---------------------------------------------------------------------

    List<ScalingActivity> enterStandby(String groupName, List<String> instanceIds, boolean decrement) {
        AutoScalingGroup g = group(groupName);
        List<GroupInstance> members = members(g, instanceIds);
        for (GroupInstance gi : members) {
            if (gi.lifecycle != GroupInstance.Lifecycle.IN_SERVICE) {
                throw new AwsException("ValidationError", "The instance " + gi.instanceId + " is not in InService.");
            }
        }
        if (decrement && g.desiredCapacity - members.size() < g.minSize) {
            throw new AwsException("ValidationError", sizesMessage(g, "place into standby", members.size()));
        }
        String cause = at(now()) + " an instance was moved to standby in response to a user request"
                + (decrement ? ", shrinking the capacity from " + g.desiredCapacity + " to "
                        + (g.desiredCapacity - members.size()) : "");
        if (decrement) {
            g.desiredCapacity -= members.size();
        }
        List<ScalingActivity> out = new ArrayList<>();
        for (GroupInstance gi : members) {
            gi.lifecycle = GroupInstance.Lifecycle.STANDBY;
            ScalingActivity a = reconciler.activity(g, "Moving EC2 instance to Standby: " + gi.instanceId, cause + ".",
                    gi.availabilityZone);
            a.succeed(now());
            out.add(a);
        }
        reconciler.reconcile(g);
        return out;
    }

    List<ScalingActivity> exitStandby(String groupName, List<String> instanceIds) {
        AutoScalingGroup g = group(groupName);
        List<GroupInstance> members = members(g, instanceIds);
        for (GroupInstance gi : members) {
            if (gi.lifecycle != GroupInstance.Lifecycle.STANDBY) {
                throw new AwsException("ValidationError", "The instance " + gi.instanceId + " is not in Standby.");
            }
        }
        if (g.desiredCapacity + members.size() > g.maxSize) {
            throw new AwsException("ValidationError", sizesMessage(g, "exit standby", members.size()));
        }
        String cause = at(now()) + " instance was moved out of standby in response to a user request, increasing "
                + "the capacity from " + g.desiredCapacity + " to " + (g.desiredCapacity + members.size()) + ".";
        g.desiredCapacity += members.size();
        List<ScalingActivity> out = new ArrayList<>();
        for (GroupInstance gi : members) {
            gi.lifecycle = GroupInstance.Lifecycle.IN_SERVICE;
            gi.inServiceSince = now();
            ScalingActivity a = reconciler.activity(g, "Moving EC2 instance out of Standby: " + gi.instanceId, cause,
                    gi.availabilityZone);
            a.succeed(now());
            out.add(a);
        }
        reconciler.reconcile(g);
        return out;
    }

    private static String sizesMessage(AutoScalingGroup g, String what, int count) {
        return "AutoScalingGroup " + g.name + " has min-size=" + g.minSize + ", max-size=" + g.maxSize
                + ", and desired-size=" + g.desiredCapacity + ". To " + what + " " + count
                + " instances, please update the AutoScalingGroup sizes appropriately.";
    }

    public void setInstanceProtection(String groupName, List<String> instanceIds, boolean protect) {
        AutoScalingGroup g = group(groupName);
        for (GroupInstance gi : members(g, instanceIds)) {
            gi.protectedFromScaleIn = protect;
        }
        reconciler.reconcile(g);
    }

    private static List<GroupInstance> members(AutoScalingGroup g, List<String> instanceIds) {
        List<GroupInstance> out = new ArrayList<>();
        for (String id : instanceIds) {
            GroupInstance gi = g.instance(id);
            if (gi == null || gi.lifecycle == GroupInstance.Lifecycle.TERMINATING) {
                throw new AwsException("ValidationError",
                        "The instance " + id + " is not part of Auto Scaling group " + g.name + ".");
            }
            out.add(gi);
        }
        return out;
    }

    // ---- instance refreshes -------------------------------------------------------------------------

    public String startInstanceRefresh(String groupName, LaunchSource desired, RefreshPreferences preferences) {
        AutoScalingGroup g = group(groupName);
        if (g.activeRefresh() != null) {
            throw new AwsException("InstanceRefreshInProgress",
                    "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.");
        }
        if (desired != null) {
            desired = validateLaunchSource(desired);
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
        InstanceRefreshRun run = new InstanceRefreshRun(account.ids().uuid(), g, reconciler, preferences, desired, now());
        g.refreshes.add(run);
        reconciler.reconcileAt(g, now().plus(InstanceRefreshRun.START_DELAY));
        return run.id;
    }

    public String cancelInstanceRefresh(String groupName) {
        AutoScalingGroup g = group(groupName);
        InstanceRefreshRun run = g.activeRefresh();
        if (run == null || run.status() == RefreshStatus.CANCELLING) {
            throw new AwsException("ActiveInstanceRefreshNotFound",
                    "No in progress or pending Instance Refresh found for Auto Scaling group " + groupName);
        }
        run.cancel();
        reconciler.reconcile(g);
        return run.id;
    }

    public String rollbackInstanceRefresh(String groupName) {
        AutoScalingGroup g = group(groupName);
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

    private String arn(String type, String nameKey, String name) {
        return "arn:aws:autoscaling:" + region + ":" + account.id() + ":" + type + ":" + account.ids().uuid()
                + ":" + nameKey + "/" + name;
    }
}
