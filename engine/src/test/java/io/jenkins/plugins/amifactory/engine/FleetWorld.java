package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulated account with groups in two regions, for fleets: {@code web} on a launch configuration and
 * {@code worker} on a launch template in {@value SimulatorKit#REGION}, {@code web} on a launch template in
 * {@value #OTHER}. Fleets run on the simulator's clock, with clients made per region and step as the plugin makes
 * them.
 */
final class FleetWorld implements AutoCloseable {

    static final String HOME = SimulatorKit.REGION;
    static final String OTHER = "eu-west-1";

    final SimulatorKit sim;

    FleetWorld() throws IOException {
        sim = SimulatorKit.start();
        String base = sim.baseImage("al2023-base", 8);
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("web-lc-1").imageId(base)
                .instanceType("t3.micro").blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(Ebs.builder().volumeSize(8).volumeType("gp3").deleteOnTermination(true).build()).build()));
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web-lc-1")
                .minSize(1).maxSize(4).desiredCapacity(2).availabilityZones(HOME + "a", HOME + "b"));
        templateGroup(sim.ec2, sim.autoScaling, "worker", HOME, base);
        String otherBase = sim.world.call(() -> sim.world.ec2(OTHER).registerBaseImage("al2023-base", 8).id);
        try (Ec2Client ec2 = sim.ec2(Region.of(OTHER)); AutoScalingClient as = sim.autoScaling(Region.of(OTHER))) {
            templateGroup(ec2, as, "web", OTHER, otherBase);
        }
        sim.advance(Duration.ofMinutes(5));
        sim.resetCounters();
    }

    private static void templateGroup(Ec2Client ec2, AutoScalingClient as, String name, String region, String image) {
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName(name + "-lt").launchTemplateData(
                RequestLaunchTemplateData.builder().imageId(image).instanceType("t3.micro")
                        .blockDeviceMappings(LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/xvda")
                                .ebs(LaunchTemplateEbsBlockDeviceRequest.builder().volumeSize(8).volumeType("gp3")
                                        .deleteOnTermination(true).build()).build()).build()))
                .launchTemplate().launchTemplateId();
        as.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(id).version("1").build())
                .minSize(1).maxSize(4).desiredCapacity(2).availabilityZones(region + "a", region + "b"));
    }

    /** The first InService instance of {@code web} at home: what the user updated. */
    String source() {
        return group("web", HOME).instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .findFirst().orElseThrow().instanceId();
    }

    RolloutRequestBuilder request() {
        return RolloutRequest.builder("web", source()).region(HOME).endpoint(sim.endpoint());
    }

    /** The three targets in order: web and worker at home, web elsewhere. */
    FleetRequest.Builder fleet(RolloutRequest first) {
        return FleetRequest.builder(first).target("worker", HOME).target("web", OTHER);
    }

    Fleet.RegionClients clients() {
        return region -> AwsClients.create(region, SimulatorKit.credentials(), sim.endpoint());
    }

    /** Runs {@code fleet} to its end on the simulated clock; {@code between} runs before each step. */
    FleetResult run(Fleet fleet, Consumer<Fleet> between) {
        for (int i = 0; i < 20_000; i++) {
            between.accept(fleet);
            FleetNext next = fleet.advance(clients(), sim.world.now());
            if (next.isFinished()) {
                return next.result();
            }
            sim.advance(next.delay());
        }
        throw new AssertionError("the fleet did not finish: " + fleet.status());
    }

    FleetResult run(Fleet fleet) {
        return run(fleet, f -> { });
    }

    AutoScalingGroup group(String name, String region) {
        try (AutoScalingClient as = sim.autoScaling(Region.of(region))) {
            return as.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
        }
    }

    /** The Images the group's instances run, sorted and without repeats. */
    List<String> imagesOf(String name, String region) {
        List<String> ids = group(name, region).instances().stream().map(i -> i.instanceId()).toList();
        try (Ec2Client ec2 = sim.ec2(Region.of(region))) {
            return ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                    .flatMap(res -> res.instances().stream()).map(i -> i.imageId()).distinct().sorted().toList();
        }
    }

    /** The group's configuration as the rollout names it: {@code web-lc-1} or {@code lt-…:2}. */
    String configuration(String name, String region) {
        AutoScalingGroup g = group(name, region);
        return g.launchConfigurationName() != null ? g.launchConfigurationName()
                : g.launchTemplate().launchTemplateId() + ":" + g.launchTemplate().version();
    }

    /** The state as Jenkins would store it and read it back after a restart. */
    static FleetState roundTrip(FleetState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(state);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (FleetState) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Every line a listener heard, for order checks. */
    static final class Lines implements RolloutListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void phaseStarted(Phase phase, String detail) {
            lines.add(phase.label() + ": " + detail);
        }
    }

    @Override
    public void close() {
        // The IAM policy test counts what every rollout of the suite called, fleets' copies included.
        Shop.CALLED.addAll(sim.server.faults().actionsCalledBy(AwsClients.USER_AGENT_PREFIX));
        sim.close();
    }
}
