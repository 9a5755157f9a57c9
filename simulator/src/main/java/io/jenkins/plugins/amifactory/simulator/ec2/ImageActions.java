package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.dryRun;
import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/** CreateImage, CopyImage, DescribeImages, DeregisterImage, DescribeSnapshots, DeleteSnapshot. */
final class ImageActions {

    private static final Set<String> IMAGE_TAGGABLE = Set.of("image", "snapshot");

    private static final FilterSet<Image> IMAGE_FILTERS = new FilterSet<Image>(i -> i.tags)
            .on("image-id", i -> i.id)
            .on("name", i -> i.name)
            .on("state", i -> i.state)
            .on("owner-id", i -> i.ownerId)
            .on("owner-alias", Image::ownerAlias)
            .on("description", i -> i.description)
            .on("architecture", i -> i.architecture)
            .on("is-public", Image::isPublic)
            .on("root-device-name", i -> i.rootDeviceName)
            .on("source-instance-id", i -> i.origin.sourceInstanceId())
            .on("block-device-mapping.snapshot-id", Image::snapshotIds);

    /** DescribeImages' largest page. */
    static final int MAX_IMAGES_PER_PAGE = 1000;

    private final Account account;
    private final FilterSet<Snapshot> snapshotFilters;

    ImageActions(Account account) {
        this.account = account;
        this.snapshotFilters = new FilterSet<Snapshot>(s -> s.tags)
                .on("snapshot-id", s -> s.id)
                .on("status", s -> s.state)
                .on("volume-id", s -> s.volumeId)
                .on("volume-size", s -> s.volumeSizeGiB)
                .on("owner-id", s -> s.ownerId)
                .on("description", s -> s.description)
                .on("encrypted", s -> s.encrypted)
                .on("progress", s -> s.progressAt(account.clock().now()) + "%");
    }

    void register(Map<String, Ec2Protocol.Action> actions) {
        actions.put("CreateImage", ImageActions::createImage);
        actions.put("CopyImage", ImageActions::copyImage);
        actions.put("DescribeImages", this::describeImages);
        actions.put("DeregisterImage", ImageActions::deregisterImage);
        actions.put("DescribeSnapshots", this::describeSnapshots);
        actions.put("DeleteSnapshot", (ec2, q, x) -> {
            ec2.deleteSnapshot(q.required("SnapshotId"), dryRun(q));
            x.el("return", true);
        });
    }

    private static void createImage(Ec2World ec2, QueryRequest q, Xml x) {
        String instanceId = q.required("InstanceId");
        Image image = ec2.createImage(instanceId, newImage(q), Ec2Requests.blockDeviceMappings(q),
                q.bool("NoReboot", false), dryRun(q));
        x.el("imageId", image.id);
    }

    private static void copyImage(Ec2World ec2, QueryRequest q, Xml x) {
        Image image = ec2.copyImage(q.required("SourceRegion"), q.required("SourceImageId"), newImage(q),
                q.bool("Encrypted", false), q.get("KmsKeyId"), q.bool("CopyImageTags", false), dryRun(q));
        x.el("imageId", image.id);
    }

    private static Ec2World.NewImage newImage(QueryRequest q) {
        Map<String, Map<String, String>> tags = Ec2Requests.tagSpecifications(q, IMAGE_TAGGABLE);
        return new Ec2World.NewImage(q.get("Name"), q.get("Description"), tags.getOrDefault("image", Map.of()),
                tags.getOrDefault("snapshot", Map.of()));
    }

    /**
     * Deregistered images are left out, also when asked for by id: AWS answers with nothing for them for
     * a while rather than with an error.
     */
    private void describeImages(Ec2World ec2, QueryRequest q, Xml x) {
        List<String> ids = Ec2Requests.ids(q, "ImageId", IdKind.IMAGE);
        for (String id : ids) {
            if (ec2.image(id) == null) {
                throw IdKind.IMAGE.notFound(id);
            }
        }
        List<String> owners = owners(q);
        Predicate<Image> executable = executableBy(q);
        Predicate<Image> filter = IMAGE_FILTERS.of(q);
        stopIfDryRun(dryRun(q));
        Page<Image> page = Page.of(q, ec2.images().stream()
                .filter(i -> !"deregistered".equals(i.state))
                .filter(i -> ids.isEmpty() || ids.contains(i.id))
                .filter(i -> owners.isEmpty() || owners.contains(i.ownerId))
                .filter(executable)
                .filter(filter).toList(), MAX_IMAGES_PER_PAGE);
        x.list("imagesSet", "item", page.items(), ImageActions::image);
        x.el("nextToken", page.nextToken());
    }

