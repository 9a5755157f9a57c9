package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.account.Knobs;
import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The EC2 state of one region: instances, volumes, snapshots, images and launch templates. The AWS rules
 * that govern them live per resource, in {@link Instances} (with their volumes), {@link Images} (with
 * their snapshots), {@link LaunchTemplates} and {@link ResourceTags}; this class is their one entry.
 * Every method runs with the world's lock held. Auto Scaling launches and terminates instances through
 * {@link #launchInstance} and {@link #terminateInstance}, and reads launch templates through
 * {@link #launchSpecFromTemplate}.
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

    /** The state changes Terminate/Stop/StartInstances report. */
    public record StateChange(String instanceId, String previousState, String currentState) {}

    /** What CreateImage and CopyImage are told about the new image. */
    public record NewImage(String name, String description, Map<String, String> imageTags,
                           Map<String, String> snapshotTags) {}

    /** A launch template's id and name. */
    public record TemplateIdentity(String id, String name) {}

    private final String region;
    private final Images images;
    private final Instances instances;
    private final LaunchTemplates launchTemplates;
    private final ResourceTags tags;
    private final ImageAttributes imageAttributes;
    private final ImageAliases aliases;

    /**
     * {@code regions} gives the account's EC2 in any region, for CopyImage to read its source from; {@code ssm}
     * is the region's Parameter Store, which {@code resolve:ssm:} Image ids are resolved against.
     */
    public Ec2World(Account account, String region, Function<String, Ec2World> regions, ParameterStore ssm) {
        this.region = region;
        this.images = new Images(account, region, r -> regions.apply(r).images);
        this.instances = new Instances(account, availabilityZones(), images);
        this.aliases = new ImageAliases(ssm);
        this.launchTemplates = new LaunchTemplates(account, aliases);
        this.tags = new ResourceTags(instances, images, launchTemplates);
        this.imageAttributes = new ImageAttributes(account, images);
    }

    public String region() {
        return region;
    }

    public List<String> availabilityZones() {
        return List.of(region + "a", region + "b", region + "c");
    }

    LaunchTemplates launchTemplates() {
        return launchTemplates;
    }

    public Instance instance(String id) {
        return instances.instance(id);
    }

    public Image image(String id) {
        return images.image(id);
    }

    public Snapshot snapshot(String id) {
        return images.snapshot(id);
    }

    public Volume volume(String id) {
        return instances.volume(id);
    }

    public List<Instance> instances() {
        return instances.all();
    }

    public List<Image> images() {
        return images.all();
    }

    List<Snapshot> snapshots() {
        return images.snapshots();
    }

    List<Volume> volumes() {
        return instances.volumes();
    }

    Instance requireInstance(String id) {
        return instances.requireInstance(id);
    }

    Snapshot requireSnapshot(String id) {
        return images.requireSnapshot(id);
    }

    Volume requireVolume(String id) {
        return instances.requireVolume(id);
    }

    /**
     * Launches an instance in a reservation of its own: the image's block device mappings, overridden
     * device by device by the spec's, become new volumes; it is {@code running} after the scenario's boot
     * time. A {@code resolve:ssm:} Image id is resolved now. Throws AWS's errors for an unknown or unavailable
     * image or zone.
     */
    public Instance launchInstance(LaunchSpec spec, String availabilityZone, Map<String, String> tags) {
        return instances.launchInstance(aliases.resolve(spec), availabilityZone, tags);
    }

    /**
     * RunInstances: {@code count} instances in one reservation, tagged as the tag specifications say. An Image id
     * given as {@code resolve:ssm:} is resolved now.
     */
    public List<Instance> runInstances(LaunchSpec spec, String availabilityZone, int count,
                                       Map<String, String> instanceTags, Map<String, String> volumeTags,
                                       boolean dryRun) {
        return instances.runInstances(aliases.resolve(spec), availabilityZone, count, instanceTags, volumeTags, dryRun);
    }

    /**
     * Terminates an instance at once and deletes its delete-on-termination volumes; others become
     * available. EC2 forgets the instance an hour later. Unknown or already terminated ids are ignored.
     */
    public void terminateInstance(String instanceId) {
        instances.terminateInstance(instanceId);
    }

    public List<StateChange> terminateInstances(List<String> ids, boolean dryRun) {
        return instances.terminateInstances(ids, dryRun);
    }

    /** Running instances go stopping, then stopped; stopping or stopped ones stay as they are. */
    public List<StateChange> stopInstances(List<String> ids, boolean dryRun) {
        return instances.stopInstances(ids, dryRun);
    }

    /** Stopped instances boot again (pending, then running after the boot time); running ones stay. */
    public List<StateChange> startInstances(List<String> ids, boolean dryRun) {
        return instances.startInstances(ids, dryRun);
    }

    /**
     * Registers an available Amazon-owned image with one EBS root volume backed by a completed snapshot, as
     * a public base image (Amazon Linux and the like) is. For seeding worlds.
     */
    public Image registerBaseImage(String name, int rootSizeGiB) {
        return images.registerBaseImage(name, rootSizeGiB);
    }

    /**
     * Registers an available, tagged Image of this account with one EBS root snapshot, at once: for seeding worlds
     * with many Images. Names follow CreateImage's rules.
     */
    public Image registerImage(String name, int rootSizeGiB, Map<String, String> tags) {
        return images.registerImage(name, rootSizeGiB, tags);
    }

    /**
     * Creates a launch template whose versions hold {@code versions} in order (the first is the default), each
     * given as the {@code LaunchTemplateData.*} parameters a request would send without the prefix
     * ({@code ImageId}, {@code InstanceType}, {@code TagSpecification.1.ResourceType}, …), checked as
     * CreateLaunchTemplate and CreateLaunchTemplateVersion check them. For seeding worlds; its id.
     */
    public String createLaunchTemplate(String name, List<Map<String, String>> versions, Map<String, String> tags) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a launch template has at least one version");
        }
        LaunchTemplate t = launchTemplates.create(name, null, LaunchTemplateData.of(versions.get(0)), tags, false);
        for (Map<String, String> data : versions.subList(1, versions.size())) {
            launchTemplates.createVersion(t, null, null, LaunchTemplateData.of(data), false);
        }
        return t.id;
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
        return instances.createImage(instanceId, request, overrides, noReboot, dryRun);
    }

    /**
     * CopyImage into this region from {@code sourceRegion} (this one or another of the same world): a new
     * image with new snapshots, pending until {@link Knobs#copyTime} of the source's GiB, then available, or
     * failed when the scenario says so. A copy of an unhealthy image is unhealthy too. With {@code encrypted}
     * its snapshots are encrypted with {@code kmsKeyId} (a key id, key ARN, alias name or alias ARN of this
     * region), else with the account's default EBS key; they show the key as a key ARN.
     */
    public Image copyImage(String sourceRegion, String sourceImageId, NewImage request, boolean encrypted,
                           String kmsKeyId, boolean copyImageTags, boolean dryRun) {
        return images.copyImage(sourceRegion, sourceImageId, request, encrypted, kmsKeyId, copyImageTags, dryRun);
    }

    /**
     * DeregisterImage; with {@code deleteSnapshots} also deletes its snapshots that no other registered
     * image uses. Returns each snapshot's outcome ({@code success} or {@code skipped}).
     */
    public Map<String, String> deregisterImage(String imageId, boolean deleteSnapshots, boolean dryRun) {
        return images.deregisterImage(imageId, deleteSnapshots, dryRun);
    }

    /**
     * ModifyImageAttribute {@code launchPermission}, as the owner (else {@code AuthFailure}): grants, then revokes;
     * every grant is checked before any applies.
     */
    public void modifyLaunchPermission(String imageId, List<LaunchPermissions.Grant> add,
                                       List<LaunchPermissions.Grant> remove, boolean dryRun) {
        imageAttributes.modifyLaunchPermission(imageId, add, remove, dryRun);
    }

    /** ResetImageAttribute {@code launchPermission}: the owner alone may launch the Image again. */
    public void resetLaunchPermission(String imageId, boolean dryRun) {
        imageAttributes.resetLaunchPermission(imageId, dryRun);
    }

    /** ModifyImageAttribute {@code description}, as the owner. */
    public void modifyDescription(String imageId, String description, boolean dryRun) {
        imageAttributes.modifyDescription(imageId, description, dryRun);
    }

    /** A registered Image, for DescribeImageAttribute; {@code owned} also requires the account to own it. */
    Image requireImage(String imageId, boolean owned) {
        return owned ? imageAttributes.requireOwned(imageId) : images.requireImage(imageId);
    }

    /** DeleteSnapshot; refused while a registered image is backed by it. */
    public void deleteSnapshot(String snapshotId, boolean dryRun) {
        images.deleteSnapshot(snapshotId, dryRun);
    }

    public void createTags(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        this.tags.create(resourceIds, tags, dryRun);
    }

    /** DeleteTags: a key with a null value goes whatever its value; with a value, only when it matches. */
    public void deleteTags(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        this.tags.delete(resourceIds, tags, dryRun);
    }

    /**
     * The launch spec of a launch template version, for Auto Scaling to launch from: image, instance type,
     * key, security groups (ids, names, then network interface groups), instance profile (ARN, else name),
     * user data as stored (the Image id resolved if it is a {@code resolve:ssm:} alias), metadata options, block device mappings, EBS-optimized, monitoring, kernel and
     * RAM disk. Fields the version does not set are null (empty for lists). Give the template's id or its
     * name; when both are given the id is used. {@code version} is a number, {@code $Latest},
     * {@code $Default}, or null for {@code $Default}.
     *
     * @throws AwsException with EC2's codes for an unknown template or version
     */
    public LaunchSpec launchSpecFromTemplate(String templateId, String templateName, String version) {
        return launchTemplates.launchSpec(templateId, templateName, version);
    }

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
        return launchTemplates.tagsFor(templateId, templateName, version, resourceType);
    }
}
