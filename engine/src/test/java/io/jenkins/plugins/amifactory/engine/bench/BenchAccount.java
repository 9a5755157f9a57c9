package io.jenkins.plugins.amifactory.engine.bench;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.simulator.RealisticProgress;
import io.jenkins.plugins.amifactory.simulator.SimClock;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.Ebs;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated account for a benchmark run: realistic progress from one seed, the account's shared Describe
 * limit, every change noted, and groups on a launch configuration. Clients for the pollers make one attempt per
 * call, as the engine's do, so that every call sent is counted and a throttled one is seen as such.
 */
final class BenchAccount implements AutoCloseable {

    /** AWS's default for EC2 Describe calls in a region, shared here by every caller of the account. */
    static final double DESCRIBE_LIMIT_PER_SECOND = 20;

    final SimulatorKit sim;
    final AwsClients clients;
    private final String launchConfiguration;

    BenchAccount(long seed, Duration imageTime) throws IOException {
        sim = SimulatorKit.start();
        sim.world.run(() -> sim.world.clock().recordChanges());
        sim.scenario(s -> {
            s.realistic = new RealisticProgress(seed);
            s.realistic.imageTime = imageTime;
        });
        clients = AwsClients.create(SimulatorKit.REGION, SimulatorKit.credentials(), sim.endpoint());
        String base = sim.baseImage("al2023-base", 8);
        launchConfiguration = "bench-lc";
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName(launchConfiguration).imageId(base)
                .instanceType("t3.micro").blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(Ebs.builder().volumeSize(8).volumeType("gp3").deleteOnTermination(true).build()).build()));
    }

    /**
     * Groups {@code prefix-0} … of {@code size} instances each, settled; the first instance of each, in order. From
     * then on the account's Describe calls are limited, and the call counters count only what comes after.
     */
    List<String> groups(String prefix, int count, int size) {
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                    .launchConfigurationName(launchConfiguration).minSize(Math.max(1, size - 1)).maxSize(size * 2)
                    .desiredCapacity(size).availabilityZones(SimulatorKit.REGION + "a", SimulatorKit.REGION + "b"));
        }
        sim.advance(Duration.ofMinutes(10));
        List<String> instances = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            instances.add(sim.group(name).instances().stream()
                    .filter(x -> "InService".equals(x.lifecycleStateAsString())).findFirst().orElseThrow().instanceId());
        }
        sim.resetCounters();
        sim.faults().limitDescribeCalls(DESCRIBE_LIMIT_PER_SECOND, sim.world.javaClock()::instant);
        return instances;
    }

    Instant now() {
        return sim.world.now();
    }

    void advanceTo(Instant t) {
        Instant now = now();
        if (t.isAfter(now)) {
            sim.advance(Duration.between(now, t));
        }
    }

    /** When {@code resource} first changed as {@code change} says, or null if it has not (yet). */
    Instant changedAt(String resource, String change) {
        return sim.world.call(() -> sim.world.clock().changes()).stream()
                .filter(c -> c.resource().equals(resource) && c.change().equals(change))
                .map(SimClock.Change::at).findFirst().orElse(null);
    }

    /** Calls made since the groups were settled, and of those the Describe calls. */
    long calls(boolean describesOnly) {
        return sim.faults().counters().entrySet().stream()
                .filter(e -> !describesOnly || e.getKey().contains(":Describe"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    long throttled() {
        return sim.faults().throttledByLimit();
    }

    @Override
    public void close() {
        clients.close();
        sim.close();
    }
}
