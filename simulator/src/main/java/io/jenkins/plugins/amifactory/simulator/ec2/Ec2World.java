package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.AwsException;
import io.jenkins.plugins.amifactory.simulator.World;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EC2 state of one region: instances, volumes, snapshots, images and launch templates, and the AWS
 * rules that govern them. Every method runs with the {@link World}'s lock held. Auto Scaling launches and
 * terminates instances through {@link #launchInstance} and {@link #terminateInstance}.
 */
public final class Ec2World {

    private final World world;
    private final String region;
    final Map<String, Instance> instances = new LinkedHashMap<>();
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    final Map<String, Image> images = new LinkedHashMap<>();

    public Ec2World(World world, String region) {
        this.world = world;
        this.region = region;
    }

    public String region() {
        return region;
    }

    public List<String> availabilityZones() {
        return List.of(region + "a", region + "b", region + "c");
    }

    Instant now() {
        return world.clock().now();
    }

    /**
     * Registers an available image with one EBS root volume backed by a completed snapshot, as a public
     * base image (Amazon Linux and the like) would be. For seeding worlds.
     */
    public Image registerBaseImage(String name, int rootSizeGiB) {
        String snapshotId = world.ids().next("snap");
        Snapshot snapshot = new Snapshot(snapshotId, "vol-ffffffff", rootSizeGiB, false, null,
                "base image " + name, now(), now());
        snapshot.state = "completed";
        snapshots.put(snapshotId, snapshot);
        Image image = new Image(world.ids().next("ami"), name, name, world.accountId(), now(), "/dev/xvda",
                "x86_64", null);
        image.blockDeviceMappings.add(BlockDeviceMapping.ebs("/dev/xvda",
                new Ebs(snapshotId, rootSizeGiB, "gp3", 3000, 125, false, null, true)));
        image.state = "available";
        images.put(image.id, image);
        return image;
    }

    /**
     * Launches an instance: the image's block device mappings, overridden device by device by the spec's,
     * become new volumes; it is {@code running} after the scenario's boot time. Throws AWS's errors for an
     * unknown or unavailable image.
     */
    public Instance launchInstance(LaunchSpec spec, String availabilityZone, Map<String, String> tags) {
        Image image = images.get(spec.imageId());
        if (image == null || "deregistered".equals(image.state)) {
            throw new AwsException("InvalidAMIID.NotFound",
                    "The image id '[" + spec.imageId() + "]' does not exist");
        }
        if (!"available".equals(image.state)) {
            throw new AwsException("InvalidAMIID.Unavailable",
                    "The image id '[" + spec.imageId() + "]' is not available (state " + image.state + ")");
        }
        String zone = availabilityZone != null ? availabilityZone : availabilityZones().get(0);
        Instance instance = new Instance(world.ids().next("i"), spec, zone, now(), image.rootDeviceName,
                "10.0." + (instances.size() / 250) + "." + (instances.size() % 250 + 4));
        instance.tags.putAll(tags);
        for (BlockDeviceMapping mapping : effectiveMappings(image.blockDeviceMappings, spec.blockDeviceMappings())) {
            if (mapping.noDevice() || mapping.ebs() == null) {
                continue;
            }
            Ebs ebs = mapping.ebs();
            Snapshot source = ebs.snapshotId() == null ? null : snapshots.get(ebs.snapshotId());
            int size = ebs.volumeSize() != null ? ebs.volumeSize() : source != null ? source.volumeSizeGiB : 8;
            boolean encrypted = Boolean.TRUE.equals(ebs.encrypted()) || (source != null && source.encrypted);
            Volume volume = new Volume(world.ids().next("vol"), size,
                    ebs.volumeType() != null ? ebs.volumeType() : "gp3", ebs.iops(), ebs.throughput(), encrypted,
                    ebs.kmsKeyId() != null ? ebs.kmsKeyId() : source != null ? source.kmsKeyId : null,
                    ebs.snapshotId(), zone, now());
            volume.attachedInstanceId = instance.id;
            volume.deviceName = mapping.deviceName();
            volume.deleteOnTermination = !Boolean.FALSE.equals(ebs.deleteOnTermination());
            volumes.put(volume.id, volume);
            instance.blockDevices.add(new Instance.Attachment(mapping.deviceName(), volume.id,
                    volume.deleteOnTermination, now()));
        }
        instances.put(instance.id, instance);
        world.clock().schedule(world.scenario().instanceBootTime, () -> {
            if ("pending".equals(instance.state)) {
                instance.state = "running";
            }
        });
        return instance;
    }

    /** The image's mappings with the launch's mappings laid over them, device by device. */
    static List<BlockDeviceMapping> effectiveMappings(List<BlockDeviceMapping> fromImage,
                                                      List<BlockDeviceMapping> fromLaunch) {
        Map<String, BlockDeviceMapping> byDevice = new LinkedHashMap<>();
        for (BlockDeviceMapping m : fromImage) {
            byDevice.put(m.deviceName(), m);
        }
        for (BlockDeviceMapping m : fromLaunch) {
            BlockDeviceMapping base = byDevice.get(m.deviceName());
            if (base != null && base.ebs() != null && m.ebs() != null && m.ebs().snapshotId() == null) {
                Ebs o = m.ebs();
                Ebs b = base.ebs();
                m = BlockDeviceMapping.ebs(m.deviceName(), new Ebs(b.snapshotId(),
                        o.volumeSize() != null ? o.volumeSize() : b.volumeSize(),
                        o.volumeType() != null ? o.volumeType() : b.volumeType(),
                        o.iops() != null ? o.iops() : b.iops(),
                        o.throughput() != null ? o.throughput() : b.throughput(),
                        o.encrypted() != null ? o.encrypted() : b.encrypted(),
                        o.kmsKeyId() != null ? o.kmsKeyId() : b.kmsKeyId(),
                        o.deleteOnTermination() != null ? o.deleteOnTermination() : b.deleteOnTermination()));
            }
            byDevice.put(m.deviceName(), m);
        }
        return new ArrayList<>(byDevice.values());
    }

    /** Terminates an instance and deletes its delete-on-termination volumes. Unknown ids are ignored. */
    public void terminateInstance(String instanceId) {
        Instance instance = instances.get(instanceId);
        if (instance == null || "terminated".equals(instance.state)) {
            return;
        }
        instance.state = "terminated";
        for (Instance.Attachment a : instance.blockDevices) {
            Volume v = volumes.get(a.volumeId());
            if (v != null) {
                v.attachedInstanceId = null;
                v.state = a.deleteOnTermination() ? "deleted" : "available";
                if (a.deleteOnTermination()) {
                    volumes.remove(v.id);
                }
            }
        }
    }

    public Instance instance(String id) {
        return instances.get(id);
    }

    public Image image(String id) {
        return images.get(id);
    }

    public Snapshot snapshot(String id) {
        return snapshots.get(id);
    }

    public Volume volume(String id) {
        return volumes.get(id);
    }

    public List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    public List<Image> images() {
        return List.copyOf(images.values());
    }

    /**
     * The launch spec of a launch template version, for Auto Scaling to launch from. {@code version} is a
     * number, {@code $Latest} or {@code $Default}; give the template's id or its name.
     *
     * @throws AwsException with EC2's codes for an unknown template or version
     */
    public LaunchSpec launchSpecFromTemplate(String templateId, String templateName, String version) {
        throw new UnsupportedOperationException("launch templates are not simulated yet");
    }

    /** The version number {@code version} ({@code $Latest}, {@code $Default} or a number) resolves to. */
    public long resolveTemplateVersion(String templateId, String templateName, String version) {
        throw new UnsupportedOperationException("launch templates are not simulated yet");
    }
}
