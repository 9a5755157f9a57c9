package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.CreateLaunchConfigurationRequest;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatePlacementRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpotMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatesMonitoringRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Builds the group's next configuration from its current one and the new Image: the next launch
 * configuration, the data of the template's next version, or a template made from a launch configuration.
 * Every field is copied, the Image replaced, and the EBS block devices re-declared from the Image's own mappings (its snapshot ids,
 * sizes, types, IOPS, throughput, delete-on-termination). Without that re-declaration the old
 * configuration's mappings would win over the Image's, so instances would boot with the old snapshots or
 * without their data disks. Instance-store and suppressed devices are kept as they were.
 *
 * <p>Pure functions: no AWS calls.
 */
public final class NextConfiguration {

    private NextConfiguration() {
    }

    /**
     * The CreateLaunchConfiguration request for the next launch configuration: a copy of {@code current}
     * with {@code image} and its block devices. User data is passed on exactly as AWS returned it: it is
     * already base64, and encoding it again is the classic bug that leaves instances with garbage.
     */
    public static CreateLaunchConfigurationRequest launchConfiguration(LaunchConfiguration current, Image image,
                                                                       String name) {
        CreateLaunchConfigurationRequest.Builder b = CreateLaunchConfigurationRequest.builder()
                .launchConfigurationName(name)
                .imageId(image.imageId())
                .keyName(emptyToNull(current.keyName()))
                .userData(emptyToNull(current.userData()))
                .instanceType(current.instanceType())
                .kernelId(emptyToNull(current.kernelId()))
                .ramdiskId(emptyToNull(current.ramdiskId()))
                .instanceMonitoring(current.instanceMonitoring())
                .spotPrice(emptyToNull(current.spotPrice()))
                .iamInstanceProfile(emptyToNull(current.iamInstanceProfile()))
                .ebsOptimized(current.ebsOptimized())
                .associatePublicIpAddress(current.associatePublicIpAddress())
                .placementTenancy(emptyToNull(current.placementTenancy()))
                .metadataOptions(current.metadataOptions())
                .classicLinkVPCId(emptyToNull(current.classicLinkVPCId()))
                .blockDeviceMappings(launchConfigurationDevices(current.blockDeviceMappings(), image));
        if (current.hasSecurityGroups()) {
            b.securityGroups(current.securityGroups());
        }
        if (current.hasClassicLinkVPCSecurityGroups() && !current.classicLinkVPCSecurityGroups().isEmpty()) {
            b.classicLinkVPCSecurityGroups(current.classicLinkVPCSecurityGroups());
        }
        return b.build();
    }

    /**
     * The data of the template's next version, made from {@code source}'s version: only the Image and the
     * block devices are given, so every other field is inherited from the source version as it is.
     */
    public static RequestLaunchTemplateData templateVersion(ResponseLaunchTemplateData source, Image image) {
        return RequestLaunchTemplateData.builder()
                .imageId(image.imageId())
                .blockDeviceMappings(templateDevices(source.blockDeviceMappings().stream()
                        .map(NextConfiguration::toRequest).toList(), image))
                .build();
    }

