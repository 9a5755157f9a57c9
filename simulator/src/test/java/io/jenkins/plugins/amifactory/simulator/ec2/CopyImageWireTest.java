package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CopyImage into a second region through the SDK, as a fleet rollout copies one Image to every region it serves:
 * the copy's own timing and failure knobs, tags carried over, and encryption with the KMS key forms AWS accepts.
 */
class CopyImageWireTest extends Ec2WireTestBase {

    private static final String WEST = "eu-west-1";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

    private Ec2Client west;
    private String source;
    private int copies;

    @BeforeEach
    void sourceImage() {
        west = sim.ec2(Region.EU_WEST_1);
        source = availableImage("web-1");
        ec2.createTags(r -> r.resources(source).tags(tag("app", "web")));
    }

    @AfterEach
    void closeClient() {
        west.close();
    }

    /** Copies the source Image into {@value #WEST} under a new name, adjusted by {@code request}. */
    private String copy(Consumer<CopyImageRequest.Builder> request) {
        return west.copyImage(r -> request.accept(r.sourceRegion(REGION).sourceImageId(source)
                .name("web-1-copy-" + ++copies))).imageId();
    }

    private Image describeWest(String imageId) {
        return west.describeImages(r -> r.imageIds(imageId)).images().get(0);
    }

    private EbsBlockDevice rootEbs(String imageId) {
        return describeWest(imageId).blockDeviceMappings().get(0).ebs();
    }

