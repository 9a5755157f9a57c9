package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.Ebs;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataOptions;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A small shop in the simulator, made through the real SDK as a user would: a group of web instances on
 * a launch configuration (root and data volume, user data), or on a launch template. Rollouts run on the
 * simulator's clock: the driver "sleeps" by advancing it. The simulator and the test's own clients come
 * from {@link SimulatorKit}; the rollout talks through the engine's {@link AwsClients}, built as in production.
 */
final class Shop implements AutoCloseable {

    static final String REGION = SimulatorKit.REGION;
    static final String GROUP = "web";
    static final String USER_DATA = Base64.getEncoder().encodeToString(
            "#!/bin/bash\nset -e\necho 'hello from the web tier' > /var/www/index.html\n".getBytes(StandardCharsets.UTF_8));

    private final SimulatorKit sim;
    final SimulatorServer server;
    final World world;
    final Ec2Client ec2;
    final AutoScalingClient autoScaling;
    final AwsClients aws;
    final String baseImage;
    String templateId;

    private Shop() throws IOException {
        sim = SimulatorKit.start();
        server = sim.server;
        world = sim.world;
        aws = AwsClients.create(REGION, SimulatorKit.credentials(), sim.endpoint());
        ec2 = sim.ec2;
        autoScaling = sim.autoScaling;
        baseImage = sim.baseImage("al2023-base", 8);
    }

    /** Group {@code web} of {@code size} instances on launch configuration {@code web-lc-1}. */
    static Shop onLaunchConfiguration(int size) throws IOException {
        Shop shop = new Shop();
        shop.groupOnLaunchConfiguration(GROUP, "web-lc-1", size);
        shop.settle();
        return shop;
    }

    /** Group {@code web} on launch template {@code web-lt}, which the group names as {@code version}. */
    static Shop onLaunchTemplate(int size, String version) throws IOException {
        Shop shop = new Shop();
        shop.templateId = shop.groupOnLaunchTemplate(GROUP, "web-lt", size, version);
        shop.settle();
        return shop;
    }

