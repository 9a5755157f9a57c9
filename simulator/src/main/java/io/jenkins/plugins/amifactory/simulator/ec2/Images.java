package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.account.ImageTiming;
import io.jenkins.plugins.amifactory.simulator.account.Knobs;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * The images and snapshots of one region and AWS's rules for them: well-formed unique image names,
 * images that stay pending for the scenario's image time and then become available or fail, snapshots
 * that cannot be deleted while a registered image uses them. Guarded by the world's lock.
 */
final class Images {

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");

    /** Why an Image CreateImage made failed, as the scenario's {@code failNextImages} makes it fail. */
    private static final StateReason CREATE_FAILED = new StateReason("Server.InternalError",
            "Server.InternalError: Internal error creating the image (scenario: failNextImages)");
    /**
     * Why a copy failed, as the scenario's {@code failNextCopies} makes it fail. The message is the one a user
     * reported for a copy that failed in AWS (hashicorp/packer#6599); the code is not confirmed.
     */
    private static final StateReason COPY_FAILED = new StateReason("Server.InternalError",
            "Server.InternalError: Copy image failed with an internal error.");

    private final Account account;
    private final String region;
    /** The account's images in any region, for CopyImage to read its source from. */
    private final Function<String, Images> regions;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();

    Images(Account account, String region, Function<String, Images> regions) {
        this.account = account;
        this.region = region;
        this.regions = regions;
    }

    private Instant now() {
        return account.clock().now();
    }

    private Knobs scenario() {
        return account.scenario();
    }

    Image image(String id) {
        return images.get(id);
    }

    Snapshot snapshot(String id) {
        return snapshots.get(id);
    }

    List<Image> all() {
        return List.copyOf(images.values());
    }

    List<Snapshot> snapshots() {
        return List.copyOf(snapshots.values());
    }

    /** A registered image: a deregistered one is as unknown to every action but DescribeImages. */
    Image requireImage(String id) {
        Image image = IdKind.IMAGE.require(images, id);
        if ("deregistered".equals(image.state)) {
            throw IdKind.IMAGE.notFound(id);
        }
        return image;
    }

    Snapshot requireSnapshot(String id) {
        return IdKind.SNAPSHOT.require(snapshots, id);
    }