    /**
     * The template data equivalent to launch configuration {@code lc}, with the new Image and its block
     * devices: the way off launch configurations for accounts that can no longer create them. Every launch
     * configuration field has a template counterpart.
     */
    public static RequestLaunchTemplateData templateFrom(LaunchConfiguration lc, Image image) {
        RequestLaunchTemplateData.Builder d = RequestLaunchTemplateData.builder()
                .imageId(image.imageId())
                .instanceType(lc.instanceType())
                .keyName(emptyToNull(lc.keyName()))
                .userData(emptyToNull(lc.userData()))
                .kernelId(emptyToNull(lc.kernelId()))
                .ramDiskId(emptyToNull(lc.ramdiskId()))
                .ebsOptimized(lc.ebsOptimized())
                .blockDeviceMappings(templateDevices(
                        lc.blockDeviceMappings().stream().map(NextConfiguration::toRequest).toList(), image));
        String profile = emptyToNull(lc.iamInstanceProfile());
        if (profile != null) {
            d.iamInstanceProfile(profile.startsWith("arn:")
                    ? LaunchTemplateIamInstanceProfileSpecificationRequest.builder().arn(profile).build()
                    : LaunchTemplateIamInstanceProfileSpecificationRequest.builder().name(profile).build());
        }
        if (lc.instanceMonitoring() != null && lc.instanceMonitoring().enabled() != null) {
            d.monitoring(LaunchTemplatesMonitoringRequest.builder().enabled(lc.instanceMonitoring().enabled()).build());
        }
        if (lc.metadataOptions() != null) {
            d.metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder()
                    .httpTokens(lc.metadataOptions().httpTokensAsString())
                    .httpPutResponseHopLimit(lc.metadataOptions().httpPutResponseHopLimit())
                    .httpEndpoint(lc.metadataOptions().httpEndpointAsString())
                    .build());
        }
        if (emptyToNull(lc.placementTenancy()) != null) {
            d.placement(LaunchTemplatePlacementRequest.builder().tenancy(lc.placementTenancy()).build());
        }
        if (emptyToNull(lc.spotPrice()) != null) {
            d.instanceMarketOptions(LaunchTemplateInstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(LaunchTemplateSpotMarketOptionsRequest.builder().maxPrice(lc.spotPrice()).build()).build());
        }
        List<String> groups = lc.hasSecurityGroups() ? lc.securityGroups() : List.of();
        boolean ids = groups.stream().allMatch(g -> g.startsWith("sg-"));
        if (lc.associatePublicIpAddress() != null) {
            // A public-IP choice lives on the network interface in a template, and then so must the groups.
            d.networkInterfaces(LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder().deviceIndex(0)
                    .associatePublicIpAddress(lc.associatePublicIpAddress()).groups(groups).build());
        } else if (ids) {
            d.securityGroupIds(groups);
        } else {
            d.securityGroups(groups);
        }
        return d.build();
    }

    /**
     * One of the Image's devices as the next configuration declares it: an EBS volume from the Image's
     * snapshot (IOPS only for the types that take them, throughput only for gp3), or an instance-store
     * volume.
     */
    private record ImageDevice(String deviceName, String virtualName, String snapshotId, Integer volumeSize,
                               String volumeType, Integer iops, Integer throughput, Boolean deleteOnTermination) {

        static List<ImageDevice> of(Image image) {
            List<ImageDevice> out = new ArrayList<>();
            for (BlockDeviceMapping m : image.blockDeviceMappings()) {
                EbsBlockDevice e = m.ebs();
                if (e != null) {
                    String type = e.volumeTypeAsString();
                    out.add(new ImageDevice(m.deviceName(), null, e.snapshotId(), e.volumeSize(), type,
                            takesIops(type) ? e.iops() : null, takesThroughput(type) ? e.throughput() : null,
                            e.deleteOnTermination()));
                } else if (m.virtualName() != null) {
                    out.add(new ImageDevice(m.deviceName(), m.virtualName(), null, null, null, null, null, null));
                }
            }
            return out;
        }

        boolean isEbs() {
            return virtualName == null;
        }
    }

    /** Block devices for a launch configuration: the Image's devices, then what else the old one declared. */
    static List<software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping> launchConfigurationDevices(
            List<software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping> current, Image image) {
        return devices(current, image, d -> {
            var b = software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping.builder().deviceName(d.deviceName());
            return (d.isEbs() ? b.ebs(software.amazon.awssdk.services.autoscaling.model.Ebs.builder()
                    .snapshotId(d.snapshotId()).volumeSize(d.volumeSize()).volumeType(d.volumeType()).iops(d.iops())
                    .throughput(d.throughput()).deleteOnTermination(d.deleteOnTermination()).build())
                    : b.virtualName(d.virtualName())).build();
        }, software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping::deviceName,
                m -> m.ebs() == null || m.ebs().snapshotId() == null ? m
                        : m.toBuilder().ebs(m.ebs().toBuilder().snapshotId(null).build()).build());
    }

    /**
     * Block devices for a launch template version: the Image's devices, then the old version's other
     * devices, so that no snapshot id of the previous generation survives.
     */
    public static List<LaunchTemplateBlockDeviceMappingRequest> templateDevices(
            List<LaunchTemplateBlockDeviceMappingRequest> current, Image image) {
        return devices(current, image, d -> {
            var b = LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(d.deviceName());
            return (d.isEbs() ? b.ebs(LaunchTemplateEbsBlockDeviceRequest.builder().snapshotId(d.snapshotId())
                    .volumeSize(d.volumeSize()).volumeType(d.volumeType()).iops(d.iops()).throughput(d.throughput())
                    .deleteOnTermination(d.deleteOnTermination()).build())
                    : b.virtualName(d.virtualName())).build();
        }, LaunchTemplateBlockDeviceMappingRequest::deviceName,
                m -> m.ebs() == null || m.ebs().snapshotId() == null ? m
                        : m.toBuilder().ebs(m.ebs().toBuilder().snapshotId(null).build()).build());
    }

    /**
     * The Image's devices in the configuration's own shape, then the old configuration's devices the Image
     * does not have, minus their snapshots: a snapshot the Image does not carry belongs to the old generation.
     */
    private static <T> List<T> devices(List<T> current, Image image, Function<ImageDevice, T> fromImage,
                                       Function<T, String> deviceName, UnaryOperator<T> withoutSnapshot) {
        List<T> out = new ArrayList<>();
        ImageDevice.of(image).forEach(d -> out.add(fromImage.apply(d)));
        Set<String> imageDevices = new LinkedHashSet<>();
        image.blockDeviceMappings().forEach(m -> imageDevices.add(m.deviceName()));
        if (current != null) {
            current.stream().filter(m -> !imageDevices.contains(deviceName.apply(m)))
                    .forEach(m -> out.add(withoutSnapshot.apply(m)));
        }
        return out;
    }

    /** The request form of a mapping a template version returned. */
    static LaunchTemplateBlockDeviceMappingRequest toRequest(LaunchTemplateBlockDeviceMapping m) {
        LaunchTemplateBlockDeviceMappingRequest.Builder b = LaunchTemplateBlockDeviceMappingRequest.builder()
                .deviceName(m.deviceName()).virtualName(m.virtualName()).noDevice(m.noDevice());
        if (m.ebs() != null) {
            var e = m.ebs();
            b.ebs(LaunchTemplateEbsBlockDeviceRequest.builder()
                    .snapshotId(e.snapshotId())
                    .volumeSize(e.volumeSize())
                    .volumeType(e.volumeTypeAsString())
                    .iops(e.iops())
                    .throughput(e.throughput())
                    .encrypted(e.encrypted())
                    .kmsKeyId(e.kmsKeyId())
                    .deleteOnTermination(e.deleteOnTermination())
                    .build());
        }
        return b.build();
    }

    /** The template form of a launch configuration's mapping (for moving a group to a launch template). */
    static LaunchTemplateBlockDeviceMappingRequest toRequest(
            software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping m) {
        LaunchTemplateBlockDeviceMappingRequest.Builder b = LaunchTemplateBlockDeviceMappingRequest.builder()
                .deviceName(m.deviceName()).virtualName(m.virtualName())
                .noDevice(Boolean.TRUE.equals(m.noDevice()) ? "" : null);
        if (m.ebs() != null) {
            var e = m.ebs();
            b.ebs(LaunchTemplateEbsBlockDeviceRequest.builder()
                    .snapshotId(e.snapshotId())
                    .volumeSize(e.volumeSize())
                    .volumeType(e.volumeType())
                    .iops(e.iops())
                    .throughput(e.throughput())
                    .encrypted(e.encrypted())
                    .deleteOnTermination(e.deleteOnTermination())
                    .build());
        }
        return b.build();
    }

    private static boolean takesIops(String volumeType) {
        return VolumeType.IO1.toString().equals(volumeType) || VolumeType.IO2.toString().equals(volumeType)
                || VolumeType.GP3.toString().equals(volumeType);
    }

    private static boolean takesThroughput(String volumeType) {
        return VolumeType.GP3.toString().equals(volumeType);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
