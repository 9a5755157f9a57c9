package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a fleet asks of the rollouts it drives: one rolls an Image out that another rollout made (or a copy of
 * it), never making or removing an Image of its own.
 */
class FleetMemberTest extends ShopTest {

    private static final String WORKER = "worker";

    // ---- a given Image

    @Test
    void aRolloutGivenAnotherRolloutsImageRollsItOutWithoutMakingOne() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        String workerTemplate = shop.groupOnLaunchTemplate(WORKER, "worker-lt", 2, "1");
        shop.settle();
        RolloutResult web = shop.run(shop.request().build());
        assertThat(web.status()).as(web.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        long imagesMade = shop.calls("ec2", "CreateImage");

        RolloutResult worker = shop.run(workerRequest().givenImage(web.imageId()).build());

        assertThat(worker.status()).as(worker.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.calls("ec2", "CreateImage")).as("no second Image").isEqualTo(imagesMade);
        assertThat(shop.calls("autoscaling", "EnterStandby")).isZero();
        assertThat(worker.imageId()).isEqualTo(web.imageId());
        assertThat(worker.imageName()).as("the given Image's own name").isEqualTo(web.imageName());
        assertThat(worker.ledger()).contains(new LedgerEntry("image", web.imageId(), ImagePhase.GIVEN))
                .noneMatch(e -> e.kind().equals("snapshot"));
        LaunchTemplateVersion v2 = shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(workerTemplate)
                .versions("2")).launchTemplateVersions().get(0);
        assertThat(v2.launchTemplateData().imageId()).isEqualTo(web.imageId());
        assertThat(v2.launchTemplateData().blockDeviceMappings()).extracting(m -> m.ebs().snapshotId())
                .containsExactlyInAnyOrderElementsOf(snapshotsOf(web.imageId()));
        assertThat(shop.group(WORKER).launchTemplate().version()).isEqualTo("2");
        assertThat(shop.imagesOfGroupInstances(WORKER)).hasSize(2).containsOnly(web.imageId());
        assertThat(image(web.imageId()).stateAsString()).isEqualTo("available");
    }

    @Test
    void aGivenCopyStillPendingIsWaitedForAndItsOwnSnapshotsAreDeclared() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.groupOnLaunchConfiguration(WORKER, "worker-lc-1", 2);
        shop.settle();
        RolloutResult web = shop.run(shop.request().build());
        String copy = copyOf(web.imageId());
        assertThat(image(copy).stateAsString()).isEqualTo("pending");
        List<String> progress = new ArrayList<>();

        Rollout rollout = Rollout.start(workerRequest().givenImage(copy).build(), shop.world.now(), new RolloutListener() {
            @Override
            public void progress(Phase phase, int percent, Duration remaining, String detail) {
                progress.add(phase + " " + detail);
            }
        });
        shop.stepUntil(rollout, Phase.IMAGE_WAIT);
        shop.step(rollout);
        assertThat(rollout.state().phase()).as("waits while the copy is pending").isEqualTo(Phase.IMAGE_WAIT);
        RolloutResult worker = shop.finish(rollout);

        assertThat(worker.status()).as(worker.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(progress).contains("IMAGE_WAIT Image " + copy + " pending", "IMAGE_WAIT Image " + copy + " is available");
        LaunchConfiguration lc = shop.autoScaling.describeLaunchConfigurations(r -> r
                .launchConfigurationNames(worker.launchConfiguration())).launchConfigurations().get(0);
        assertThat(lc.launchConfigurationName()).as("named for the group and the rollout")
                .startsWith("worker-").endsWith("-" + worker.rolloutId().substring(0, 8));
        assertThat(lc.imageId()).isEqualTo(copy);
        List<String> copySnapshots = snapshotsOf(copy);
        assertThat(copySnapshots).doesNotContainAnyElementsOf(snapshotsOf(web.imageId()));
        assertThat(lc.blockDeviceMappings()).extracting(m -> m.ebs().snapshotId())
                .containsExactlyInAnyOrderElementsOf(copySnapshots);
        assertThat(shop.group(WORKER).launchConfigurationName()).isEqualTo(lc.launchConfigurationName());
        assertThat(shop.imagesOfGroupInstances(WORKER)).containsOnly(copy);
        assertThat(image(copy).tags()).as("not this rollout's to tag")
                .noneMatch(t -> t.key().equals(Rollout.TAG_LAUNCH_CONFIGURATION));
        assertThat(shop.imagesOfGroupInstances()).as("web is left as it was").containsOnly(web.imageId());
    }

    @Test
    void aGivenImageThatFailsFailsTheRolloutAndIsLeftAlone() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult first = shop.run(shop.request().build());
        shop.scenario(s -> s.failNextImages = 1);
        String copy = copyOf(first.imageId());
        long deregistered = shop.calls("ec2", "DeregisterImage");

        RolloutResult result = shop.run(shop.request().givenImage(copy).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("Image " + copy + " is failed")
                .endsWith("Group 'web' is on " + first.launchConfiguration() + " (its previous configuration)");
        assertThat(result.ledger()).containsExactly(new LedgerEntry("image", copy, ImagePhase.GIVEN));
        assertThat(shop.calls("ec2", "DeregisterImage")).isEqualTo(deregistered);
        assertThat(shop.calls("ec2", "DeleteSnapshot")).isZero();
        assertThat(image(copy).stateAsString()).isEqualTo("failed");
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @Test
    void aGivenImageThatIsNotInTheRegionIsRefusedAndNothingChanges() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult result = shop.run(shop.request().givenImage("ami-0123456789abcdef0").build());

        assertThat(result.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).startsWith("givenImage: there is no Image ami-0123456789abcdef0 in region "
                + Shop.REGION);
        assertThat(shop.mutatingCalls()).isZero();
    }

    @Test
    void aGivenImageIdIsCheckedWhenTheRequestIsBuilt() {
        for (String bad : List.of("ami-123", "i-0123456789abcdef0", "ami-0123456789ABCDEF0", "ami-0123456789abcdef01")) {
            assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1")
                    .givenImage(bad).build()).as(bad).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.field()).isEqualTo("givenImage"));
        }
        RolloutRequest ok = RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1")
                .givenImage(" ami-01234567 ").build();
        assertThat(ok.givenImage()).isEqualTo("ami-01234567");
        assertThat(RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1").build().givenImage()).isNull();
    }

    @Test
    void aPlanWithAGivenImageSaysWhichImageItWouldUse() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult first = shop.run(shop.request().build());
        shop.kit().resetCounters();

        RolloutResult plan = shop.run(shop.request().givenImage(first.imageId()).planOnly(true).build());

        assertThat(plan.status()).isEqualTo(RolloutStatus.PLANNED);
        assertThat(plan.plan().get(0)).startsWith("Image: use the given Image " + first.imageId() + " ('"
                + first.imageName() + "', available, 2 EBS volumes");
        assertThat(plan.plan()).noneMatch(line -> line.startsWith("Permission check: CreateImage"))
                .anyMatch(line -> line.startsWith("Launch configuration: " + first.launchConfiguration() + " -> new 'web-"));
        assertThat(shop.calls("ec2", "DescribeInstances")).as("the source instance is not looked at").isZero();
        assertThat(shop.mutatingCalls()).isZero();
    }

    // ---- helpers

    private RolloutRequestBuilder workerRequest() {
        // The fleet's source instance stays the instance of the request: it names where the Image came from.
        return RolloutRequest.builder(WORKER, shop.sourceInstance()).region(Shop.REGION).endpoint(shop.server.endpoint());
    }

    private String copyOf(String imageId) {
        return shop.ec2.copyImage(r -> r.sourceRegion(Shop.REGION).sourceImageId(imageId)
                .name("copy-of-" + imageId)).imageId();
    }

    private Image image(String imageId) {
        return shop.ec2.describeImages(r -> r.imageIds(imageId)).images().get(0);
    }

    private List<String> snapshotsOf(String imageId) {
        return image(imageId).blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                .map(m -> m.ebs().snapshotId()).toList();
    }
}