    /**
     * Another group of {@code size} like {@code web}'s, on launch configuration {@code configuration} (root and
     * data volume, user data); {@link #settle()} lets its instances launch.
     */
    void groupOnLaunchConfiguration(String group, String configuration, int size) {
        autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName(configuration)
                .imageId(baseImage).instanceType("t3.micro").keyName("ops")
                .securityGroups("sg-0123456789abcdef0").userData(USER_DATA)
                .iamInstanceProfile("web-profile")
                .metadataOptions(InstanceMetadataOptions.builder().httpTokens("required").httpPutResponseHopLimit(2).build())
                .blockDeviceMappings(
                        BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(Ebs.builder().volumeSize(8)
                                .volumeType("gp3").deleteOnTermination(true).build()).build(),
                        BlockDeviceMapping.builder().deviceName("/dev/sdf").ebs(Ebs.builder().volumeSize(20)
                                .volumeType("gp3").deleteOnTermination(true).build()).build()));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(group).launchConfigurationName(configuration)
                .minSize(Math.max(1, size - 1)).maxSize(size * 2).desiredCapacity(size)
                .availabilityZones(REGION + "a", REGION + "b"));
    }

    /**
     * Another group of {@code size} like {@code web}'s, on a new launch template {@code template} that the group
     * names as {@code version}; returns the template's id. {@link #settle()} lets its instances launch.
     */
    String groupOnLaunchTemplate(String group, String template, int size, String version) {
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName(template)
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId(baseImage)
                        .instanceType("t3.micro").keyName("ops").securityGroupIds("sg-0123456789abcdef0")
                        .userData(USER_DATA)
                        .metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder().httpTokens("required").build())
                        .blockDeviceMappings(
                                LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/xvda")
                                        .ebs(LaunchTemplateEbsBlockDeviceRequest.builder().volumeSize(8).volumeType("gp3")
                                                .deleteOnTermination(true).build()).build(),
                                LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/sdf")
                                        .ebs(LaunchTemplateEbsBlockDeviceRequest.builder().volumeSize(20).volumeType("gp3")
                                                .deleteOnTermination(true).build()).build())
                        .build())).launchTemplate().launchTemplateId();
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(group)
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(id).version(version).build())
                .minSize(Math.max(1, size - 1)).maxSize(size * 2).desiredCapacity(size)
                .availabilityZones(REGION + "a", REGION + "b"));
        return id;
    }

    /** The simulator under the shop, for what the shop itself does not offer (seeding, parameters). */
    SimulatorKit kit() {
        return sim;
    }

    /** Lets launches finish; the call counters then count only what comes after. */
    void settle() {
        sim.advance(Duration.ofMinutes(5));
        sim.resetCounters();
    }

    AutoScalingGroup group() {
        return sim.group(GROUP);
    }

    AutoScalingGroup group(String name) {
        return sim.group(name);
    }

    /** The first InService instance of the group: what a user images after updating it. */
    String sourceInstance() {
        return group().instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .findFirst().orElseThrow().instanceId();
    }

    List<String> imagesOfGroupInstances() {
        return imagesOfGroupInstances(GROUP);
    }

    /** The Image of each instance of group {@code name}. */
    List<String> imagesOfGroupInstances(String name) {
        List<String> ids = group(name).instances().stream().map(i -> i.instanceId()).toList();
        return ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                .flatMap(res -> res.instances().stream()).map(i -> i.imageId()).toList();
    }

    RolloutRequestBuilder request() {
        return RolloutRequest.builder(GROUP, sourceInstance()).region(REGION).endpoint(server.endpoint());
    }

    /** A driver whose sleeps move the simulated clock. */
    RolloutDriver driver() {
        return new RolloutDriver(aws, world.javaClock(), world::advance);
    }

    RolloutResult run(RolloutRequest request) {
        return run(request, RolloutListener.NONE);
    }

    RolloutResult run(RolloutRequest request, RolloutListener listener) {
        return driver().run(Rollout.start(request, world.now(), listener));
    }

    /** One step of a rollout, then the simulated wait it asked for. */
    Next step(Rollout rollout) {
        Next next = rollout.advance(aws, world.now());
        if (!next.isFinished()) {
            world.advance(next.delay());
        }
        return next;
    }

    /** Steps until the rollout reaches {@code phase} (or finishes, which fails the test). */
    void stepUntil(Rollout rollout, Phase phase) {
        for (int i = 0; i < 1000 && rollout.state().phase() != phase; i++) {
            if (step(rollout).isFinished()) {
                throw new AssertionError("finished before " + phase + ": " + rollout.result().message());
            }
        }
    }

    /** Steps to the end. */
    RolloutResult finish(Rollout rollout) {
        for (int i = 0; i < 10_000; i++) {
            Next next = step(rollout);
            if (next.isFinished()) {
                return next.result();
            }
        }
        throw new AssertionError("rollout did not finish: " + rollout.status());
    }

    /** The state as Jenkins would store it and read it back after a restart. */
    static RolloutState roundTrip(RolloutState state) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(state);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (RolloutState) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Sets scenario knobs under the world's lock. */
    void scenario(java.util.function.Consumer<io.jenkins.plugins.amifactory.simulator.Scenario> change) {
        sim.scenario(change);
    }

    long calls(String service, String action) {
        return sim.calls(service, action);
    }

    long mutatingCalls() {
        return sim.mutatingCalls();
    }

    /**
     * Every {@code service:Action} the engine (its User-Agent, not the tests' own set-up calls) asked any shop
     * in this JVM, so that {@link IamPolicyTest} can hold the documented policy against the whole suite.
     */
    static final java.util.Set<String> CALLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void close() {
        CALLED.addAll(sim.server.faults().actionsCalledBy(AwsClients.USER_AGENT_PREFIX));
        aws.close();
        sim.close();
    }
}
