package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.CreateLaunchConfigurationRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeLaunchConfigurationsResponse;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataHttpTokensState;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateLaunchConfiguration, DescribeLaunchConfigurations and DeleteLaunchConfiguration through the real SDK. */
class LaunchConfigurationTest {

    private SimulatorKit sim;
    private AsgTestSupport asg;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        asg = new AsgTestSupport(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void everyFieldIsKeptAndUserDataComesBackExactlyAsSent() {
        String ami = asg.image("base");
        // Bytes that base64-encode to '+', '/' and padding, with CRLF and non-ASCII text inside.
        byte[] text = "#!/bin/bash\r\necho 'héllo wörld' > /tmp/x\n".getBytes(StandardCharsets.UTF_8);
        byte[] script = new byte[text.length + 3];
        script[0] = (byte) 0xfb;
        script[1] = (byte) 0xef;
        script[2] = (byte) 0xff;
        System.arraycopy(text, 0, script, 3, text.length);
        String userData = Base64.getEncoder().encodeToString(script);
        assertThat(userData).contains("+").contains("/").endsWith("=");
        CreateLaunchConfigurationRequest request = CreateLaunchConfigurationRequest.builder()
                .launchConfigurationName("web-v1").imageId(ami).instanceType("m5.large").keyName("ops")
                .securityGroups("sg-0123456789abcdef0", "sg-0fedcba9876543210").userData(userData)
                .kernelId("aki-12345678").ramdiskId("ari-12345678")
                .blockDeviceMappings(
                        BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(Ebs.builder().volumeSize(30)
                                .volumeType("gp3").deleteOnTermination(false).iops(4000).throughput(250)
                                .encrypted(true).build()).build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral0").build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdc").noDevice(true).build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdd").ebs(Ebs.builder()
                                .snapshotId("snap-0123456789abcdef0").volumeSize(50).build()).build())
                .instanceMonitoring(m -> m.enabled(false)).spotPrice("0.05")
                .iamInstanceProfile("arn:aws:iam::123456789012:instance-profile/web").ebsOptimized(true)
                .associatePublicIpAddress(false).placementTenancy("dedicated")
                .metadataOptions(m -> m.httpTokens(InstanceMetadataHttpTokensState.REQUIRED).httpPutResponseHopLimit(2)
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED))
                .build();
        sim.autoScaling.createLaunchConfiguration(request);

        LaunchConfiguration lc = sim.autoScaling.describeLaunchConfigurations(r -> r.launchConfigurationNames("web-v1"))
                .launchConfigurations().get(0);
        assertThat(lc.userData()).isEqualTo(userData);
        assertThat(Base64.getDecoder().decode(lc.userData())).isEqualTo(script);
        assertThat(lc.imageId()).isEqualTo(request.imageId());
        assertThat(lc.instanceType()).isEqualTo(request.instanceType());
        assertThat(lc.keyName()).isEqualTo(request.keyName());
        assertThat(lc.securityGroups()).isEqualTo(request.securityGroups());
        assertThat(lc.kernelId()).isEqualTo(request.kernelId());
        assertThat(lc.ramdiskId()).isEqualTo(request.ramdiskId());
        assertThat(lc.blockDeviceMappings()).isEqualTo(request.blockDeviceMappings());
        assertThat(lc.instanceMonitoring()).isEqualTo(request.instanceMonitoring());
        assertThat(lc.spotPrice()).isEqualTo(request.spotPrice());
        assertThat(lc.iamInstanceProfile()).isEqualTo(request.iamInstanceProfile());
        assertThat(lc.ebsOptimized()).isEqualTo(request.ebsOptimized());
        assertThat(lc.associatePublicIpAddress()).isEqualTo(request.associatePublicIpAddress());
        assertThat(lc.placementTenancy()).isEqualTo(request.placementTenancy());
        assertThat(lc.metadataOptions()).isEqualTo(request.metadataOptions());
        assertThat(lc.launchConfigurationARN()).startsWith("arn:aws:autoscaling:us-east-1:")
                .endsWith(":launchConfigurationName/web-v1");
        assertThat(lc.createdTime()).isEqualTo(sim.world.now());
    }

    @Test
    void namesAreUniquePerRegion() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        assertAwsError(() -> asg.launchConfiguration("web-v1", ami), "AlreadyExists", "web-v1");
        try (AutoScalingClient west = sim.autoScaling(Region.EU_WEST_1)) {
            assertThat(west.describeLaunchConfigurations().launchConfigurations()).isEmpty();
        }
    }

    @Test
    void aLaunchConfigurationInUseCannotBeDeleted() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        asg.launchConfiguration("web-v2", ami);
        asg.group("web", "web-v1", 1);

        assertAwsError(() -> sim.autoScaling.deleteLaunchConfiguration(r -> r.launchConfigurationName("web-v1")),
                "ResourceInUse", "web");
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web-v2"));
        sim.autoScaling.deleteLaunchConfiguration(r -> r.launchConfigurationName("web-v1"));

        assertThat(sim.autoScaling.describeLaunchConfigurations().launchConfigurations())
                .extracting(LaunchConfiguration::launchConfigurationName).containsExactly("web-v2");
        assertAwsError(() -> sim.autoScaling.deleteLaunchConfiguration(r -> r.launchConfigurationName("web-v1")),
                "ValidationError", "Launch configuration name not found - Launch configuration web-v1 not found");
    }

    @Test
    void describePagesWithMaxRecordsAndNextToken() {
        String ami = asg.image("base");
        IntStream.range(0, 7).forEach(i -> asg.launchConfiguration("lc-" + i, ami));

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            DescribeLaunchConfigurationsResponse page = sim.autoScaling.describeLaunchConfigurations(r -> r
                    .maxRecords(3).nextToken(next));
            assertThat(page.launchConfigurations()).hasSizeLessThanOrEqualTo(3);
            page.launchConfigurations().forEach(lc -> seen.add(lc.launchConfigurationName()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrder("lc-0", "lc-1", "lc-2", "lc-3", "lc-4", "lc-5", "lc-6");
        assertThat(sim.autoScaling.describeLaunchConfigurationsPaginator(r -> r.maxRecords(2))
                .launchConfigurations().stream().count()).isEqualTo(7);
        assertAwsError(() -> sim.autoScaling.describeLaunchConfigurations(r -> r.nextToken("not-a-token")),
                "InvalidNextToken", "not-a-token");
        assertAwsError(() -> sim.autoScaling.describeLaunchConfigurations(r -> r.maxRecords(500)),
                "ValidationError", "maxRecords");
    }

    @Test
    void accountsCreatedSinceOctober2024CannotCreateLaunchConfigurations() {
        String ami = asg.image("base");
        sim.world.run(() -> sim.world.scenario().launchConfigurationsDisabled = true);
        assertAwsError(() -> asg.launchConfiguration("web-v1", ami), "UnsupportedOperation",
                "Use launch templates");
        assertThat(sim.autoScaling.describeLaunchConfigurations().launchConfigurations()).isEmpty();
    }

    @Test
    void missingAndInvalidParametersAreValidationErrors() {
        String ami = asg.image("base");
        assertAwsError(() -> sim.autoScaling.createLaunchConfiguration(r -> r.imageId(ami).instanceType("t3.micro")),
                "ValidationError", "launchConfigurationName");
        assertAwsError(() -> sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("x")
                .imageId(ami)), "ValidationError", "ImageId and InstanceType");
        assertAwsError(() -> sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("x")
                .imageId("ami-0000000000000dead").instanceType("t3.micro")), "ValidationError",
                "ami-0000000000000dead");
        assertAwsError(() -> sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("x")
                .imageId(ami).instanceType("t3.micro").userData("A".repeat(21848))), "ValidationError", "userData");
        assertAwsError(() -> sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("x")
                .imageId(ami).instanceType("t3.micro").blockDeviceMappings(BlockDeviceMapping.builder()
                        .deviceName("/dev/xvda").ebs(e -> e.volumeSize(0)).build())), "ValidationError", "volumeSize");
    }

    @Test
    void aLaunchConfigurationCanBeCopiedFromAnInstance() {
        String ami = asg.image("base");
        String instanceId = sim.ec2.runInstances(r -> r.imageId(ami).instanceType("c5.xlarge").keyName("ops")
                .minCount(1).maxCount(1)).instances().get(0).instanceId();
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("copy").instanceId(instanceId));

        LaunchConfiguration lc = sim.autoScaling.describeLaunchConfigurations().launchConfigurations().get(0);
        assertThat(lc.imageId()).isEqualTo(ami);
        assertThat(lc.instanceType()).isEqualTo("c5.xlarge");
        assertThat(lc.keyName()).isEqualTo("ops");
    }
}
