package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a fleet asks of the rollouts it drives: one rolls an Image out that another rollout made (or a copy of
 * it), never making or removing an Image of its own; one holds its group after a healthy Refresh until it is
 * released or rolled back, whatever its own deadline says.
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
        shop.scenario(s -> s.failNextCopies = 1);
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

    // ---- held after a healthy Refresh

    @Test
    void aHeldRolloutKeepsItsGroupOnTheNewConfigurationAndItsLease() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = heldRollout(shop.request().holdAfterRefresh(true).build());

        RolloutResult held = rollout.result();
        assertThat(held.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(held.phase()).isEqualTo(Phase.HELD);
        assertThat(held.refreshStatus()).isEqualTo("Successful");
        assertThat(held.outcome()).startsWith("held after a healthy refresh: group 'web' is on " + held.newConfiguration());
        assertThat(rollout.status()).isEqualTo("held (refresh healthy, waiting for the other waves), image "
                + held.imageId());
        assertThat(shop.group().launchConfigurationName()).isEqualTo(held.launchConfiguration());
        assertThat(shop.imagesOfGroupInstances()).containsOnly(held.imageId());
        assertThat(GroupLease.of(shop.group()).rolloutId()).isEqualTo(rollout.state().rolloutId());
        assertThat(held.ledger()).noneMatch(e -> e.fate().equals("in use"));
        rollout.release();
        assertThat(shop.finish(rollout).status()).isEqualTo(RolloutStatus.SUCCEEDED);
    }

    @Test
    void aHeldRolloutOutlivesItsOwnDeadlineRenewingOnlyItsLeaseAndIsReleasedToRetention() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult older = shop.run(shop.request().build());
        List<String> said = new ArrayList<>();
        Rollout rollout = Rollout.start(shop.request().holdAfterRefresh(true).keepImages(1)
                .imageTimeout(Duration.ofMinutes(10)).timeout(Duration.ofMinutes(30)).build(), shop.world.now(),
                new RolloutListener() {
                    @Override
                    public void info(String message) {
                        said.add(message);
                    }
                });
        shop.stepUntil(rollout, Phase.HELD);
        Map<String, Long> before = shop.server.faults().counters();
        Instant until = rollout.state().deadline().plus(Duration.ofHours(3));
        int steps = 0;
        while (shop.world.now().isBefore(until)) {
            Next next = shop.step(rollout);
            steps++;
            assertThat(next.isFinished()).as(rollout.status()).isFalse();
            assertThat(next.delay()).isBetween(Polling.MIN_POLL, GroupLease.RENEW_EVERY);
        }

        assertThat(rollout.state().phase()).isEqualTo(Phase.HELD);
        assertThat(rollout.result().status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(steps).as("a step per renewal, not a busy loop").isLessThan(60);
        Map<String, Long> made = delta(before, shop.server.faults().counters());
        assertThat(made.keySet()).containsOnly("autoscaling:DescribeTags", "autoscaling:CreateOrUpdateTags");
        assertThat(made.get("autoscaling:CreateOrUpdateTags")).isGreaterThanOrEqualTo(36);
        assertThat(GroupLease.of(shop.group()).until()).isAfter(shop.world.now());

        rollout.release();
        RolloutResult result = shop.finish(rollout);
        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(said).noneMatch(line -> line.startsWith("Retention stopped"));
        assertThat(result.ledger()).contains(new LedgerEntry("image", older.imageId(), "deregistered by retention"),
                new LedgerEntry("image", result.imageId(), "in use"));
        assertThat(result.phaseDurations()).containsKey("held");
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @Test
    void onlyAHeldRolloutCanBeReleasedAndAFinishedOneCannotBeRolledBack() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().holdAfterRefresh(true).build(), shop.world.now(),
                RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        assertThatThrownBy(rollout::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("refresh wait");
        shop.stepUntil(rollout, Phase.HELD);
        rollout.release();
        assertThatThrownBy(() -> rollout.rollBack("too late")).as("released: the success stands")
                .isInstanceOf(IllegalStateException.class);
        RolloutResult result = shop.finish(rollout);
        assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThatThrownBy(() -> rollout.rollBack("too late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUCCEEDED");
        assertThatThrownBy(rollout::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHeldLaunchConfigurationRolloutRolledBackPutsTheGroupAndItsInstancesBack() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        String before = shop.imagesOfGroupInstances().get(0);
        Rollout rollout = heldRollout(shop.request().holdAfterRefresh(true).build());
        String newConfiguration = rollout.result().launchConfiguration();

        rollout.rollBack("wave 2 failed");
        assertThat(rollout.status()).contains("(failed, applying rollback)");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("wave 2 failed: rolling group 'web' back from " + newConfiguration)
                .endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(result.verdict()).startsWith("Rollout of group 'web' FAILED: it was rolled back after a healthy refresh");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(shop.imagesOfGroupInstances()).hasSize(3).containsOnly(before);
        assertThat(shop.calls("autoscaling", "StartInstanceRefresh")).as("the Refresh back").isEqualTo(2);
        assertThat(shop.autoScaling.describeLaunchConfigurations().launchConfigurations())
                .extracting(LaunchConfiguration::launchConfigurationName).containsExactly("web-lc-1");
        assertThat(result.ledger()).contains(new LedgerEntry("launch configuration", newConfiguration, "deleted"),
                new LedgerEntry("image", result.imageId(), "kept, not in use (retention removes it in time)"));
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString())
                .matches("instance refresh .*: successful \\(back to web-lc-1\\)"));
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @ParameterizedTest(name = "group on version {0}")
    @ValueSource(strings = {"1", "$Latest"})
    void aHeldTemplateRolloutRolledBackRefreshesItsInstancesBackAndLeavesAGivenImageAlone(String version)
            throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        String workerTemplate = shop.groupOnLaunchTemplate(WORKER, "worker-lt", 3, version);
        shop.settle();
        String before = shop.imagesOfGroupInstances(WORKER).get(0);
        RolloutResult web = shop.run(shop.request().build());
        RolloutRequest request = workerRequest().givenImage(web.imageId()).holdAfterRefresh(true).build();
        Rollout first = heldRollout(request);
        assertThat(shop.imagesOfGroupInstances(WORKER)).containsOnly(web.imageId());

        // Held across a restart, then rolled back by the fleet.
        Rollout rollout = Rollout.resume(request, Shop.roundTrip(first.state()), RolloutListener.NONE);
        shop.step(rollout);
        assertThat(rollout.state().phase()).isEqualTo(Phase.HELD);
        rollout.rollBack("wave 2 failed");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("wave 2 failed")
                .endsWith("Group 'worker' is on worker-lt:" + version + " (its previous configuration)");
        assertThat(shop.group(WORKER).launchTemplate().version()).isEqualTo(version);
        assertThat(shop.imagesOfGroupInstances(WORKER)).as("the Refresh back ran").hasSize(3).containsOnly(before);
        assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(workerTemplate))
                .launchTemplateVersions()).as("the new version is gone").hasSize(1);
        assertThat(result.ledger()).contains(new LedgerEntry("image", web.imageId(), ImagePhase.GIVEN),
                new LedgerEntry("launch template version", workerTemplate + ":2", "deleted"));
        assertThat(result.message()).doesNotContain("could not").doesNotContain("stay on it");
        assertThat(image(web.imageId()).stateAsString()).as("the given Image is untouched").isEqualTo("available");
        assertThat(shop.imagesOfGroupInstances()).as("web keeps it").containsOnly(web.imageId());
    }

    @Test
    void aHeldRolloutResumedAfterARestartStaysHeldAndIsReleased() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        RolloutRequest request = shop.request().holdAfterRefresh(true).build();
        Rollout first = heldRollout(request);
        long refreshes = shop.calls("autoscaling", "StartInstanceRefresh");

        Rollout resumed = Rollout.resume(request, Shop.roundTrip(first.state()), RolloutListener.NONE);
        for (int i = 0; i < 5; i++) {
            assertThat(shop.step(resumed).isFinished()).isFalse();
        }
        assertThat(resumed.state().phase()).isEqualTo(Phase.HELD);
        resumed.release();
        // The release is a saved fact: a restart before the next step does not lose it.
        RolloutResult result = shop.finish(Rollout.resume(request, Shop.roundTrip(resumed.state()), RolloutListener.NONE));

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(refreshes);
        assertThat(shop.group().launchTemplate().version()).isEqualTo("2");
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @Test
    void anAbortOfAHeldRolloutAppliesOnAbort() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        String before = shop.imagesOfGroupInstances().get(0);
        Rollout rollout = heldRollout(shop.request().holdAfterRefresh(true).build());
        rollout.abort("user pressed stop");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(result.message()).startsWith("Aborted (user pressed stop) during held")
                .endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(before);
    }

    @Test
    void aRollBackBeforeTheHoldAbortsWithRollbackWhateverOnAbortSays() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().holdAfterRefresh(true).onAbort(StopAction.LEAVE).build(),
                shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        rollout.rollBack("wave 1 failed");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(result.message()).startsWith("wave 1 failed: rolled back during refresh wait")
                .endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void withoutARefreshTheRolloutIsHeldOnceTheGroupIsPointed() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = heldRollout(shop.request().refresh(false).holdAfterRefresh(true).build());

        assertThat(rollout.status()).startsWith("held (group on the new configuration, waiting for the other waves)");
        assertThat(shop.group().launchConfigurationName()).isEqualTo(rollout.result().launchConfiguration());
        rollout.release();
        assertThat(shop.finish(rollout).status()).isEqualTo(RolloutStatus.SUCCEEDED);
    }

    // ---- helpers

    /** A rollout of {@code request}, stepped until it is held. */
    private Rollout heldRollout(RolloutRequest request) {
        Rollout rollout = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.HELD);
        return rollout;
    }

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

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