    private static void image(Xml x, Image i) {
        x.el("imageId", i.id).el("imageLocation", i.ownerId + "/" + i.name).el("imageState", i.state)
                .el("imageOwnerId", i.ownerId).el("creationDate", Xml.timestamp(i.creationDate))
                .el("isPublic", i.isPublic()).el("architecture", i.architecture).el("imageType", "machine")
                .el("platformDetails", "Linux/UNIX").el("usageOperation", "RunInstances")
                .el("imageOwnerAlias", i.ownerAlias()).el("name", i.name).el("description", i.description)
                .el("rootDeviceType", "ebs").el("rootDeviceName", i.rootDeviceName);
        Ec2Xml.blockDeviceMappings(x, "blockDeviceMapping", i.blockDeviceMappings);
        x.el("virtualizationType", "hvm").el("hypervisor", "xen").el("enaSupport", true)
                .el("sourceInstanceId", i.origin.sourceInstanceId())
                .el("sourceImageId", i.origin.sourceImageId())
                .el("sourceImageRegion", i.origin.sourceImageRegion());
        Ec2Xml.stateReason(x, i.stateReason);
        Ec2Xml.tags(x, i.tags);
    }

    private static void deregisterImage(Ec2World ec2, QueryRequest q, Xml x) {
        boolean deleteSnapshots = q.bool("DeleteAssociatedSnapshots", false);
        Map<String, String> outcomes = ec2.deregisterImage(q.required("ImageId"), deleteSnapshots, dryRun(q));
        x.el("return", true);
        if (deleteSnapshots) {
            x.list("deleteSnapshotResultSet", "item", outcomes.entrySet(),
                    (r, e) -> r.el("snapshotId", e.getKey()).el("returnCode", e.getValue()));
        }
    }

    private void describeSnapshots(Ec2World ec2, QueryRequest q, Xml x) {
        List<String> ids = Ec2Requests.ids(q, "SnapshotId", IdKind.SNAPSHOT);
        ids.forEach(ec2::requireSnapshot);
        List<String> owners = owners(q);
        Predicate<Snapshot> filter = snapshotFilters.of(q);
        stopIfDryRun(dryRun(q));
        Page<Snapshot> page = Page.of(q, ec2.snapshots().stream()
                .filter(s -> ids.isEmpty() || ids.contains(s.id))
                .filter(s -> owners.isEmpty() || owners.contains(s.ownerId))
                .filter(filter).toList());
        x.list("snapshotSet", "item", page.items(), (e, s) -> {
            e.el("snapshotId", s.id).el("volumeId", s.volumeId).el("status", s.state).el("startTime", s.startTime)
                    .el("progress", s.progressAt(account.clock().now()) + "%").el("ownerId", s.ownerId)
                    .el("volumeSize", s.volumeSizeGiB).el("description", s.description).el("encrypted", s.encrypted)
                    .el("kmsKeyId", s.kmsKeyId).el("storageTier", "standard");
            Ec2Xml.tags(e, s.tags);
        });
        x.el("nextToken", page.nextToken());
    }

    /**
     * {@code ExecutableBy.N} (the SDK's ExecutableUsers): {@code all} keeps public Images; an account id, or
     * {@code self} for the caller's, keeps Images shared with that account by an explicit launch permission.
     * Values OR together. Organizations are not modelled, so grants to them match no account.
     */
    private Predicate<Image> executableBy(QueryRequest q) {
        List<String> users = q.list("ExecutableBy");
        for (String u : users) {
            if (!"all".equals(u) && !"self".equals(u) && !u.matches("\\d{12}")) {
                throw new AwsException("InvalidUserID.Malformed", "Invalid user id: '" + u + "'");
            }
        }
        if (users.isEmpty()) {
            return i -> true;
        }
        return i -> users.stream().anyMatch(u -> "all".equals(u) ? i.isPublic()
                : i.launchPermissions.userIds().contains("self".equals(u) ? account.id() : u));
    }

    /** {@code Owner.N}: {@code self}, {@code amazon}, or account ids. */
    private List<String> owners(QueryRequest q) {
        return q.list("Owner").stream().map(o -> switch (o) {
            case "self" -> account.id();
            case "amazon" -> Ec2World.AMAZON_OWNER_ID;
            default -> o;
        }).toList();
    }
}