    private Snapshot rootSnapshot(String imageId) {
        String id = rootEbs(imageId).snapshotId();
        return west.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0);
    }

    private String keyArn(String keyId) {
        return "arn:aws:kms:" + WEST + ":" + sim.world.accountId() + ":key/" + keyId;
    }

    @Test
    void aCopyIsPendingForTheCopyTimeLongerThanAnImageTakesThenAvailableWithTheSourceTags() {
        Duration copyTime = inScenario(s -> s.copyTime(8));
        assertThat(copyTime).isEqualTo(Duration.ofSeconds(60 + 2 * 8)).isGreaterThan(inScenario(s -> s.imageTime(8)));

        String copy = copy(r -> r.copyImageTags(true).tagSpecifications(t -> t.resourceType("image")
                .tags(tag("region", WEST))));

        Image pending = describeWest(copy);
        assertThat(pending.state()).isEqualTo(ImageState.PENDING);
        assertThat(pending.tags()).containsExactlyInAnyOrder(tag("app", "web"), tag("region", WEST));
        sim.advance(copyTime.minusSeconds(1));
        assertThat(describeWest(copy).state()).isEqualTo(ImageState.PENDING);
        assertThat(rootSnapshot(copy).state()).isEqualTo(SnapshotState.PENDING);
        sim.advance(Duration.ofSeconds(1));
        assertThat(describeWest(copy).state()).isEqualTo(ImageState.AVAILABLE);
        assertThat(rootSnapshot(copy).state()).isEqualTo(SnapshotState.COMPLETED);
        assertThat(describeWest(copy(r -> { })).tags()).isEmpty();
    }

    @Test
    void theCopyTimeFollowsItsKnobsAndCreateImageKeepsItsOwn() {
        inScenario(s -> {
            s.copyBaseTime = Duration.ofMinutes(10);
            s.copyTimePerGiB = Duration.ofSeconds(30);
            return null;
        });
        String copy = copy(r -> { });

        sim.advance(Duration.ofMinutes(10).plusSeconds(30 * 8).minusSeconds(1));
        assertThat(describeWest(copy).state()).isEqualTo(ImageState.PENDING);
        sim.advance(Duration.ofSeconds(1));
        assertThat(describeWest(copy).state()).isEqualTo(ImageState.AVAILABLE);
        Duration imageTime = inScenario(s -> s.imageTime(8));
        assertThat(imageTime).isEqualTo(Duration.ofSeconds(40 + 8));
    }

    @Test
    void failNextCopiesEndsTheCopyFailedWithAReasonAndLeavesCreateImageAlone() {
        inScenario(s -> s.failNextCopies = 1);
        inScenario(s -> s.failNextImages = 1);

        String failed = copy(r -> { });
        String fine = copy(r -> { });
        sim.advance(inScenario(s -> s.copyTime(8)));

        Image image = describeWest(failed);
        assertThat(image.state()).isEqualTo(ImageState.FAILED);
        assertThat(image.stateReason().code()).isEqualTo("Server.InternalError");
        assertThat(image.stateReason().message()).contains("Copy image failed");
        assertThat(rootSnapshot(failed).state()).isEqualTo(SnapshotState.ERROR);
        assertThat(describeWest(fine).state()).isEqualTo(ImageState.AVAILABLE);
        int failNextCopies = inScenario(s -> s.failNextCopies);
        int failNextImages = inScenario(s -> s.failNextImages);
        assertThat(failNextCopies).isZero();
        assertThat(failNextImages).as("a copy does not claim CreateImage's knob").isEqualTo(1);
    }

    @Test
    void theCopyKnobsAreSetThroughTheAdminEndpointAndShownInTheState() {
        HttpResponse<String> ok = sim.admin("/scenario", "copyBaseSeconds=300&copySecondsPerGiB=5&failNextCopies=2");

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"copyBaseSeconds\":300", "\"copySecondsPerGiB\":5", "\"failNextCopies\":2");
        Duration copyTime = inScenario(s -> s.copyTime(8));
        int failNextCopies = inScenario(s -> s.failNextCopies);
        assertThat(copyTime).isEqualTo(Duration.ofSeconds(300 + 5 * 8));
        assertThat(failNextCopies).isEqualTo(2);
        assertThat(sim.admin("/scenario", "failNextCopies=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void anEncryptedCopyShowsItsKeyAsAKeyArnOnTheSnapshotAndTheImage() {
        String copy = copy(r -> r.encrypted(true).kmsKeyId(KEY_ID));

        Snapshot snapshot = rootSnapshot(copy);
        assertThat(snapshot.encrypted()).isTrue();
        assertThat(snapshot.kmsKeyId()).isEqualTo(keyArn(KEY_ID));
        assertThat(rootEbs(copy).encrypted()).isTrue();
        assertThat(rootEbs(copy).kmsKeyId()).isEqualTo(keyArn(KEY_ID));
        assertThat(west.describeSnapshots(r -> r.filters(f -> f.name("encrypted").values("true"))).snapshots())
                .extracting(Snapshot::snapshotId).contains(snapshot.snapshotId());
    }

    @Test
    void everyKeyFormAwsAcceptsNamesAKeyOfTheDestinationRegion() {
        String account = sim.world.accountId();

        String byArn = rootSnapshot(copy(r -> r.encrypted(true).kmsKeyId(keyArn(KEY_ID)))).kmsKeyId();
        String byAlias = rootSnapshot(copy(r -> r.encrypted(true).kmsKeyId("alias/fleet-images"))).kmsKeyId();
        String byAliasArn = rootSnapshot(copy(r -> r.encrypted(true)
                .kmsKeyId("arn:aws:kms:" + WEST + ":" + account + ":alias/fleet-images"))).kmsKeyId();
        String multiRegion = rootSnapshot(copy(r -> r.encrypted(true)
                .kmsKeyId("mrk-1234abcd12ab34cd56ef1234567890ab"))).kmsKeyId();

        assertThat(byArn).isEqualTo(keyArn(KEY_ID));
        assertThat(byAlias).startsWith(keyArn("")).isNotEqualTo(keyArn(KEY_ID)).isEqualTo(byAliasArn);
        assertThat(multiRegion).isEqualTo(keyArn("mrk-1234abcd12ab34cd56ef1234567890ab"));
    }

    @Test
    void encryptedWithoutAKeyUsesTheAccountsDefaultEbsKeyOfTheRegion() {
        Snapshot byDefault = rootSnapshot(copy(r -> r.encrypted(true)));
        Snapshot byAlias = rootSnapshot(copy(r -> r.encrypted(true).kmsKeyId("alias/aws/ebs")));
        Snapshot plain = rootSnapshot(copy(r -> { }));

        assertThat(byDefault.encrypted()).isTrue();
        assertThat(byDefault.kmsKeyId()).startsWith(keyArn("")).isEqualTo(byAlias.kmsKeyId());
        assertThat(plain.encrypted()).isFalse();
        assertThat(plain.kmsKeyId()).isNull();
    }

    @Test
    void aCopyOfAnEncryptedCopyStaysEncryptedWithTheDefaultKeyOfItsNewRegion() {
        String encrypted = copy(r -> r.encrypted(true).kmsKeyId(KEY_ID));
        sim.advance(inScenario(s -> s.copyTime(8)));

        try (Ec2Client east2 = sim.ec2(Region.US_EAST_2)) {
            String back = east2.copyImage(r -> r.sourceRegion(WEST).sourceImageId(encrypted).name("web-1-east-2"))
                    .imageId();
            String snapshotId = east2.describeImages(r -> r.imageIds(back)).images().get(0).blockDeviceMappings()
                    .get(0).ebs().snapshotId();
            Snapshot s = east2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
            assertThat(s.encrypted()).isTrue();
            assertThat(s.kmsKeyId()).startsWith("arn:aws:kms:us-east-2:" + sim.world.accountId() + ":key/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-key", "1234abcd", "key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/",
            "alias/has space", "arn:aws:kms:eu-west-1:123:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-1:123456789012:key/not-a-uuid",
            "arn:aws:s3:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
    void aKeyOfNoFormAwsAcceptsIsRefusedAndNothingIsCopied(String key) {
        var e = assertAwsError(() -> copy(r -> r.encrypted(true).kmsKeyId(key)), "InvalidParameterValue");

        assertThat(e.awsErrorDetails().errorMessage()).contains(key).contains("kmsKeyId");
        assertThat(west.describeImages(r -> r.owners("self")).images()).isEmpty();
    }

    @Test
    void aKeyArnOfAnotherRegionIsRefused() {
        String eastKey = "arn:aws:kms:us-east-1:" + sim.world.accountId() + ":key/" + KEY_ID;

        var e = assertAwsError(() -> copy(r -> r.encrypted(true).kmsKeyId(eastKey)), "InvalidParameterValue");

        assertThat(e.awsErrorDetails().errorMessage()).contains(WEST).contains("us-east-1");
        assertAwsError(() -> copy(r -> r.encrypted(true).kmsKeyId("arn:aws:kms:us-east-1:"
                + sim.world.accountId() + ":alias/fleet-images")), "InvalidParameterValue");
        assertThat(west.describeImages(r -> r.owners("self")).images()).isEmpty();
    }

    @Test
    void aKeyWithoutEncryptedIsRefusedAsAwsRefusesIt() {
        var e = assertAwsError(() -> copy(r -> r.kmsKeyId(KEY_ID)), "InvalidParameterDependency");

        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The parameter KmsKeyId requires the parameter Encrypted to be set.");
        assertAwsError(() -> copy(r -> r.encrypted(false).kmsKeyId(KEY_ID)), "InvalidParameterDependency");
        assertThat(west.describeImages(r -> r.owners("self")).images()).isEmpty();
    }
}
