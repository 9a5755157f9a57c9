package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * The instances of one region and the volumes they launch with, and AWS's rules for them: launching from
 * an available image, the states an instance moves through when started, stopped or terminated, what
 * becomes of its volumes, and which states CreateImage accepts it in. Guarded by the world's lock.
 */
final class Instances {

    /** The states CreateImage and StopInstances accept an instance in. */
    private static final Set<String> UP_OR_STOPPED = Set.of("running", "stopping", "stopped");
    private static final Set<String> STARTABLE = Set.of("stopped", "pending", "running");
    private static final StateReason USER_SHUTDOWN =
            new StateReason("Client.UserInitiatedShutdown", "Client.UserInitiatedShutdown: User initiated shutdown");

    private final Account account;
    private final List<String> availabilityZones;
    private final Images images;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();

    Instances(Account account, List<String> availabilityZones, Images images) {
        this.account = account;
        this.availabilityZones = availabilityZones;
        this.images = images;
    }

    private Instant now() {
        return account.clock().now();
    }

    Instance instance(String id) {
        return instances.get(id);
    }

    Volume volume(String id) {
        return volumes.get(id);
    }

    List<Instance> all() {
        return List.copyOf(instances.values());
    }

    List<Volume> volumes() {
        return List.copyOf(volumes.values());
    }

    Instance requireInstance(String id) {
        return IdKind.INSTANCE.require(instances, id);
    }

    Volume requireVolume(String id) {
        return IdKind.VOLUME.require(volumes, id);
    }

    /** See {@link Ec2World#launchInstance}. */
    Instance launchInstance(LaunchSpec spec, String availabilityZone, Map<String, String> tags) {
        Image image = images.requireLaunchable(spec.imageId());
        return launch(spec, image, zone(availabilityZone), tags, Map.of(), account.ids().next("r"));
    }