    /** The image an instance is to launch from: given, registered and available. */
    Image requireLaunchable(String imageId) {
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

    /** See {@link Ec2World#registerBaseImage}. */
    Image registerBaseImage(String name, int rootSizeGiB) {
        return registerAvailable(name, rootSizeGiB, Ec2World.AMAZON_OWNER_ID);
    }

    /** See {@link Ec2World#registerImage}. */
    Image registerImage(String name, int rootSizeGiB, Map<String, String> tags) {
        requireNewImageName(name);
        Image image = registerAvailable(name, rootSizeGiB, account.id());
        image.tags.putAll(tags);
        return image;
    }

    private Image registerAvailable(String name, int rootSizeGiB, String ownerId) {
        Snapshot snapshot = new Snapshot(account.ids().next("snap"), ownerId, "vol-ffffffff",
                rootSizeGiB, false, null, (ownerId.equals(account.id()) ? "image " : "base image ") + name, now(), now());
        snapshot.state = "completed";
        snapshots.put(snapshot.id, snapshot);
        Image image = new Image(account.ids().next("ami"), name, name, ownerId, now(), "/dev/xvda",
                "x86_64", Image.Origin.registered());
        image.blockDeviceMappings.add(BlockDeviceMapping.ebs("/dev/xvda",
                new Ebs(snapshot.id, rootSizeGiB, "gp3", 3000, 125, false, null, true)));
        image.state = "available";
        images.put(image.id, image);
        return image;
    }

    /**
     * The image CreateImage makes of {@code instance} once the request passed every check: a snapshot per
     * volume the plan takes from the instance, all pending until {@link Knobs#imageTime} of their GiB.
     */
    Image imageOf(Instance instance, Ec2World.NewImage request, List<ImageMappingPlan.Entry> plan) {
        Image image = new Image(account.ids().next("ami"), request.name(), request.description(), account.id(),
                now(), instance.rootDeviceName, instance.architecture, Image.Origin.instance(instance.id));
        long totalGiB = plan.stream().filter(p -> p.source() != null).mapToLong(p -> p.source().sizeGiB).sum();
        ImageTiming timing = scenario().imageTiming(totalGiB);
        Instant done = now().plus(timing.snapshotsDone());
        List<Snapshot> taken = new ArrayList<>();
        for (ImageMappingPlan.Entry p : plan) {
            if (p.source() == null) {
                image.blockDeviceMappings.add(p.mapping());
                continue;
            }
            Volume v = p.source();
            Snapshot s = newSnapshot(v.id, v.sizeGiB, v.encrypted, v.kmsKeyId,
                    "Created by CreateImage(" + instance.id + ") for " + image.id, request.snapshotTags(), done);
            taken.add(s);
            image.blockDeviceMappings.add(
                    BlockDeviceMapping.ebs(p.mapping().deviceName(), p.mapping().ebs().withSnapshotId(s.id)));
        }
        boolean unhealthy = scenario().takeUnhealthyNextImage();
        settleLater(image, request.imageTags(), taken, timing, unhealthy,
                scenario().takeFailNextImage() ? CREATE_FAILED : null);
        return image;
    }

    /** See {@link Ec2World#copyImage}. */
    Image copyImage(String sourceRegion, String sourceImageId, Ec2World.NewImage request, boolean encrypted,
                    String kmsKeyId, boolean copyImageTags, boolean dryRun) {
        if (!REGION_NAME.matcher(sourceRegion).matches()) {
            throw new AwsException("InvalidParameterValue", "Invalid region: " + sourceRegion);
        }
        if (kmsKeyId != null && !encrypted) {
            // As AWS answers CreateVolume and RunInstances; not confirmed for CopyImage.
            throw new AwsException("InvalidParameterDependency",
                    "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        }
        String requestedKey = kmsKeyId == null ? null : KmsKeys.resolve(kmsKeyId, region, account.id());
        Images sourceRegionImages = regions.apply(sourceRegion);
        Image source = sourceRegionImages.requireImage(sourceImageId);
        if (!"available".equals(source.state)) {
            throw new AwsException("IncorrectState",
                    "Image " + sourceImageId + " is " + source.state + "; only available images can be copied.");
        }
        requireNewImageName(request.name());
        stopIfDryRun(dryRun);

        Image image = new Image(account.ids().next("ami"), request.name(), request.description(), account.id(),
                now(), source.rootDeviceName, source.architecture, Image.Origin.copy(sourceImageId, sourceRegion));
        long totalGiB = source.snapshotIds().stream().map(sourceRegionImages.snapshots::get)
                .filter(Objects::nonNull).mapToLong(s -> s.volumeSizeGiB).sum();
        ImageTiming timing = scenario().copyTiming(totalGiB);
        Instant done = now().plus(timing.snapshotsDone());
        List<Snapshot> copies = new ArrayList<>();
        for (BlockDeviceMapping m : source.blockDeviceMappings) {
            Snapshot from = m.ebs() == null || m.ebs().snapshotId() == null
                    ? null : sourceRegionImages.snapshots.get(m.ebs().snapshotId());
            if (from == null) {
                image.blockDeviceMappings.add(m);
                continue;
            }
            boolean encrypt = encrypted || from.encrypted;
            String key = encrypt ? copyKey(encrypted, requestedKey, from, sourceRegion) : null;
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
        settleLater(image, tags, copies, timing, unhealthy, scenario().takeFailNextCopy() ? COPY_FAILED : null);
        return image;
    }

    /**
     * The key that encrypts the copy of {@code from}: the one asked for, else the account's default EBS key
     * when encryption was asked for; an encrypted source stays encrypted, with its own key in its own region and
     * the default key of this one elsewhere (a KMS key belongs to one region).
     */
    private String copyKey(boolean encrypted, String requestedKey, Snapshot from, String sourceRegion) {
        if (requestedKey != null) {
            return requestedKey;
        }
        if (!encrypted && from.kmsKeyId != null && sourceRegion.equals(region)) {
            return from.kmsKeyId;
        }
        return KmsKeys.defaultKey(region, account.id());
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
     * Registers the pending image, whose fate the caller decided now (so that a knob changed later does not
     * alter it): when the timing says, it and its snapshots complete, or fail for {@code failure} when that is
     * not null.
     */
    private void settleLater(Image image, Map<String, String> tags, List<Snapshot> snapshotsTaken, ImageTiming timing,
                             boolean unhealthy, StateReason failure) {
        image.tags.putAll(tags);
        images.put(image.id, image);
        boolean fails = failure != null;
        if (unhealthy) {
            scenario().markUnhealthyImage(image.id);
        }
        snapshotsTaken.forEach(s -> s.steps = timing.steps());
        account.clock().scheduleAt(image.creationDate.plus(timing.snapshotsDone()), () -> {
            snapshotsTaken.forEach(s -> {
                if ("pending".equals(s.state)) {
                    s.state = fails ? "error" : "completed";
                    account.clock().note(s.id, s.state);
                }
            });
        });
        account.clock().scheduleAt(image.creationDate.plus(timing.available()), () -> {
            if ("pending".equals(image.state)) {
                image.state = fails ? "failed" : "available";
                image.stateReason = failure;
                account.clock().note(image.id, image.state);
            }
        });
    }

    /** AMI names: 3 to 128 of letters, digits and ( ) [ ] space . / - ' @ _, unique among the account's images. */
    void requireNewImageName(String name) {
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

    /** See {@link Ec2World#deregisterImage}. */
    Map<String, String> deregisterImage(String imageId, boolean deleteSnapshots, boolean dryRun) {
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

    /** See {@link Ec2World#deleteSnapshot}. */
    void deleteSnapshot(String snapshotId, boolean dryRun) {
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
}
