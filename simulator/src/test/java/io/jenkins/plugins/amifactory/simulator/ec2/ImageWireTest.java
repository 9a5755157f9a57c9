package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** CreateImage, CopyImage, DescribeImages, DeregisterImage and snapshots through the SDK. */
class ImageWireTest extends Ec2WireTestBase {

    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";

    /** An instance with a grown root volume, an encrypted io2 data volume and an instance-store volume. */
    private String instanceWithThreeDevices() {
        return runningInstance(r -> r.blockDeviceMappings(
                b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(20).iops(4000).throughput(250)),
                b -> b.deviceName("/dev/sdf").ebs(e -> e.volumeSize(10).volumeType("io2").iops(5000)
                        .encrypted(true).kmsKeyId(KMS_KEY).deleteOnTermination(false)),
                b -> b.deviceName("/dev/sdb").virtualName("ephemeral0")));
    }

    private Map<String, BlockDeviceMapping> byDevice(List<BlockDeviceMapping> mappings) {
        return mappings.stream().collect(Collectors.toMap(BlockDeviceMapping::deviceName, Function.identity()));
    }

    private List<Snapshot> snapshotsOf(Image image) {
        List<String> ids = image.blockDeviceMappings().stream()
                .filter(b -> b.ebs() != null).map(b -> b.ebs().snapshotId()).toList();
        return ec2.describeSnapshots(r -> r.snapshotIds(ids)).snapshots();
    }

    @Test
    void newImageMapsNewSnapshotsOfTheInstanceVolumesKeepingTheirSettings() {
        String instanceId = instanceWithThreeDevices();
        String baseSnapshot = inWorld(w -> w.image(w.instance(instanceId).imageId()).snapshotIds().get(0));

        String imageId = ec2.createImage(r -> r.instanceId(instanceId).name("web 2026-01-05 (build 7)")
                .description("nightly").noReboot(true)).imageId();

        Image image = describeImage(imageId);
        assertThat(image.state()).isEqualTo(ImageState.PENDING);
        assertThat(image.sourceInstanceId()).isEqualTo(instanceId);
        assertThat(image.rootDeviceName()).isEqualTo("/dev/xvda");
        Map<String, BlockDeviceMapping> mappings = byDevice(image.blockDeviceMappings());
        assertThat(mappings).containsOnlyKeys("/dev/xvda", "/dev/sdf", "/dev/sdb");
        assertThat(mappings.get("/dev/xvda").ebs()).satisfies(e -> {
            assertThat(e.snapshotId()).startsWith("snap-").isNotEqualTo(baseSnapshot);
            assertThat(e.volumeSize()).isEqualTo(20);
            assertThat(e.volumeTypeAsString()).isEqualTo("gp3");
            assertThat(e.iops()).isEqualTo(4000);
            assertThat(e.throughput()).isEqualTo(250);
            assertThat(e.encrypted()).isFalse();
            assertThat(e.deleteOnTermination()).isTrue();
        });
        assertThat(mappings.get("/dev/sdf").ebs()).satisfies(e -> {
            assertThat(e.volumeSize()).isEqualTo(10);
            assertThat(e.volumeTypeAsString()).isEqualTo("io2");
            assertThat(e.iops()).isEqualTo(5000);
            assertThat(e.encrypted()).isTrue();
            assertThat(e.kmsKeyId()).isEqualTo(KMS_KEY);
            assertThat(e.deleteOnTermination()).isFalse();
        });
        assertThat(mappings.get("/dev/sdb").virtualName()).isEqualTo("ephemeral0");
        assertThat(snapshotsOf(image)).hasSize(2).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(SnapshotState.PENDING);
            assertThat(s.ownerId()).isEqualTo(sim.world.accountId());
        });
        assertThat(snapshotsOf(image)).extracting(Snapshot::volumeSize).containsExactlyInAnyOrder(20, 10);
    }

    @Test
    void imageIsPendingForTheScenarioTimeWhileSnapshotProgressGrows() {
        String instanceId = instanceWithThreeDevices();
        Duration imageTime = inScenario(s -> s.imageTime(20 + 10));
        String imageId = ec2.createImage(r -> r.instanceId(instanceId).name("web-1").noReboot(true)).imageId();

        sim.advance(imageTime.dividedBy(3));
        int early = progress(snapshotsOf(describeImage(imageId)).get(0));
        sim.advance(imageTime.dividedBy(3));
        int later = progress(snapshotsOf(describeImage(imageId)).get(0));
        assertThat(early).isBetween(1, 99);
        assertThat(later).isGreaterThan(early).isLessThan(100);

        sim.advance(imageTime.minus(imageTime.dividedBy(3).multipliedBy(2)).minusSeconds(1));
        assertThat(describeImage(imageId).state()).isEqualTo(ImageState.PENDING);
        sim.advance(Duration.ofSeconds(1));
        Image image = describeImage(imageId);
        assertThat(image.state()).isEqualTo(ImageState.AVAILABLE);
        assertThat(snapshotsOf(image)).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(SnapshotState.COMPLETED);
            assertThat(s.progress()).isEqualTo("100%");
        });
    }

    private static int progress(Snapshot s) {
        assertThat(s.progress()).matches("\\d{1,3}%");
        return Integer.parseInt(s.progress().replace("%", ""));
    }

    @Test
    void failNextImagesEndsInFailedWithAReasonAndSnapshotsInError() {
        String instanceId = runningInstance();
        inScenario(s -> s.failNextImages = 1);

        String failed = ec2.createImage(r -> r.instanceId(instanceId).name("doomed").noReboot(true)).imageId();
        String fine = ec2.createImage(r -> r.instanceId(instanceId).name("fine").noReboot(true)).imageId();
        sim.advance(inScenario(s -> s.imageTime(8)));

        Image image = describeImage(failed);
        assertThat(image.state()).isEqualTo(ImageState.FAILED);
        assertThat(image.stateReason().code()).isNotBlank();
        assertThat(image.stateReason().message()).isNotBlank();
        assertThat(snapshotsOf(image)).allSatisfy(s -> assertThat(s.state()).isEqualTo(SnapshotState.ERROR));
        assertThat(describeImage(fine).state()).isEqualTo(ImageState.AVAILABLE);
    }

    @Test
    void unhealthyNextImagesMarksTheNewImageUnhealthy() {
        String instanceId = runningInstance();
        inScenario(s -> s.unhealthyNextImages = 1);

        String unhealthy = ec2.createImage(r -> r.instanceId(instanceId).name("bad").noReboot(true)).imageId();
        String healthy = ec2.createImage(r -> r.instanceId(instanceId).name("good").noReboot(true)).imageId();

        assertThat(unhealthyImageIds()).containsExactly(unhealthy)
                .doesNotContain(healthy);
    }

    @Test
    void withoutNoRebootTheInstanceIsImpairedForTheRebootTime() {
        String rebooted = runningInstance();
        String kept = runningInstance();
        Instant now = sim.world.now();
        Duration reboot = inScenario(s -> s.rebootTime);

        ec2.createImage(r -> r.instanceId(rebooted).name("rebooted"));
        ec2.createImage(r -> r.instanceId(kept).name("kept").noReboot(true));

        assertThat(impairedUntil(rebooted)).isEqualTo(now.plus(reboot));
        assertThat(isImpairedNow(rebooted)).isTrue();
        assertThat(impairedUntil(kept)).isNull();
        assertThat(isImpairedNow(kept)).isFalse();
        sim.advance(reboot);
        assertThat(isImpairedNow(rebooted)).isFalse();
    }

    @Test
    void tagSpecificationsTagTheImageAndItsSnapshots() {
        String instanceId = runningInstance();

        String imageId = ec2.createImage(r -> r.instanceId(instanceId).name("tagged").noReboot(true)
                .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(tag("app", "web")),
                        t -> t.resourceType(ResourceType.SNAPSHOT).tags(tag("backup", "no")))).imageId();

        Image image = describeImage(imageId);
        assertThat(image.tags()).containsExactly(tag("app", "web"));
        assertThat(snapshotsOf(image)).allSatisfy(s -> assertThat(s.tags()).containsExactly(tag("backup", "no")));
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name("wrong-type").noReboot(true)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag("a", "b")))),
                "InvalidParameterValue");
    }

    @Test
    void imageNamesFollowAwsCharactersLengthAndUniqueness() {
        String instanceId = runningInstance();
        String allowed = "Web (x86) [v1.2] it's/2026_01@ops-team";
        String first = ec2.createImage(r -> r.instanceId(instanceId).name(allowed).noReboot(true)).imageId();

        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name(allowed).noReboot(true)),
                "InvalidAMIName.Duplicate");
        for (String bad : List.of("ab", "x".repeat(129), "web*1", "web#1", "wéb-1")) {
            assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name(bad).noReboot(true)),
                    "InvalidAMIName.Malformed");
        }
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).noReboot(true)), "MissingParameter");
        assertThat(ec2.createImage(r -> r.instanceId(instanceId).name("x".repeat(128)).noReboot(true)).imageId())
                .startsWith("ami-");

        ec2.deregisterImage(r -> r.imageId(first));
        assertThat(ec2.createImage(r -> r.instanceId(instanceId).name(allowed).noReboot(true)).imageId())
                .isNotEqualTo(first);
    }

    @Test
    void mappingOverridesMayOnlyChangeDeleteOnTerminationOrDropADevice() {
        String instanceId = instanceWithThreeDevices();

        String imageId = ec2.createImage(r -> r.instanceId(instanceId).name("overridden").noReboot(true)
                .blockDeviceMappings(b -> b.deviceName("/dev/sdf").ebs(e -> e.deleteOnTermination(true)
                                .volumeSize(10).encrypted(true)),
                        b -> b.deviceName("/dev/sdb").noDevice(""),
                        b -> b.deviceName("/dev/sdc").virtualName("ephemeral1"))).imageId();

        Map<String, BlockDeviceMapping> mappings = byDevice(describeImage(imageId).blockDeviceMappings());
        assertThat(mappings).containsOnlyKeys("/dev/xvda", "/dev/sdf", "/dev/sdc");
        assertThat(mappings.get("/dev/sdf").ebs().deleteOnTermination()).isTrue();
        assertThat(mappings.get("/dev/sdc").virtualName()).isEqualTo("ephemeral1");

        String dropped = ec2.createImage(r -> r.instanceId(instanceId).name("no-data").noReboot(true)
                .blockDeviceMappings(b -> b.deviceName("/dev/sdf").noDevice(""))).imageId();
        assertThat(snapshotsOf(describeImage(dropped))).singleElement()
                .satisfies(s -> assertThat(s.volumeSize()).isEqualTo(20));

        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name("bigger").noReboot(true)
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(40)))),
                "InvalidBlockDeviceMapping");
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name("decrypted").noReboot(true)
                .blockDeviceMappings(b -> b.deviceName("/dev/sdf").ebs(e -> e.encrypted(false)))),
                "InvalidBlockDeviceMapping");
    }

    @Test
    void onlyRunningOrStoppedInstancesCanBeImaged() {
        String stopped = runningInstance();
        ec2.stopInstances(r -> r.instanceIds(stopped));
        sim.advance(Ec2World.STOP_TIME);
        String terminated = runningInstance();
        ec2.terminateInstances(r -> r.instanceIds(terminated));

        assertThat(ec2.createImage(r -> r.instanceId(stopped).name("from-stopped")).imageId()).startsWith("ami-");
        assertThat(impairedUntil(stopped)).as("a stopped instance does not reboot").isNull();
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(terminated).name("from-terminated")),
                "InvalidParameterValue");
        sim.advance(Ec2World.TERMINATED_VISIBLE_FOR);
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(terminated).name("from-forgotten")),
                "InvalidInstanceID.NotFound");
        assertAwsError(() -> ec2.createImage(r -> r.instanceId("i-0123456789abcdef0").name("nothing")),
                "InvalidInstanceID.NotFound");
        assertAwsError(() -> ec2.createImage(r -> r.instanceId("web-1").name("malformed")),
                "InvalidInstanceID.Malformed");
        assertAwsError(() -> ec2.createImage(r -> r.name("no-instance")), "MissingParameter");
    }

    @Test
    void createImageDryRunValidatesAndCreatesNothing() {
        String instanceId = runningInstance();

        assertDryRun(() -> ec2.createImage(r -> r.instanceId(instanceId).name("dry").dryRun(true)));
        assertAwsError(() -> ec2.createImage(r -> r.instanceId(instanceId).name("?").dryRun(true)),
                "InvalidAMIName.Malformed");

        assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
        assertThat(impairedUntil(instanceId)).isNull();
        assertThat(ec2.createImage(r -> r.instanceId(instanceId).name("dry").noReboot(true)).imageId())
                .startsWith("ami-");
    }

    @Test
    void describeImagesByOwnerIdAndFilters() {
        String base = baseImage(8);
        String web = availableImage("web-1");
        String api = availableImage("api-1");
        ec2.createTags(r -> r.resources(web).tags(tag("app", "web")));

        assertThat(ec2.describeImages(r -> r.owners("self")).images()).extracting(Image::imageId)
                .containsExactlyInAnyOrder(web, api);
        assertThat(ec2.describeImages(r -> r.owners("amazon")).images()).extracting(Image::imageId).contains(base)
                .doesNotContain(web, api);
        assertThat(ec2.describeImages(r -> r.owners(sim.world.accountId())).images()).hasSize(2);
        assertThat(ec2.describeImages(r -> r.filters(f -> f.name("name").values("web-*", "nothing")))
                .images()).extracting(Image::imageId).containsExactly(web);
        assertThat(ec2.describeImages(r -> r.filters(f -> f.name("tag:app").values("web"))).images())
                .extracting(Image::imageId).containsExactly(web);
        assertThat(ec2.describeImages(r -> r.owners("self").filters(f -> f.name("tag-key").values("app"),
                f -> f.name("state").values("available"))).images()).extracting(Image::imageId).containsExactly(web);
        assertThat(ec2.describeImages(r -> r.filters(f -> f.name("image-id").values(api))).images())
                .extracting(Image::imageId).containsExactly(api);
        assertThat(describeImage(base)).satisfies(i -> {
            assertThat(i.imageOwnerAlias()).isEqualTo("amazon");
            assertThat(i.publicLaunchPermissions()).isTrue();
        });

        assertAwsError(() -> ec2.describeImages(r -> r.imageIds("ami-0123456789abcdef0")), "InvalidAMIID.NotFound");
        assertAwsError(() -> ec2.describeImages(r -> r.imageIds("web-1")), "InvalidAMIID.Malformed");
        assertAwsError(() -> ec2.describeImages(r -> r.filters(f -> f.name("colour").values("red"))),
                "InvalidParameterValue");
        assertDryRun(() -> ec2.describeImages(r -> r.dryRun(true)));
    }

    @Test
    void deregisterImageCanDeleteItsSnapshotsWhichOtherwiseStayInUseUntilThen() {
        String kept = availableImage("kept");
        String cleaned = availableImage("cleaned");
        List<String> keptSnapshots = inWorld(w -> w.image(kept).snapshotIds());
        List<String> cleanedSnapshots = inWorld(w -> w.image(cleaned).snapshotIds());

        assertAwsError(() -> ec2.deleteSnapshot(r -> r.snapshotId(keptSnapshots.get(0))), "InvalidSnapshot.InUse");
        assertDryRun(() -> ec2.deregisterImage(r -> r.imageId(kept).dryRun(true)));
        ec2.deregisterImage(r -> r.imageId(kept));
        DeregisterImageResponse answer = ec2.deregisterImage(r -> r.imageId(cleaned).deleteAssociatedSnapshots(true));

        assertThat(answer.returnValue()).isTrue();
        assertThat(answer.deleteSnapshotResults()).singleElement().satisfies(d -> {
            assertThat(d.snapshotId()).isEqualTo(cleanedSnapshots.get(0));
            assertThat(d.returnCodeAsString()).isEqualTo("success");
        });
        assertAwsError(() -> ec2.describeSnapshots(r -> r.snapshotIds(cleanedSnapshots)), "InvalidSnapshot.NotFound");
        assertThat(ec2.describeImages(r -> r.imageIds(kept)).images()).isEmpty();
        assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
        assertAwsError(() -> ec2.deregisterImage(r -> r.imageId(kept)), "InvalidAMIID.NotFound");

        ec2.deleteSnapshot(r -> r.snapshotId(keptSnapshots.get(0)));
        assertAwsError(() -> ec2.deleteSnapshot(r -> r.snapshotId(keptSnapshots.get(0))), "InvalidSnapshot.NotFound");
        assertAwsError(() -> ec2.deleteSnapshot(r -> r.snapshotId("snapshot-1")), "InvalidSnapshotID.Malformed");
    }

    @Test
    void describeSnapshotsByOwnerIdAndTag() {
        String imageId = availableImage("web-1");
        String snapshotId = inWorld(w -> w.image(imageId).snapshotIds().get(0));
        ec2.createTags(r -> r.resources(snapshotId).tags(tag("keep", "yes")));

        assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).extracting(Snapshot::snapshotId)
                .containsExactly(snapshotId);
        assertThat(ec2.describeSnapshots(r -> r.filters(f -> f.name("tag:keep").values("yes"))).snapshots())
                .extracting(Snapshot::snapshotId).containsExactly(snapshotId);
        assertThat(ec2.describeSnapshots(r -> r.filters(f -> f.name("tag:keep").values("no"))).snapshots()).isEmpty();
        Snapshot s = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
        assertThat(s.description()).contains(imageId);
        assertThat(s.volumeId()).startsWith("vol-");
        assertAwsError(() -> ec2.describeSnapshots(r -> r.snapshotIds("snap-0123456789abcdef0")),
                "InvalidSnapshot.NotFound");
    }

    @Test
    void copyImageAcrossRegionsMakesANewImageWithNewSnapshots() {
        String source = availableImage("web-1");
        ec2.createTags(r -> r.resources(source).tags(tag("app", "web")));
        List<String> sourceSnapshots = inWorld(w -> w.image(source).snapshotIds());
        try (Ec2Client west = sim.ec2(Region.EU_WEST_1)) {
            String copy = west.copyImage(r -> r.sourceRegion(REGION).sourceImageId(source).name("web-1-copy")
                    .copyImageTags(true).encrypted(true)).imageId();

            Image pending = west.describeImages(r -> r.imageIds(copy)).images().get(0);
            assertThat(pending.state()).isEqualTo(ImageState.PENDING);
            assertThat(pending.sourceImageId()).isEqualTo(source);
            assertThat(pending.sourceImageRegion()).isEqualTo(REGION);
            assertThat(pending.tags()).containsExactly(tag("app", "web"));
            String copiedSnapshot = pending.blockDeviceMappings().get(0).ebs().snapshotId();
            assertThat(copiedSnapshot).isNotIn(sourceSnapshots);
            assertThat(pending.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
            assertThat(west.describeSnapshots(r -> r.snapshotIds(copiedSnapshot)).snapshots()).singleElement()
                    .satisfies(s -> assertThat(s.encrypted()).isTrue());
            assertAwsError(() -> ec2.describeImages(r -> r.imageIds(copy)), "InvalidAMIID.NotFound");

            sim.advance(inScenario(s -> s.copyTime(8)));
            assertThat(west.describeImages(r -> r.imageIds(copy)).images().get(0).state())
                    .isEqualTo(ImageState.AVAILABLE);
            assertAwsError(() -> west.copyImage(r -> r.sourceRegion(REGION).sourceImageId(source).name("web-1-copy")),
                    "InvalidAMIName.Duplicate");
            assertAwsError(() -> west.copyImage(r -> r.sourceRegion(REGION).sourceImageId("ami-0123456789abcdef0")
                    .name("nothing")), "InvalidAMIID.NotFound");
            assertDryRun(() -> west.copyImage(r -> r.sourceRegion(REGION).sourceImageId(source).name("dry")
                    .dryRun(true)));
        }
    }

    @Test
    void onlyAvailableImagesCanBeCopiedAndCopiesOfUnhealthyImagesAreUnhealthy() {
        String instanceId = runningInstance();
        inScenario(s -> s.unhealthyNextImages = 1);
        String pending = ec2.createImage(r -> r.instanceId(instanceId).name("web-1").noReboot(true)).imageId();

        assertAwsError(() -> ec2.copyImage(r -> r.sourceRegion(REGION).sourceImageId(pending).name("early")),
                "IncorrectState");
        sim.advance(inScenario(s -> s.imageTime(8)));
        String copy = ec2.copyImage(r -> r.sourceRegion(REGION).sourceImageId(pending).name("web-1-copy")).imageId();

        assertThat(unhealthyImageIds()).contains(pending, copy);
    }
}