    /** See {@link Ec2World#runInstances}. */
    List<Instance> runInstances(LaunchSpec spec, String availabilityZone, int count, Map<String, String> instanceTags,
                                Map<String, String> volumeTags, boolean dryRun) {
        Image image = images.requireLaunchable(spec.imageId());
        String zone = zone(availabilityZone);
        stopIfDryRun(dryRun);
        String reservationId = account.ids().next("r");
        List<Instance> launched = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            launched.add(launch(spec, image, zone, instanceTags, volumeTags, reservationId));
        }
        return launched;
    }

    private String zone(String requested) {
        if (requested == null) {
            return availabilityZones.get(0);
        }
        if (!availabilityZones.contains(requested)) {
            throw new AwsException("InvalidParameterValue", "Invalid availability zone: [" + requested + "]");
        }
        return requested;
    }

    private Instance launch(LaunchSpec spec, Image image, String zone, Map<String, String> tags,
                            Map<String, String> volumeTags, String reservationId) {
        Instance instance = new Instance(account.ids().next("i"), reservationId, spec, zone, now(),
                image.rootDeviceName, image.architecture,
                "10.0." + (instances.size() / 250) + "." + (instances.size() % 250 + 4));
        instance.tags.putAll(tags);
        image.lastLaunchedTime = now();
        for (BlockDeviceMapping mapping : effectiveMappings(image.blockDeviceMappings, spec.blockDeviceMappings())) {
            if (mapping.noDevice()) {
                continue;
            }
            if (mapping.ebs() == null) {
                if (mapping.virtualName() != null) {
                    instance.instanceStoreMappings.add(mapping);
                }
                continue;
            }
            Ebs ebs = mapping.ebs();
            Snapshot source = ebs.snapshotId() == null ? null : images.snapshot(ebs.snapshotId());
            int size = ebs.volumeSize() != null ? ebs.volumeSize() : source != null ? source.volumeSizeGiB : 8;
            boolean encrypted = Boolean.TRUE.equals(ebs.encrypted()) || (source != null && source.encrypted);
            Volume volume = new Volume(account.ids().next("vol"), size,
                    ebs.volumeType() != null ? ebs.volumeType() : "gp3", ebs.iops(), ebs.throughput(), encrypted,
                    ebs.kmsKeyId() != null ? ebs.kmsKeyId() : source != null ? source.kmsKeyId : null,
                    ebs.snapshotId(), zone, now());
            volume.attachedInstanceId = instance.id;
            volume.deviceName = mapping.deviceName();
            volume.attachTime = now();
            volume.deleteOnTermination = !Boolean.FALSE.equals(ebs.deleteOnTermination());
            volume.tags.putAll(volumeTags);
            volumes.put(volume.id, volume);
            instance.blockDevices.add(new Instance.Attachment(mapping.deviceName(), volume.id,
                    volume.deleteOnTermination, now()));
        }
        instances.put(instance.id, instance);
        transitionLater(instance, account.scenario().instanceBootTime(), "running", null);
        return instance;
    }

    /** The image's mappings with the launch's mappings laid over them, device by device. */
    private static List<BlockDeviceMapping> effectiveMappings(List<BlockDeviceMapping> fromImage,
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

    /**
     * Moves the instance to {@code target} after {@code delay}, unless another state change overtakes
     * this one first (a termination before the boot completes, say).
     */
    private void transitionLater(Instance instance, Duration delay, String target, StateReason reason) {
        int expected = instance.stateChanges;
        account.clock().schedule(delay, () -> {
            if (instance.stateChanges == expected) {
                instance.changeState(target, reason);
            }
        });
    }

    /** See {@link Ec2World#terminateInstance}. */
    void terminateInstance(String instanceId) {
        Instance instance = instances.get(instanceId);
        if (instance == null || "terminated".equals(instance.state)) {
            return;
        }
        instance.changeState("terminated", USER_SHUTDOWN);
        for (Instance.Attachment a : instance.blockDevices) {
            Volume v = volumes.get(a.volumeId());
            if (v != null) {
                v.attachedInstanceId = null;
                v.attachTime = null;
                if (a.deleteOnTermination()) {
                    v.state = "deleted";
                    volumes.remove(v.id);
                } else {
                    v.state = "available";
                }
            }
        }
        account.clock().schedule(Ec2World.TERMINATED_VISIBLE_FOR, () -> instances.remove(instanceId));
    }

    List<Ec2World.StateChange> terminateInstances(List<String> ids, boolean dryRun) {
        List<Instance> targets = requireInstances(ids);
        stopIfDryRun(dryRun);
        List<Ec2World.StateChange> changes = new ArrayList<>();
        for (Instance i : targets) {
            String before = i.state;
            terminateInstance(i.id);
            changes.add(new Ec2World.StateChange(i.id, before, i.state));
        }
        return changes;
    }

    /** See {@link Ec2World#stopInstances}. */
    List<Ec2World.StateChange> stopInstances(List<String> ids, boolean dryRun) {
        return changeStates(ids, dryRun, UP_OR_STOPPED, "stopped", i -> {
            if ("running".equals(i.state)) {
                i.changeState("stopping", USER_SHUTDOWN);
                transitionLater(i, Ec2World.STOP_TIME, "stopped", USER_SHUTDOWN);
            }
        });
    }

    /** See {@link Ec2World#startInstances}. */
    List<Ec2World.StateChange> startInstances(List<String> ids, boolean dryRun) {
        return changeStates(ids, dryRun, STARTABLE, "started", i -> {
            if ("stopped".equals(i.state)) {
                i.changeState("pending", null);
                transitionLater(i, account.scenario().instanceBootTime(), "running", null);
            }
        });
    }

    /**
     * Applies {@code change} to every instance once all are known and in one of the {@code accepted}
     * states (else AWS's error that they cannot be {@code becoming}), and reports each one's before and after.
     */
    private List<Ec2World.StateChange> changeStates(List<String> ids, boolean dryRun, Set<String> accepted,
                                                    String becoming, Consumer<Instance> change) {
        List<Instance> targets = requireInstances(ids);
        requireStates(targets, accepted, becoming);
        stopIfDryRun(dryRun);
        List<Ec2World.StateChange> changes = new ArrayList<>();
        for (Instance i : targets) {
            String before = i.state;
            change.accept(i);
            changes.add(new Ec2World.StateChange(i.id, before, i.state));
        }
        return changes;
    }

    private List<Instance> requireInstances(List<String> ids) {
        if (ids.isEmpty()) {
            throw Ec2Requests.missing("InstanceId");
        }
        return ids.stream().map(this::requireInstance).toList();
    }

    private static void requireStates(List<Instance> instances, Set<String> states, String becoming) {
        for (Instance i : instances) {
            if (!states.contains(i.state)) {
                throw new AwsException("IncorrectInstanceState",
                        "The instance '" + i.id + "' is not in a state from which it can be " + becoming + ".");
            }
        }
    }

    /**
     * See {@link Ec2World#createImage}: the instance's side of it, its state before and its reboot after;
     * {@link Images#imageOf} makes the image.
     */
    Image createImage(String instanceId, Ec2World.NewImage request, List<BlockDeviceMapping> overrides,
                      boolean noReboot, boolean dryRun) {
        Instance instance = requireInstance(instanceId);
        if (!UP_OR_STOPPED.contains(instance.state)) {
            throw new AwsException("InvalidParameterValue", "Invalid value '" + instanceId
                    + "' for instanceId. Instance is not in state 'running' or 'stopping' or 'stopped'");
        }
        images.requireNewImageName(request.name());
        List<ImageMappingPlan.Entry> plan = ImageMappingPlan.of(instance, overrides, this, images);
        stopIfDryRun(dryRun);
        Image image = images.imageOf(instance, request, plan);
        if (!noReboot && "running".equals(instance.state)) {
            instance.impairedUntil = now().plus(account.scenario().rebootTime());
        }
        return image;
    }
}
