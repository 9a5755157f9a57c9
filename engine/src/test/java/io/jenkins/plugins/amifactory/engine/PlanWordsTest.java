package io.jenkins.plugins.amifactory.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataOptions;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

/** The plan's words for SDK values: what a person reads, in place of the SDK's own toString(). */
class PlanWordsTest {

    private static final LaunchConfiguration CURRENT = LaunchConfiguration.builder()
            .launchConfigurationName("web-lc-1").imageId("ami-old")
            .blockDeviceMappings(
                    BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(Ebs.builder().snapshotId("snap-old")
                            .volumeSize(8).volumeType("gp2").deleteOnTermination(true).build()).build(),
                    BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral0").build(),
                    BlockDeviceMapping.builder().deviceName("/dev/sdc").noDevice(true).build(),
                    BlockDeviceMapping.builder().deviceName("/dev/sdd").ebs(Ebs.builder().volumeSize(50)
                            .volumeType("st1").encrypted(true).deleteOnTermination(false).build()).build())
            .metadataOptions(InstanceMetadataOptions.builder().httpTokens("optional").build())
            .build();

    @Test
    void aMoveToALaunchTemplateReadsAsOneLinePerDevice() {
        RequestLaunchTemplateData next = RequestLaunchTemplateData.builder().imageId("(new Image)")
                .blockDeviceMappings(
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/xvda")
                                .ebs(LaunchTemplateEbsBlockDeviceRequest.builder()
                                        .snapshotId(PlanWords.NEW_SNAPSHOT + "vol-1)").volumeSize(8).volumeType("gp3")
                                        .iops(3000).throughput(125).deleteOnTermination(true).build()).build(),
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/sdb")
                                .virtualName("ephemeral0").build(),
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/sdc").noDevice("").build(),
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/sde")
                                .ebs(LaunchTemplateEbsBlockDeviceRequest.builder().volumeSize(100).volumeType("io2")
                                        .iops(4000).encrypted(true).kmsKeyId("alias/data").build()).build())
                .metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder().httpTokens("required").build())
                .build();

        List<String> lines = Plan.compare(CURRENT, next, false);

        // In the order of the request's own members.
        assertThat(lines).containsExactly(
                "  BlockDeviceMappings:",
                "    /dev/xvda  8 GiB gp2 from snap-old, deleted with the instance  ->  8 GiB gp3 from the new Image's "
                        + "snapshot, 3000 IOPS, 125 MB/s, deleted with the instance",
                "    /dev/sde  (none)  ->  100 GiB io2, 4000 IOPS, encrypted with alias/data",
                "    /dev/sdd  50 GiB st1, encrypted, kept after the instance  ->  removed",
                "  ImageId: ami-old -> (new Image)",
                "  MetadataOptions: HttpTokens optional -> HttpTokens required");
    }

    @Test
    void devicesDeclaredAlikeCountAsKept() {
        LaunchConfiguration next = CURRENT.toBuilder().imageId("ami-new").build();
        assertThat(Plan.compare(CURRENT, next, false)).containsExactly("  ImageId: ami-old -> ami-new",
                "  kept as they are: BlockDeviceMappings, MetadataOptions");
    }

    @Test
    void aDeviceInWords() {
        assertThat(PlanWords.device(BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral1").build()))
                .isEqualTo("instance store ephemeral1");
        assertThat(PlanWords.device(BlockDeviceMapping.builder().deviceName("/dev/sdc").noDevice(true).build()))
                .isEqualTo("suppressed (no device)");
        assertThat(PlanWords.device(BlockDeviceMapping.builder().deviceName("/dev/sdf")
                .ebs(Ebs.builder().snapshotId("snap-1").build()).build())).isEqualTo("EBS volume from snap-1");
    }
}
