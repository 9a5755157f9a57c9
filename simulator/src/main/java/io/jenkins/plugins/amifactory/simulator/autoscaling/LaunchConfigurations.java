package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ec2.Image;
import io.jenkins.plugins.amifactory.simulator.ec2.Instance;
import io.jenkins.plugins.amifactory.simulator.ec2.LaunchSpec;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.List;
import java.util.Map;

/**
 * The launch configurations of one region and AWS's rules for them: unique names, an image that exists,
 * members taken from an instance when one is named, no deletion while a group uses one, and none at all
 * in accounts where the scenario turns them off. Guarded by the world's lock.
 */
final class LaunchConfigurations {

    private final Account account;
    private final Arns arns;
    private final Ec2World ec2;
    private final Map<String, LaunchConfiguration> byName;
    private final Map<String, AutoScalingGroup> groups;

    LaunchConfigurations(Account account, Arns arns, Ec2World ec2, Map<String, LaunchConfiguration> byName,
                         Map<String, AutoScalingGroup> groups) {
        this.account = account;
        this.arns = arns;
        this.ec2 = ec2;
        this.byName = byName;
        this.groups = groups;
    }

    /**
     * Creates a launch configuration from {@code requested} (whose name, ARN and time are filled in
     * here). With {@code fromInstanceId}, members not given are taken from that instance, as AWS does.
     */
    LaunchConfiguration create(LaunchConfiguration requested, String fromInstanceId) {
        if (account.scenario().launchConfigurationsDisabled()) {
            throw new AwsException("UnsupportedOperation", "The Launch Configuration creation operation is not "
                    + "available in your account. Use launch templates to create configuration templates for your "
                    + "Auto Scaling groups.");
        }
        if (byName.containsKey(requested.name())) {
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
        String arn = arns.of("launchConfiguration", "launchConfigurationName", lc.name());
        LaunchConfiguration created = lc.withIdentity(arn, account.clock().now());
        byName.put(created.name(), created);
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
    List<LaunchConfiguration> all() {
        return List.copyOf(byName.values());
    }

    void delete(String name) {
        if (!byName.containsKey(name)) {
            throw new AwsException("ValidationError",
                    "Launch configuration name not found - Launch configuration " + name + " not found");
        }
        for (AutoScalingGroup g : groups.values()) {
            if (name.equals(g.launchSource.launchConfigurationName())) {
                throw new AwsException("ResourceInUse", "Cannot delete launch configuration " + name
                        + " because it is attached to AutoScalingGroup " + g.name);
            }
        }
        byName.remove(name);
    }
}
