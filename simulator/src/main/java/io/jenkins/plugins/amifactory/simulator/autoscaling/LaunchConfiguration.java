package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.ec2.BlockDeviceMapping;
import io.jenkins.plugins.amifactory.simulator.ec2.LaunchSpec;
import io.jenkins.plugins.amifactory.simulator.ec2.MetadataOptions;

import java.time.Instant;
import java.util.List;

/**
 * A launch configuration: immutable once created, as in AWS. Null members were not given. {@code userData}
 * is kept exactly as sent (AWS neither decodes nor re-encodes it).
 */
public record LaunchConfiguration(String name, String arn, Instant createdTime, String imageId, String instanceType,
                                  String keyName, List<String> securityGroups, String userData, String kernelId,
                                  String ramdiskId, List<BlockDeviceMapping> blockDeviceMappings,
                                  Boolean instanceMonitoring, String spotPrice, String iamInstanceProfile,
                                  Boolean ebsOptimized, Boolean associatePublicIpAddress, String placementTenancy,
                                  MetadataOptions metadataOptions) {

    public LaunchConfiguration {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        blockDeviceMappings = blockDeviceMappings == null ? List.of() : List.copyOf(blockDeviceMappings);
    }

    /** This configuration as created: with its ARN and creation time. */
    LaunchConfiguration withIdentity(String arn, Instant createdTime) {
        return new LaunchConfiguration(name, arn, createdTime, imageId, instanceType, keyName, securityGroups,
                userData, kernelId, ramdiskId, blockDeviceMappings, instanceMonitoring, spotPrice, iamInstanceProfile,
                ebsOptimized, associatePublicIpAddress, placementTenancy, metadataOptions);
    }

    /** What an instance launched from this configuration gets. Monitoring is on unless turned off, as in AWS. */
    public LaunchSpec toLaunchSpec() {
        return new LaunchSpec(imageId, instanceType, keyName, securityGroups, iamInstanceProfile, userData,
                metadataOptions, blockDeviceMappings, ebsOptimized, !Boolean.FALSE.equals(instanceMonitoring),
                kernelId, ramdiskId);
    }
}
