package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The AWS side of a rollout saved mid-Refresh, rebuilt call by call with the SDK alone (no engine code), so
 * that the simulator's seeded ids come out the same on every run and a state saved by an older engine finds
 * its Image, launch configuration and Refresh again. It makes exactly what that rollout had made when it was
 * saved: the Image, a launch configuration copying {@code web-lc-1} with the Image's disks, the group
 * pointed at it, a Refresh started.
 */
final class SavedStateWorld implements AutoCloseable {

    static final String ROLLOUT_ID = "0b7f3c2e-5a1d-4c8e-9f60-1d2e3f4a5b6c";
    static final String REGION = "us-east-1";
    static final String GROUP = "web";
    static final String IMAGE_NAME = "web-20260105-100500";

    private final SimulatorKit sim;
    final SimulatorServer server;
    final World world;
    final AwsClients aws;
    final String baseImage;
    final String sourceInstance;
    final String imageId;
    final List<String> snapshotIds;
    final String refreshId;

    SavedStateWorld() throws IOException {
        sim = SimulatorKit.start();
        server = sim.server;
        world = sim.world;
        aws = AwsClients.create(REGION, SimulatorKit.credentials(), sim.endpoint());
        baseImage = sim.baseImage("al2023-base", 8);
        aws.autoScaling().createLaunchConfiguration(r -> r.launchConfigurationName("web-lc-1").imageId(baseImage)
                .instanceType("t3.micro").keyName("ops").securityGroups("sg-0123456789abcdef0")
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(Ebs.builder()
                        .volumeSize(8).volumeType("gp3").deleteOnTermination(true).build()).build()));
        aws.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).launchConfigurationName("web-lc-1")
                .minSize(2).maxSize(6).desiredCapacity(3).availabilityZones(REGION + "a", REGION + "b"));
        world.advance(Duration.ofMinutes(5));
        sourceInstance = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups().get(0).instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString())).findFirst().orElseThrow().instanceId();

        List<Tag> tags = List.of(tag("ami-factory:group", GROUP), tag("ami-factory:source-instance", sourceInstance),
                tag("ami-factory:created-by", "saved-state-test"), tag("ami-factory:rollout", ROLLOUT_ID));
        imageId = aws.ec2().createImage(r -> r.instanceId(sourceInstance).name(IMAGE_NAME).noReboot(true)
                .description("AMI Factory: " + sourceInstance + " for group " + GROUP)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE).tags(tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags).build())).imageId();
        Image image = null;
        for (int i = 0; i < 120 && (image == null || !"available".equals(image.stateAsString())); i++) {
            world.advance(Duration.ofMinutes(1));
            image = aws.ec2().describeImages(r -> r.imageIds(imageId)).images().get(0);
        }
        snapshotIds = image.blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                .map(m -> m.ebs().snapshotId()).toList();
        Image available = image;
        aws.autoScaling().createLaunchConfiguration(r -> r.launchConfigurationName(IMAGE_NAME).imageId(imageId)
                .instanceType("t3.micro").keyName("ops").securityGroups("sg-0123456789abcdef0")
                .blockDeviceMappings(available.blockDeviceMappings().stream().map(m -> BlockDeviceMapping.builder()
                        .deviceName(m.deviceName()).ebs(Ebs.builder().snapshotId(m.ebs().snapshotId())
                                .volumeSize(m.ebs().volumeSize()).volumeType(m.ebs().volumeTypeAsString())
                                .deleteOnTermination(true).build()).build()).toList()));
        aws.autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).launchConfigurationName(IMAGE_NAME));
        refreshId = aws.autoScaling().startInstanceRefresh(r -> r.autoScalingGroupName(GROUP)
                .strategy(RefreshStrategy.ROLLING).preferences(p -> p.minHealthyPercentage(90))).instanceRefreshId();
        world.advance(Duration.ofSeconds(20));
        server.faults().resetCounters();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Override
    public void close() {
        aws.close();
        sim.close();
    }
}
