package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.account.Knobs;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * The EC2 state of one region: instances, volumes, snapshots, images and launch templates, and the AWS
 * rules that govern them. Every method runs with the world's lock held. Auto Scaling launches and
 * terminates instances through {@link #launchInstance} and {@link #terminateInstance}, and reads launch
 * templates through {@link #launchSpecFromTemplate}.
 *
 * <p>Methods that take {@code dryRun} validate everything first and then, when it is set, throw AWS's
 * {@code DryRunOperation} instead of changing anything.
 */
public final class Ec2World {

    /** The account Amazon's public images belong to (alias {@code amazon}). */
    public static final String AMAZON_OWNER_ID = "137112412989";

    /** How long a stopping instance takes to stop; no scenario varies it. */
    static final Duration STOP_TIME = Duration.ofSeconds(10);
    /** EC2 keeps answering for a terminated instance about this long, then forgets it. */
    static final Duration TERMINATED_VISIBLE_FOR = Duration.ofHours(1);

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");
    /** The states CreateImage and StopInstances accept an instance in. */
    private static final Set<String> UP_OR_STOPPED = Set.of("running", "stopping", "stopped");
    private static final Set<String> STARTABLE = Set.of("stopped", "pending", "running");
    private static final StateReason USER_SHUTDOWN =
            new StateReason("Client.UserInitiatedShutdown", "Client.UserInitiatedShutdown: User initiated shutdown");

    /** The state changes Terminate/Stop/StartInstances report. */
    public record StateChange(String instanceId, String previousState, String currentState) {}

    /** What CreateImage and CopyImage are told about the new image. */
    public record NewImage(String name, String description, Map<String, String> imageTags,
                           Map<String, String> snapshotTags) {}

    private final Account account;
    private final String region;
    /** The account's EC2 in any region, for CopyImage to read its source from. */
    private final Function<String, Ec2World> regions;
    private final LaunchTemplates launchTemplates;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<String, Image> images = new LinkedHashMap<>();

    public Ec2World(Account account, String region, Function<String, Ec2World> regions) {
        this.account = account;
        this.region = region;
        this.regions = regions;
        this.launchTemplates = new LaunchTemplates(account);
    }

    public String region() {
        return region;
    }

    public List<String> availabilityZones() {
        return List.of(region + "a", region + "b", region + "c");
    }

    private Instant now() {
        return account.clock().now();
    }

    private Knobs scenario() {
        return account.scenario();
    }


    LaunchTemplates launchTemplates() {
        return launchTemplates;
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

    List<Snapshot> snapshots() {
        return List.copyOf(snapshots.values());
    }

    List<Volume> volumes() {
        return List.copyOf(volumes.values());
    }

    Instance requireInstance(String id) {
        return require(IdKind.INSTANCE, instances, id);
    }

    /** A registered image: a deregistered one is as unknown to every action but DescribeImages. */
    Image requireImage(String id) {
        Image image = require(IdKind.IMAGE, images, id);
        if ("deregistered".equals(image.state)) {
            throw IdKind.IMAGE.notFound(id);
        }
        return image;
    }

    Snapshot requireSnapshot(String id) {
        return require(IdKind.SNAPSHOT, snapshots, id);
    }

    Volume requireVolume(String id) {
        return require(IdKind.VOLUME, volumes, id);
    }

    private static <T> T require(IdKind kind, Map<String, T> resources, String id) {
        T found = resources.get(kind.requireWellFormed(id));
        if (found == null) {
            throw kind.notFound(id);
        }
        return found;
    }


    /**
     * Launches an instance in a reservation of its own: the image's block device mappings, overridden
     * device by device by the spec's, become new volumes; it is {@code running} after the scenario's boot
     * time. Throws AWS's errors for an unknown or unavailable image or zone.
     */
    public Instance launchInstance(LaunchSpec spec, String availabilityZone, Map<String, String> tags) {
        Image image = requireLaunchable(spec.imageId());
        return launch(spec, image, zone(availabilityZone), tags, Map.of(), account.ids().next("r"));
    }

    /** RunInstances: {@code count} instances in one reservation, tagged as the tag specifications say. */
    public List<Instance> runInstances(LaunchSpec spec, String availabilityZone, int count,
                                       Map<String, String> instanceTags, Map<String, String> volumeTags,
                                       boolean dryRun) {
        Image image = requireLaunchable(spec.imageId());
        String zone = zone(availabilityZone);
        stopIfDryRun(dryRun);
        String reservationId = account.ids().next("r");
        List<Instance> launched = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            launched.add(launch(spec, image, zone, instanceTags, volumeTags, reservationId));
        }
        return launched;
    }

    private Image requireLaunchable(String imageId) {
        if (imageId == null) {
            throw Ec2Requests.missing("ImageId");
        }
        Image image = requireImage(imageId);
        if (!"available".equals(image.state)) {
            throw new AwsException("InvalidAMIID.Unavailable",
                    "The image id '[" + imageId + "]' is not available (state " + image.state + ")");
        }
        return image;
    }

    private String zone(String requested) {
        if (requested == null) {
            return availabilityZones().get(0);
        }
        if (!availabilityZones().contains(requested)) {
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
            Snapshot source = ebs.snapshotId() == null ? null : snapshots.get(ebs.snapshotId());
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
        transitionLater(instance, scenario().instanceBootTime(), "running", null);
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

    /**
     * Terminates an instance at once and deletes its delete-on-termination volumes; others become
     * available. EC2 forgets the instance an hour later. Unknown or already terminated ids are ignored.
     */
    public void terminateInstance(String instanceId) {
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
        account.clock().schedule(TERMINATED_VISIBLE_FOR, () -> instances.remove(instanceId));
    }

    public List<StateChange> terminateInstances(List<String> ids, boolean dryRun) {
        List<Instance> targets = requireInstances(ids);
        stopIfDryRun(dryRun);
        List<StateChange> changes = new ArrayList<>();
        for (Instance i : targets) {
            String before = i.state;
            terminateInstance(i.id);
            changes.add(new StateChange(i.id, before, i.state));
        }
        return changes;
    }

    /** Running instances go stopping, then stopped; stopping or stopped ones stay as they are. */
    public List<StateChange> stopInstances(List<String> ids, boolean dryRun) {
        List<Instance> targets = requireInstances(ids);
        requireStates(targets, UP_OR_STOPPED, "stopped");
        stopIfDryRun(dryRun);
        List<StateChange> changes = new ArrayList<>();
        for (Instance i : targets) {
            String before = i.state;
            if ("running".equals(before)) {
                i.changeState("stopping", USER_SHUTDOWN);
                transitionLater(i, STOP_TIME, "stopped", USER_SHUTDOWN);
            }
            changes.add(new StateChange(i.id, before, i.state));
        }
        return changes;
    }

    /** Stopped instances boot again (pending, then running after the boot time); running ones stay. */
    public List<StateChange> startInstances(List<String> ids, boolean dryRun) {
        List<Instance> targets = requireInstances(ids);
        requireStates(targets, STARTABLE, "started");
        stopIfDryRun(dryRun);
        List<StateChange> changes = new ArrayList<>();
        for (Instance i : targets) {
            String before = i.state;
            if ("stopped".equals(before)) {
                i.changeState("pending", null);
                transitionLater(i, scenario().instanceBootTime(), "running", null);
            }
            changes.add(new StateChange(i.id, before, i.state));
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
     * Registers an available Amazon-owned image with one EBS root volume backed by a completed snapshot, as
     * a public base image (Amazon Linux and the like) is. For seeding worlds.
     */
    public Image registerBaseImage(String name, int rootSizeGiB) {
        Snapshot snapshot = new Snapshot(account.ids().next("snap"), AMAZON_OWNER_ID, "vol-ffffffff", rootSizeGiB,
                false, null, "base image " + name, now(), now());
        snapshot.state = "completed";
        snapshots.put(snapshot.id, snapshot);
        Image image = new Image(account.ids().next("ami"), name, name, AMAZON_OWNER_ID, now(), "/dev/xvda",
                "x86_64", Image.Origin.registered());
        image.blockDeviceMappings.add(BlockDeviceMapping.ebs("/dev/xvda",
                new Ebs(snapshot.id, rootSizeGiB, "gp3", 3000, 125, false, null, true)));
        image.state = "available";
        images.put(image.id, image);
        return image;
    }

    /**
     * CreateImage. The image's mappings are new snapshots of the instance's EBS volumes (size, type, IOPS,
     * throughput, encryption and delete-on-termination kept) plus its instance-store mappings. Of an
     * attached volume, {@code overrides} may only change delete-on-termination, or drop it with NoDevice;
     * they may add instance-store or new EBS devices. Pending until {@link Knobs#imageTime} of the
     * snapshotted GiB, then available, or failed when the scenario says so. Without {@code noReboot} a
     * running instance reboots: its status checks fail for {@link Knobs#rebootTime}.
     */
    public Image createImage(String instanceId, NewImage request, List<BlockDeviceMapping> overrides,
                             boolean noReboot, boolean dryRun) {
        Instance instance = requireInstance(instanceId);
        if (!UP_OR_STOPPED.contains(instance.state)) {
            throw new AwsException("InvalidParameterValue", "Invalid value '" + instanceId
                    + "' for instanceId. Instance is not in state 'running' or 'stopping' or 'stopped'");
        }
        requireNewImageName(request.name());
        List<ImageMappingPlan.Entry> plan = ImageMappingPlan.of(instance, overrides, this);
        stopIfDryRun(dryRun);

        Image image = new Image(account.ids().next("ami"), request.name(), request.description(), account.id(),
                now(), instance.rootDeviceName, instance.architecture, Image.Origin.instance(instanceId));
        long totalGiB = plan.stream().filter(p -> p.source() != null).mapToLong(p -> p.source().sizeGiB).sum();
        Instant done = now().plus(scenario().imageTime(totalGiB));
        List<Snapshot> taken = new ArrayList<>();
        for (ImageMappingPlan.Entry p : plan) {
            if (p.source() == null) {
                image.blockDeviceMappings.add(p.mapping());
                continue;
            }
            Volume v = p.source();
            Snapshot s = newSnapshot(v.id, v.sizeGiB, v.encrypted, v.kmsKeyId,
                    "Created by CreateImage(" + instanceId + ") for " + image.id, request.snapshotTags(), done);
            taken.add(s);
            image.blockDeviceMappings.add(
                    BlockDeviceMapping.ebs(p.mapping().deviceName(), p.mapping().ebs().withSnapshotId(s.id)));
        }
        boolean unhealthy = scenario().takeUnhealthyNextImage();
        settleLater(image, request.imageTags(), taken, done, unhealthy);
        if (!noReboot && "running".equals(instance.state)) {
            instance.impairedUntil = now().plus(scenario().rebootTime());
        }
        return image;
    }

    /**
     * CopyImage into this region from {@code sourceRegion} (this one or another of the same world): a new
     * image with new snapshots, pending until the scenario's image time. A copy of an unhealthy image is
     * unhealthy too.
     */
    public Image copyImage(String sourceRegion, String sourceImageId, NewImage request, boolean encrypted,
                           String kmsKeyId, boolean copyImageTags, boolean dryRun) {
        if (!REGION_NAME.matcher(sourceRegion).matches()) {
            throw new AwsException("InvalidParameterValue", "Invalid region: " + sourceRegion);
        }
        Ec2World sourceWorld = regions.apply(sourceRegion);
        Image source = sourceWorld.requireImage(sourceImageId);
        if (!"available".equals(source.state)) {
            throw new AwsException("IncorrectState",
                    "Image " + sourceImageId + " is " + source.state + "; only available images can be copied.");
        }
        requireNewImageName(request.name());
        stopIfDryRun(dryRun);

        Image image = new Image(account.ids().next("ami"), request.name(), request.description(), account.id(),
                now(), source.rootDeviceName, source.architecture, Image.Origin.copy(sourceImageId, sourceRegion));
        long totalGiB = source.snapshotIds().stream().map(sourceWorld.snapshots::get).filter(Objects::nonNull)
                .mapToLong(s -> s.volumeSizeGiB).sum();
        Instant done = now().plus(scenario().imageTime(totalGiB));
        List<Snapshot> copies = new ArrayList<>();
        for (BlockDeviceMapping m : source.blockDeviceMappings) {
            Snapshot from = m.ebs() == null || m.ebs().snapshotId() == null
                    ? null : sourceWorld.snapshots.get(m.ebs().snapshotId());
            if (from == null) {
                image.blockDeviceMappings.add(m);
                continue;
            }
            boolean encrypt = encrypted || from.encrypted;
            String key = kmsKeyId != null ? kmsKeyId : from.kmsKeyId;
            Snapshot copy = newSnapshot("vol-ffffffff", from.volumeSizeGiB, encrypt, key, "Copied for DestinationAmi "
                    + image.id + " from SourceAmi " + sourceImageId + " for SourceSnapshot " + from.id,
                    request.snapshotTags(), done);
            copies.add(copy);
            Ebs e = m.ebs();
            image.blockDeviceMappings.add(BlockDeviceMapping.ebs(m.deviceName(), new Ebs(copy.id, e.volumeSize(),
                    e.volumeType(), e.iops(), e.throughput(), encrypt, key, e.deleteOnTermination())));
        }
        Map<String, String> tags = new LinkedHashMap<>(copyImageTags ? source.tags : Map.of());
        tags.putAll(request.imageTags());
        boolean unhealthy = scenario().isUnhealthyImage(sourceImageId)
                || scenario().takeUnhealthyNextImage();
        settleLater(image, tags, copies, done, unhealthy);
        return image;
    }

    private Snapshot newSnapshot(String volumeId, int sizeGiB, boolean encrypted, String kmsKeyId,
                                 String description, Map<String, String> tags, Instant completeAt) {
        Snapshot s = new Snapshot(account.ids().next("snap"), account.id(), volumeId, sizeGiB, encrypted, kmsKeyId,
                description, now(), completeAt);
        s.tags.putAll(tags);
        snapshots.put(s.id, s);
        return s;
    }

    /**
     * Registers the pending image and decides its fate now (so that a knob changed later does not alter
     * it): at {@code done} it and its snapshots complete, or fail when the scenario claims this image.
     */
    private void settleLater(Image image, Map<String, String> tags, List<Snapshot> snapshotsTaken, Instant done,
                             boolean unhealthy) {
        image.tags.putAll(tags);
        images.put(image.id, image);
        boolean fails = scenario().takeFailNextImage();
        if (unhealthy) {
            scenario().markUnhealthyImage(image.id);
        }
        account.clock().scheduleAt(done, () -> {
            snapshotsTaken.forEach(s -> s.state = fails ? "error" : "completed");
            if ("pending".equals(image.state)) {
                image.state = fails ? "failed" : "available";
                if (fails) {
                    image.stateReason = new StateReason("Server.InternalError",
                            "Server.InternalError: Internal error creating the image (scenario: failNextImages)");
                }
            }
        });
    }

    /** AMI names: 3 to 128 of letters, digits and ( ) [ ] space . / - ' @ _, unique among the account's images. */
    private void requireNewImageName(String name) {
        if (name == null || name.isEmpty()) {
            throw Ec2Requests.missing("Name");
        }
        if (!IMAGE_NAME.matcher(name).matches()) {
            throw new AwsException("InvalidAMIName.Malformed", "AMI names must be between 3 and 128 characters long, "
                    + "and may contain letters, numbers, '(', ')', '[', ']', ' ', '.', '/', '-', ''', '@' and '_'");
        }
        for (Image other : images.values()) {
            if (other.name.equals(name) && account.id().equals(other.ownerId)
                    && !"deregistered".equals(other.state)) {
                throw new AwsException("InvalidAMIName.Duplicate",
                        "AMI name " + name + " is already in use by AMI " + other.id);
            }
        }
    }

    /**
     * DeregisterImage; with {@code deleteSnapshots} also deletes its snapshots that no other registered
     * image uses. Returns each snapshot's outcome ({@code success} or {@code skipped}).
     */
    public Map<String, String> deregisterImage(String imageId, boolean deleteSnapshots, boolean dryRun) {
        Image image = requireImage(imageId);
        stopIfDryRun(dryRun);
        image.state = "deregistered";
        Map<String, String> outcomes = new LinkedHashMap<>();
        if (deleteSnapshots) {
            for (String snapshotId : image.snapshotIds()) {
                boolean shared = imageUsing(snapshotId) != null;
                outcomes.put(snapshotId, shared ? "skipped" : "success");
                if (!shared) {
                    snapshots.remove(snapshotId);
                }
            }
        }
        return outcomes;
    }

    /** DeleteSnapshot; refused while a registered image is backed by it. */
    public void deleteSnapshot(String snapshotId, boolean dryRun) {
        requireSnapshot(snapshotId);
        Image user = imageUsing(snapshotId);
        if (user != null) {
            throw new AwsException("InvalidSnapshot.InUse",
                    "The snapshot " + snapshotId + " is currently in use by " + user.id);
        }
        stopIfDryRun(dryRun);
        snapshots.remove(snapshotId);
    }

    private Image imageUsing(String snapshotId) {
        return images.values().stream()
                .filter(i -> !"deregistered".equals(i.state) && i.snapshotIds().contains(snapshotId))
                .findFirst().orElse(null);
    }


    /** The tags of any taggable resource, by id; AWS's errors for an unknown or malformed one. */
    Map<String, String> tagsOf(String resourceId) {
        IdKind kind = IdKind.of(resourceId);
        if (kind == null) {
            throw new AwsException("InvalidID", "The ID '" + resourceId + "' is not valid");
        }
        return switch (kind) {
            case INSTANCE -> requireInstance(resourceId).tags;
            case IMAGE -> requireImage(resourceId).tags;
            case SNAPSHOT -> requireSnapshot(resourceId).tags;
            case VOLUME -> requireVolume(resourceId).tags;
            case LAUNCH_TEMPLATE -> launchTemplates.find(resourceId, null).tags;
        };
    }

    public void createTags(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        List<Map<String, String>> targets = tagTargets(resourceIds);
        stopIfDryRun(dryRun);
        targets.forEach(t -> t.putAll(tags));
    }

    /** DeleteTags: a key with a null value goes whatever its value; with a value, only when it matches. */
    public void deleteTags(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        List<Map<String, String>> targets = tagTargets(resourceIds);
        stopIfDryRun(dryRun);
        for (Map<String, String> target : targets) {
            tags.forEach((key, value) -> {
                if (value == null || value.equals(target.get(key))) {
                    target.remove(key);
                }
            });
        }
    }

    private List<Map<String, String>> tagTargets(Collection<String> resourceIds) {
        if (resourceIds.isEmpty()) {
            throw Ec2Requests.missing("ResourceId");
        }
        return resourceIds.stream().map(this::tagsOf).toList();
    }


    /**
     * The launch spec of a launch template version, for Auto Scaling to launch from: image, instance type,
     * key, security groups (ids, names, then network interface groups), instance profile (ARN, else name),
     * user data as stored, metadata options, block device mappings, EBS-optimized, monitoring, kernel and
     * RAM disk. Fields the version does not set are null (empty for lists). Give the template's id or its
     * name; when both are given the id is used. {@code version} is a number, {@code $Latest},
     * {@code $Default}, or null for {@code $Default}.
     *
     * @throws AwsException with EC2's codes for an unknown template or version
     */
    public LaunchSpec launchSpecFromTemplate(String templateId, String templateName, String version) {
        LaunchTemplate template = launchTemplates.find(templateId, templateName);
        return Ec2Requests.launchSpec(launchTemplates.resolve(template, version).data().asRequest(), "RamDiskId");
    }

    /** A launch template's id and name. */
    public record TemplateIdentity(String id, String name) {}

    /**
     * The id and name of the launch template given by either, as Auto Scaling reports both whichever the
     * caller named.
     *
     * @throws AwsException with EC2's codes for an unknown template
     */
    public TemplateIdentity templateIdentity(String templateId, String templateName) {
        LaunchTemplate t = launchTemplates.find(templateId, templateName);
        return new TemplateIdentity(t.id, t.name);
    }

    /** The version number {@code version} ({@code $Latest}, {@code $Default}, null or a number) resolves to. */
    public long resolveTemplateVersion(String templateId, String templateName, String version) {
        return launchTemplates.resolve(launchTemplates.find(templateId, templateName), version).number();
    }

    /**
     * The tags a launch template version's tag specifications give resources of {@code resourceType}
     * ({@code instance}, {@code volume}), which Auto Scaling adds to what it launches.
     */
    public Map<String, String> tagsFromTemplate(String templateId, String templateName, String version,
                                                String resourceType) {
        LaunchTemplate template = launchTemplates.find(templateId, templateName);
        Map<String, String> tags = new LinkedHashMap<>();
        for (var spec : launchTemplates.resolve(template, version).data().asRequest().structs("TagSpecification")) {
            if (resourceType.equals(spec.get("ResourceType"))) {
                tags.putAll(Ec2Requests.tags(spec));
            }
        }
        return tags;
    }
}
