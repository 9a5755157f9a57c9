package io.jenkins.plugins.amifactory.simulator.ec2;

import java.util.List;

/**
 * What an instance is launched from: the fields a RunInstances call, a launch configuration or a launch
 * template version gives. Auto Scaling builds one from the group's configuration for every instance it
 * launches, so instances inherit those fields. {@code userData} is the base64 text exactly as given;
 * {@code securityGroups} holds ids ({@code sg-…}) or, where a request named groups, names.
 */
public record LaunchSpec(String imageId, String instanceType, String keyName, List<String> securityGroups,
                         String iamInstanceProfile, String userData, MetadataOptions metadataOptions,
                         List<BlockDeviceMapping> blockDeviceMappings, Boolean ebsOptimized, Boolean monitoring,
                         String kernelId, String ramdiskId) {

    public LaunchSpec {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        blockDeviceMappings = blockDeviceMappings == null ? List.of() : List.copyOf(blockDeviceMappings);
    }

    /** This spec, with {@code instanceType} filled in when it names none. */
    public LaunchSpec orInstanceType(String instanceType) {
        return instanceType() != null ? this : new LaunchSpec(imageId, instanceType, keyName, securityGroups,
                iamInstanceProfile, userData, metadataOptions, blockDeviceMappings, ebsOptimized, monitoring, kernelId,
                ramdiskId);
    }

    /** This spec with the image and instance type that are given (non-null) in place of its own. */
    public LaunchSpec withImageAndType(String imageId, String instanceType) {
        return new LaunchSpec(imageId != null ? imageId : this.imageId,
                instanceType != null ? instanceType : this.instanceType, keyName, securityGroups, iamInstanceProfile,
                userData, metadataOptions, blockDeviceMappings, ebsOptimized, monitoring, kernelId, ramdiskId);
    }
}
