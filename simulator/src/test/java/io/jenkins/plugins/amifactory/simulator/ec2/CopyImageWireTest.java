package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
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
 * the copy's own timing and failure knobs, and tags carried over.
 */
class CopyImageWireTest extends Ec2WireTestBase {

    private static final String WEST = "eu-west-1";

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

    private Snapshot rootSnapshot(String imageId) {
        String id = describeWest(imageId).blockDeviceMappings().get(0).ebs().snapshotId();
        return west.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0);
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
}
