package io.jenkins.plugins.amifactory.simulator.testkit;

import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Seeds one region of a simulated account directly in the world, under its lock, instead of through
 * thousands of HTTP calls: Images, launch templates with many versions, Systems Manager parameters. What it
 * makes obeys the same rules as what the API makes (unique names, well-formed data, parameters that
 * resolve), so tests can then read it back through the SDK as they would read AWS. Get one from
 * {@link SimulatorKit#seed()}.
 *
 * <pre>{@code
 * List<String> images = sim.seed().images(200, i -> "app-" + i, i -> Map.of("ami-factory:managed", "true"));
 * List<String> templates = sim.seed().launchTemplates(50, 20,
 *         (t, v) -> Map.of("ImageId", images.get((t * 20 + v) % 200), "InstanceType", "t3.micro"));
 * sim.seed().ssmParameter("/golden/app", images.get(0));
 * }</pre>
 */
public final class AccountSeed {

    private final World world;
    private final String region;

    AccountSeed(World world, String region) {
        this.world = world;
        this.region = region;
    }

    /**
     * {@code count} available Images owned by the account, each with an 8 GiB root snapshot; Image {@code i}
     * is named {@code name.apply(i)} and tagged {@code tags.apply(i)}. Their ids, in order.
     */
    public List<String> images(int count, IntFunction<String> name, IntFunction<Map<String, String>> tags) {
        return world.call(() -> {
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(world.ec2(region).registerImage(name.apply(i), 8, tags.apply(i)).id);
            }
            return ids;
        });
    }

    /**
     * {@code count} Images made by CreateImage from {@code instanceId} without a reboot, as a rollout makes
     * them: AWS records the instance as their source, and Image {@code i} and its snapshots carry
     * {@code tags.apply(i)}. Pending until the scenario's image time has passed. Their ids, in order.
     */
    public List<String> imagesOf(String instanceId, int count, IntFunction<String> name,
                                 IntFunction<Map<String, String>> tags) {
        return world.call(() -> {
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Map<String, String> t = tags.apply(i);
                ids.add(world.ec2(region).createImage(instanceId, new Ec2World.NewImage(name.apply(i), null, t, t),
                        List.of(), true, false).id);
            }
            return ids;
        });
    }

    /**
     * {@code count} launch templates named {@code lt-seed-<t>}, each with {@code versionsEach} versions (the
     * first is the default); version {@code v} (from 0) of template {@code t} holds the launch template data
     * {@code data.apply(t, v)}, given as request members without the {@code LaunchTemplateData.} prefix. Their
     * ids, in order.
     */
    public List<String> launchTemplates(int count, int versionsEach,
                                        BiFunction<Integer, Integer, Map<String, String>> data) {
        return world.call(() -> {
            List<String> ids = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                List<Map<String, String>> versions = new ArrayList<>(versionsEach);
                for (int v = 0; v < versionsEach; v++) {
                    versions.add(data.apply(t, v));
                }
                ids.add(world.ec2(region).createLaunchTemplate("lt-seed-" + t, versions, Map.of()));
            }
            return ids;
        });
    }

    /** Stores {@code imageId} as the next version of the {@code aws:ec2:image} parameter {@code name}; the version. */
    public long ssmParameter(String name, String imageId) {
        return ssmParameter(name, imageId, ParameterStore.IMAGE);
    }

    /** Stores the next version of a parameter of {@code dataType} ({@code aws:ec2:image} or {@code text}). */
    public long ssmParameter(String name, String value, String dataType) {
        return world.call(() -> world.ssm(region).put(name, value, dataType, world.clock().now()));
    }
}
