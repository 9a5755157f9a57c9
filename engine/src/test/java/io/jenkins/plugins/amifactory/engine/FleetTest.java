package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Image for every group and region: made once, copied to the other region, rolled out in waves each gated on
 * a healthy Refresh; a failing wave stops the fleet, and the waves already done go back or stay as onFailure says.
 */
class FleetTest {

    private FleetWorld world;

    @BeforeEach
    void open() throws IOException {
        world = new FleetWorld();
    }

    @AfterEach
    void close() {
        world.close();
    }

    /** Marks the fleet's Image unhealthy once the first wave is held: the next wave's Refresh then fails. */
    private java.util.function.Consumer<Fleet> failSecondWave() {
        AtomicBoolean struck = new AtomicBoolean();
        return f -> {
            RolloutState first = f.state().rollouts.get(0);
            if (!struck.get() && first != null && first.phase == Phase.HELD) {
                world.sim.scenario(s -> {
                    s.unhealthyImageIds.add(first.image.id);
                    s.refreshStallTimeout = Duration.ofMinutes(10);
                });
                struck.set(true);
            }
        };
    }

    @Test
    void wavesRollOneImageToEveryGroupAndRegionEachAfterTheLastIsHealthy() {
        String webBefore = world.configuration("web", FleetWorld.HOME);
        FleetWorld.Lines lines = new FleetWorld.Lines();
        Fleet fleet = Fleet.start(world.fleet(world.request().build()).build(), world.sim.world.now(), lines);
        FleetResult result = world.run(fleet);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(world.sim.calls("ec2", "CreateImage")).as("one Image for the fleet").isEqualTo(1);
        assertThat(world.sim.calls("ec2", "CopyImage")).as("one copy for the other region").isEqualTo(1);
        // The check's plan of the first target asks CreateImage with DryRun, a permission check.
        assertThat(result.apiCalls()).as("the fleet's own calls count too").containsEntry("CopyImage", 1)
                .containsEntry("CreateImage", 2);
        assertThat(result.toMap().get("apiCalls")).isEqualTo(result.apiCalls());
        String image = result.imageId();
        String copy = result.copies().get(FleetWorld.OTHER);
        assertThat(copy).isNotNull().isNotEqualTo(image);
        assertThat(world.imagesOf("web", FleetWorld.HOME)).containsExactly(image);
        assertThat(world.imagesOf("worker", FleetWorld.HOME)).containsExactly(image);
        assertThat(world.imagesOf("web", FleetWorld.OTHER)).containsExactly(copy);
        assertThat(world.configuration("web", FleetWorld.HOME)).isNotEqualTo(webBefore);
        assertThat(result.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(RolloutStatus.SUCCEEDED));
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString())
                .isEqualTo("image copy " + copy + ": in use by group 'web' in " + FleetWorld.OTHER));

        // Each wave started only once the one before was held with a healthy Refresh.
        int heldWeb = indexOf(lines.lines, "web@us-east-1: Refresh healthy", "held");
        int wave2 = indexOf(lines.lines, "Wave 2 of 3: worker@us-east-1", "");
        int heldWorker = indexOf(lines.lines, "worker@us-east-1: Refresh healthy", "held");
        int wave3 = indexOf(lines.lines, "Wave 3 of 3: web@eu-west-1", "");
        assertThat(heldWeb).isNotNegative().isLessThan(wave2);
        assertThat(wave2).isLessThan(heldWorker);
        assertThat(heldWorker).isLessThan(wave3);
        // And started at once: the wave's turn does not wait for the held one's next lease renewal.
        var webRefresh = world.sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web"))
                .instanceRefreshes().get(0);
        var workerRefresh = world.sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("worker"))
                .instanceRefreshes().get(0);
        assertThat(Duration.between(webRefresh.endTime(), workerRefresh.startTime())).isLessThan(Duration.ofMinutes(1));
    }

    private static int indexOf(List<String> lines, String start, String contains) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start) && lines.get(i).contains(contains)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFailingSecondWaveRollsTheFirstBackTooByDefault() {
        String webBefore = world.configuration("web", FleetWorld.HOME);
        String workerBefore = world.configuration("worker", FleetWorld.HOME);
        String otherBefore = world.configuration("web", FleetWorld.OTHER);
        List<String> webImagesBefore = world.imagesOf("web", FleetWorld.HOME);
        Fleet fleet = Fleet.start(world.fleet(world.request().build()).build(), world.sim.world.now(), null);
        FleetResult result = world.run(fleet, failSecondWave());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("worker@us-east-1: ")
                .contains("web@us-east-1: Group 'web' is on " + webBefore + " (its previous configuration)")
                .contains("web@eu-west-1: not started, unchanged");
        assertThat(world.configuration("web", FleetWorld.HOME)).isEqualTo(webBefore);
        assertThat(world.imagesOf("web", FleetWorld.HOME)).as("the Refresh back ran").isEqualTo(webImagesBefore);
        assertThat(world.configuration("worker", FleetWorld.HOME)).isEqualTo(workerBefore);
        assertThat(world.configuration("web", FleetWorld.OTHER)).isEqualTo(otherBefore);
        assertThat(result.results().get(0).status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.results().get(0).message()).startsWith("Rolled back because the rollout of worker@us-east-1 failed");
        assertThat(result.results().get(2)).isNull();
        String copy = result.copies().get(FleetWorld.OTHER);
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString())
                .startsWith("image copy " + copy + ": deregistered"));
    }

    @Test
    void withRollbackFailedTheWavesDoneKeepTheNewImage() {
        String workerBefore = world.configuration("worker", FleetWorld.HOME);
        Fleet fleet = Fleet.start(world.fleet(world.request().build()).onFailure(OnFailure.ROLLBACK_FAILED).build(),
                world.sim.world.now(), null);
        FleetResult result = world.run(fleet, failSecondWave());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.results().get(0).status()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(world.imagesOf("web", FleetWorld.HOME)).containsExactly(result.imageId());
        assertThat(world.configuration("worker", FleetWorld.HOME)).isEqualTo(workerBefore);
        assertThat(result.message()).contains("web@us-east-1: on the new Image");
    }

    @Test
    void aFailedCopyFailsItsRegionsWaveAndTheFleetGoesBack() {
        world.sim.scenario(s -> s.failNextCopies = 1);
        String webBefore = world.configuration("web", FleetWorld.HOME);
        String workerBefore = world.configuration("worker", FleetWorld.HOME);
        FleetRequest request = world.fleet(world.request().build())
                .kmsKey(FleetWorld.OTHER, "alias/ami-copies").build();
        FleetResult result = world.run(Fleet.start(request, world.sim.world.now(), null));

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("web@eu-west-1: ").contains("failed");
        assertThat(world.configuration("web", FleetWorld.HOME)).isEqualTo(webBefore);
        assertThat(world.configuration("worker", FleetWorld.HOME)).isEqualTo(workerBefore);
        String copy = result.copies().get(FleetWorld.OTHER);
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString())
                .startsWith("image copy " + copy + ": deregistered"));
    }

    @Test
    void aCopyIsEncryptedWithItsRegionsKey() {
        FleetRequest request = world.fleet(world.request().build())
                .kmsKey(FleetWorld.OTHER, "alias/ami-copies").build();
        FleetResult result = world.run(Fleet.start(request, world.sim.world.now(), null));

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        String copy = result.copies().get(FleetWorld.OTHER);
        try (var ec2 = world.sim.ec2(software.amazon.awssdk.regions.Region.of(FleetWorld.OTHER))) {
            var image = ec2.describeImages(r -> r.imageIds(copy)).images().get(0);
            assertThat(image.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value())
                    .isEqualTo(Fleet.TAG_COPY_OF + "=" + FleetWorld.HOME + "/" + result.imageId()));
            var snapshots = ec2.describeSnapshots(r -> r.snapshotIds(image.blockDeviceMappings().stream()
                    .map(m -> m.ebs().snapshotId()).toList())).snapshots();
            assertThat(snapshots).isNotEmpty().allSatisfy(s -> {
                assertThat(s.encrypted()).isTrue();
                assertThat(s.kmsKeyId()).startsWith("arn:aws:kms:" + FleetWorld.OTHER + ":");
            });
        }
    }

    @Test
    void retentionCountsTheCopiesOfEachRegionLikeItsImages() {
        List<String> copies = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FleetRequest request = FleetRequest.builder(world.request().keepImages(1).build())
                    .target("web", FleetWorld.OTHER).build();
            FleetResult result = world.run(Fleet.start(request, world.sim.world.now(), null));
            assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
            copies.add(result.copies().get(FleetWorld.OTHER));
            world.sim.advance(Duration.ofMinutes(5));
        }
        try (var ec2 = world.sim.ec2(software.amazon.awssdk.regions.Region.of(FleetWorld.OTHER))) {
            List<String> left = ec2.describeImages(r -> r.owners("self")).images().stream()
                    .map(software.amazon.awssdk.services.ec2.model.Image::imageId).toList();
            // Kept: the newest one (keepImages 1) which the group runs; the two before are gone with their snapshots.
            assertThat(left).contains(copies.get(2)).doesNotContain(copies.get(0), copies.get(1));
        }
    }

    @Test
    void allAtOnceTheRefreshesOverlap() {
        Fleet fleet = Fleet.start(world.fleet(world.request().build()).parallel(true).build(), world.sim.world.now(), null);
        FleetResult result = world.run(fleet);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        var web = world.sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web"))
                .instanceRefreshes().get(0);
        var worker = world.sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("worker"))
                .instanceRefreshes().get(0);
        assertThat(worker.startTime()).isBefore(web.endTime());
    }

    @Test
    void aFleetResumedAfterARestartInEveryWaveMakesNothingTwice() {
        FleetRequest request = world.fleet(world.request().build()).build();
        Fleet fleet = Fleet.start(request, world.sim.world.now(), null);
        FleetNext next = null;
        for (int i = 0; i < 20_000; i++) {
            next = fleet.advance(world.clients(), world.sim.world.now());
            if (next.isFinished()) {
                break;
            }
            world.sim.advance(next.delay());
            // A restart after every step: only the saved facts survive.
            fleet = Fleet.resume(request, FleetWorld.roundTrip(fleet.state()), null);
        }
        assertThat(next.isFinished()).as(fleet.status()).isTrue();
        assertThat(next.result().status()).as(next.result().message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(world.sim.calls("ec2", "CreateImage")).isEqualTo(1);
        assertThat(world.sim.calls("ec2", "CopyImage")).isEqualTo(1);
        assertThat(world.imagesOf("web", FleetWorld.OTHER)).containsExactly(next.result().copies().get(FleetWorld.OTHER));
    }

    @Test
    void anAbortInTheSecondWaveRollsEveryWaveBack() {
        String webBefore = world.configuration("web", FleetWorld.HOME);
        Fleet fleet = Fleet.start(world.fleet(world.request().build()).build(), world.sim.world.now(), null);
        AtomicBoolean aborted = new AtomicBoolean();
        FleetResult result = world.run(fleet, f -> {
            RolloutState second = f.state().rollouts.get(1);
            if (!aborted.get() && second != null && second.phase == Phase.REFRESH_WAIT) {
                f.abort("the user");
                aborted.set(true);
            }
        });

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(world.configuration("web", FleetWorld.HOME)).isEqualTo(webBefore);
        assertThat(result.results().get(1).status()).isEqualTo(RolloutStatus.ABORTED);
    }

    @Test
    void theFleetsTimeoutStopsTheRunningWaveAndRollsTheHeldOnesBack() {
        String webBefore = world.configuration("web", FleetWorld.HOME);
        String workerBefore = world.configuration("worker", FleetWorld.HOME);
        // The first wave takes about 9 minutes; the second has 3 left, and its instances never get healthy.
        FleetRequest request = world.fleet(world.request().imageTimeout(Duration.ofMinutes(5))
                .rolloutTimeout(Duration.ofMinutes(10)).timeout(Duration.ofMinutes(12)).build()).build();
        FleetResult result = world.run(Fleet.start(request, world.sim.world.now(), null), failSecondWave());

        assertThat(result.status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(result.message()).startsWith("The fleet did not finish within 12 min (timeoutMinutes)");
        assertThat(result.results().get(1).status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(world.configuration("web", FleetWorld.HOME)).isEqualTo(webBefore);
        assertThat(world.configuration("worker", FleetWorld.HOME)).isEqualTo(workerBefore);
        assertThat(result.results().get(2)).isNull();
    }

    @Test
    void aDeadlineThatPassesOnceEveryWaveIsReleasedDoesNotUndoTheVerdict() {
        AtomicBoolean late = new AtomicBoolean();
        FleetResult result = world.run(Fleet.start(world.fleet(world.request().build()).build(),
                world.sim.world.now(), null), f -> {
            if (!late.get() && f.state().rollouts.stream().allMatch(s -> s != null && s.released)) {
                // Only the cleanups are left when the controller comes back, long past the fleet's deadline.
                world.sim.advance(Duration.ofHours(4));
                late.set(true);
            }
        });

        assertThat(late).isTrue();
        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
    }

    @Test
    void aPlanPlansEveryTargetAndChangesNothing() {
        Fleet fleet = Fleet.start(world.fleet(world.request().planOnly(true).build()).build(), world.sim.world.now(), null);
        FleetResult result = world.run(fleet);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.PLANNED);
        assertThat(result.plans()).hasSize(3).allSatisfy(plan -> assertThat(plan).isNotEmpty());
        assertThat(world.sim.mutatingCalls()).isZero();
    }

    @Test
    void anUnknownGroupInALaterTargetIsRefusedBeforeAnythingChanges() {
        Fleet fleet = Fleet.start(FleetRequest.builder(world.request().build()).target("worker", FleetWorld.HOME)
                .target("api", FleetWorld.OTHER).build(), world.sim.world.now(), null);
        FleetResult result = world.run(fleet);

        assertThat(result.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).startsWith("api@eu-west-1: asg: ");
        assertThat(world.sim.mutatingCalls()).isZero();
    }
}
