package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.CreateLaunchConfigurationRequest;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataOptions;
import software.amazon.awssdk.services.autoscaling.model.InstanceMonitoring;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDevice;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NextConfigurationTest {

    static final String USER_DATA = Base64.getEncoder().encodeToString("#!/bin/bash\necho hi\n".getBytes());

    static LaunchConfiguration current() {
        return LaunchConfiguration.builder()
                .launchConfigurationName("web-lc-1").imageId("ami-0000000000000old")
                .keyName("ops").securityGroups("sg-0123456789abcdef0").userData(USER_DATA)
                .instanceType("t3.micro").kernelId("").ramdiskId("")
                .instanceMonitoring(InstanceMonitoring.builder().enabled(true).build())
                .spotPrice("0.05").iamInstanceProfile("arn:aws:iam::123456789012:instance-profile/web")
                .ebsOptimized(true).associatePublicIpAddress(false).placementTenancy("default")
                .metadataOptions(InstanceMetadataOptions.builder().httpTokens("required").httpPutResponseHopLimit(2)
                        .httpEndpoint("enabled").build())
                .blockDeviceMappings(
                        BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(Ebs.builder()
                                .snapshotId("snap-0000000000000old").volumeSize(8).volumeType("gp3").build()).build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdf").ebs(Ebs.builder()
                                .volumeSize(20).volumeType("io1").iops(1000).build()).build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral0").build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdz").ebs(Ebs.builder()
                                .snapshotId("snap-00000000000stale").volumeSize(1).build()).build())
                .build();
    }

    static Image image() {
        return Image.builder().imageId("ami-0000000000000new").blockDeviceMappings(
                software.amazon.awssdk.services.ec2.model.BlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(EbsBlockDevice.builder().snapshotId("snap-00000000000new1").volumeSize(8).volumeType("gp3")
                                .iops(3000).throughput(125).deleteOnTermination(true).encrypted(false).build()).build(),
                software.amazon.awssdk.services.ec2.model.BlockDeviceMapping.builder().deviceName("/dev/sdf")
                        .ebs(EbsBlockDevice.builder().snapshotId("snap-00000000000new2").volumeSize(20).volumeType("io1")
                                .iops(1000).deleteOnTermination(false).build()).build(),
                software.amazon.awssdk.services.ec2.model.BlockDeviceMapping.builder().deviceName("/dev/sdb")
                        .virtualName("ephemeral0").build()).build();
    }

    @Test
    void everyLaunchConfigurationFieldIsCopiedExceptImageAndDevices() {
        LaunchConfiguration lc = current();
        CreateLaunchConfigurationRequest next = NextConfiguration.launchConfiguration(lc, image(), "web-20260101");
        Set<String> rewritten = Set.of("LaunchConfigurationName", "ImageId", "BlockDeviceMappings",
                // Empty strings AWS returns for absent kernels mean "none"; sending "" back would be refused.
                "KernelId", "RamdiskId");
        Set<String> requestFields = next.sdkFields().stream().map(SdkField::memberName).collect(Collectors.toSet());
        for (SdkField<?> field : lc.sdkFields()) {
            String name = field.memberName();
            if (!requestFields.contains(name) || rewritten.contains(name)) {
                continue;
            }
            Object before = field.getValueOrDefault(lc);
            Object after = next.sdkFields().stream().filter(f -> f.memberName().equals(name)).findFirst()
                    .orElseThrow().getValueOrDefault(next);
            assertThat(String.valueOf(after)).as(name).isEqualTo(String.valueOf(before));
        }
        assertThat(next.imageId()).isEqualTo("ami-0000000000000new");
        assertThat(next.kernelId()).isNull();
        assertThat(next.userData()).as("user data is passed on, not encoded again").isEqualTo(USER_DATA);
    }

    @Test
    void launchConfigurationDevicesComeFromTheImageAndNoOldSnapshotSurvives() {
        List<BlockDeviceMapping> devices = NextConfiguration.launchConfiguration(current(), image(), "n").blockDeviceMappings();
        assertThat(devices).extracting(BlockDeviceMapping::deviceName)
                .containsExactly("/dev/xvda", "/dev/sdf", "/dev/sdb", "/dev/sdz");
        assertThat(devices.get(0).ebs().snapshotId()).isEqualTo("snap-00000000000new1");
        assertThat(devices.get(0).ebs().throughput()).isEqualTo(125);
        assertThat(devices.get(0).ebs().deleteOnTermination()).isTrue();
        assertThat(devices.get(1).ebs().snapshotId()).isEqualTo("snap-00000000000new2");
        assertThat(devices.get(1).ebs().iops()).isEqualTo(1000);
        assertThat(devices.get(1).ebs().throughput()).as("io1 takes no throughput").isNull();
        assertThat(devices.get(1).ebs().deleteOnTermination()).isFalse();
        assertThat(devices.get(2).virtualName()).isEqualTo("ephemeral0");
        assertThat(devices.get(3).ebs().snapshotId()).as("a stale snapshot is dropped, the device kept").isNull();
        assertThat(devices).noneMatch(d -> d.ebs() != null && d.ebs().snapshotId() != null
                && d.ebs().snapshotId().contains("old"));
    }

    @Test
    void templateDevicesAreRedeclaredFromTheImage() {
        List<LaunchTemplateBlockDeviceMapping> old = List.of(
                LaunchTemplateBlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(LaunchTemplateEbsBlockDevice.builder()
                        .snapshotId("snap-0000000000000old").volumeSize(8).build()).build(),
                LaunchTemplateBlockDeviceMapping.builder().deviceName("/dev/sdc").noDevice("").build());
        List<LaunchTemplateBlockDeviceMappingRequest> next = NextConfiguration.templateDevices(
                old.stream().map(NextConfiguration::toRequest).toList(), image());
        assertThat(next).extracting(LaunchTemplateBlockDeviceMappingRequest::deviceName)
                .containsExactly("/dev/xvda", "/dev/sdf", "/dev/sdb", "/dev/sdc");
        assertThat(next.get(0).ebs().snapshotId()).isEqualTo("snap-00000000000new1");
        assertThat(next.get(3).noDevice()).isEqualTo("");
    }

    @Test
    void movingToATemplateKeepsEveryLaunchConfigurationSetting() {
        var data = NextConfiguration.templateFrom(current(), image());
        assertThat(data.imageId()).isEqualTo("ami-0000000000000new");
        assertThat(data.userData()).isEqualTo(USER_DATA);
        assertThat(data.keyName()).isEqualTo("ops");
        assertThat(data.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/web");
        assertThat(data.monitoring().enabled()).isTrue();
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
        assertThat(data.instanceMarketOptions().spotOptions().maxPrice()).isEqualTo("0.05");
        assertThat(data.placement().tenancyAsString()).isEqualTo("default");
        assertThat(data.networkInterfaces()).singleElement().satisfies(n -> {
            assertThat(n.associatePublicIpAddress()).isFalse();
            assertThat(n.groups()).containsExactly("sg-0123456789abcdef0");
        });
        assertThat(data.blockDeviceMappings()).hasSize(4);
    }

    @Test
    void planComparesMemberByMember() {
        LaunchConfiguration lc = current();
        List<String> lines = Plan.compare(lc, NextConfiguration.launchConfiguration(lc, image(), "n"), false);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  ImageId: ami-0000000000000old -> ami-0000000000000new"));
        // One line per device, in words; a device the Image lacks loses its old snapshot.
        assertThat(lines).containsSubsequence("  BlockDeviceMappings:",
                "    /dev/xvda  8 GiB gp3 from snap-0000000000000old  ->  8 GiB gp3 from snap-00000000000new1, 3000 IOPS, "
                        + "125 MB/s, deleted with the instance",
                "    /dev/sdz  1 GiB from snap-00000000000stale  ->  1 GiB");
        assertThat(lines.get(lines.size() - 1)).startsWith("  kept as they are: ").contains("KeyName", "UserData",
                "SecurityGroups", "MetadataOptions", "IamInstanceProfile");
    }
}
