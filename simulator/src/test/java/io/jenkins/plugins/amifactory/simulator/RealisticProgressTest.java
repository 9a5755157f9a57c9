package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The opt-in benchmark modes: progress as AWS reports it (seeded, coarse, uneven), the noted time of each change,
 * and the account's shared limit on Describe calls.
 */
class RealisticProgressTest {

    /** What a poller every 10 s sees of one Image: its snapshots' percentages, and when each state came. */
    private record Seen(List<Integer> percents, Instant snapshotsCompleted, Instant available, List<SimClock.Change> notes) {}

    private static Seen imageSeenBy10sPolls(long seed) throws IOException {
        try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
            sim.world.run(() -> sim.world.clock().recordChanges());
            sim.scenario(s -> {
                s.realistic = new RealisticProgress(seed);
                s.realistic.imageTime = Duration.ofMinutes(20);
            });
            String instance = sim.shop().webInstances().get(0);
            String imageId = sim.ec2.createImage(r -> r.instanceId(instance).name("web-real").noReboot(true)).imageId();
            List<String> snapshots = sim.ec2.describeImages(r -> r.imageIds(imageId)).images().get(0)
                    .blockDeviceMappings().stream().filter(m -> m.ebs() != null).map(m -> m.ebs().snapshotId()).toList();
            List<Integer> percents = new ArrayList<>();
            Instant completed = null;
            Instant available = null;
            for (int i = 0; i < 6 * 40 && available == null; i++) {
                sim.advance(Duration.ofSeconds(10));
                var snapshot = sim.ec2.describeSnapshots(r -> r.snapshotIds(snapshots)).snapshots().get(0);
                percents.add(Integer.parseInt(snapshot.progress().replace("%", "")));
                if (completed == null && "completed".equals(snapshot.stateAsString())) {
                    completed = sim.world.now();
                }
                if ("available".equals(sim.ec2.describeImages(r -> r.imageIds(imageId)).images().get(0).stateAsString())) {
                    available = sim.world.now();
                }
            }
            return new Seen(percents, completed, available, sim.world.call(() -> sim.world.clock().changes()));
        }
    }

    @Test
    void snapshotsStallThenJumpAndTheImageLagsBehindThem() throws IOException {
        Seen seen = imageSeenBy10sPolls(3);

        assertThat(seen.percents().subList(0, 3)).as("a stall at 0 % first").containsOnly(0);
        assertThat(seen.percents()).isSorted();
        List<Integer> distinct = new ArrayList<>(new TreeSet<>(seen.percents()));
        assertThat(distinct.size()).as("a few coarse jumps, not a smooth line").isBetween(3, 11);
        assertThat(seen.snapshotsCompleted()).isNotNull();
        assertThat(seen.available()).as("pending for a while after the snapshots")
                .isAfterOrEqualTo(seen.snapshotsCompleted().plusSeconds(20));
        Duration total = Duration.between(SimulatorKit.START, seen.available());
        assertThat(total).as("around the nominal 20 minutes").isBetween(Duration.ofMinutes(15), Duration.ofMinutes(25));
        assertThat(seen.notes()).anySatisfy(c -> {
            assertThat(c.change()).isEqualTo("available");
            assertThat(c.at()).isAfter(seen.available().minusSeconds(10)).isBeforeOrEqualTo(seen.available());
        });
    }

    @Test
    void theSameSeedReplaysTheSameImageAndAnotherDoesNot() throws IOException {
        Seen a = imageSeenBy10sPolls(3);
        assertThat(imageSeenBy10sPolls(3)).isEqualTo(a);
        assertThat(imageSeenBy10sPolls(4).available()).isNotEqualTo(a.available());
    }

    @Test
    void aRefreshReportsItsPercentagePerBatchAndNotesWhenItSucceeds() throws IOException {
        try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
            sim.world.run(() -> sim.world.clock().recordChanges());
            sim.scenario(s -> s.realistic = new RealisticProgress(9));
            String group = sim.shop().webGroup();
            sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(group).desiredCapacity(4).maxSize(8));
            sim.advance(Duration.ofMinutes(10));
            String id = sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(group)
                    .preferences(p -> p.minHealthyPercentage(50).instanceWarmup(30))).instanceRefreshId();
            List<Integer> seen = new ArrayList<>();
            InstanceRefresh refresh = null;
            for (int i = 0; i < 400; i++) {
                sim.advance(Duration.ofSeconds(5));
                refresh = sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group)
                        .instanceRefreshIds(id)).instanceRefreshes().get(0);
                seen.add(refresh.percentageComplete());
                if ("Successful".equals(refresh.statusAsString())) {
                    break;
                }
            }
            assertThat(refresh.statusAsString()).isEqualTo("Successful");
            assertThat(new TreeSet<>(seen)).as("two batches of two out of four").containsExactly(0, 50, 100);
            List<SimClock.Change> notes = sim.world.call(() -> sim.world.clock().changes());
            assertThat(notes).filteredOn(c -> c.resource().equals(id)).extracting(SimClock.Change::change)
                    .containsSubsequence("50%", "100%", "Successful");
        }
    }

    @Test
    void describeCallsAboveTheSharedLimitAreThrottledUntilTheBucketRefills() throws IOException {
        try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
            sim.faults().limitDescribeCalls(20, sim.world.javaClock()::instant);
            for (int i = 0; i < 20; i++) {
                sim.ec2.describeImages(r -> r.owners("self"));
            }
            AwsServiceException ec2 = catchThrowableOfType(AwsServiceException.class,
                    () -> sim.ec2.describeImages(r -> r.owners("self")));
            assertThat(ec2.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            sim.ec2.createTags(r -> r.resources(sim.shop().baseImageId()).tags(t -> t.key("k").value("v")));
            for (int i = 0; i < 20; i++) {
                sim.autoScaling.describeAutoScalingGroups();
            }
            AwsServiceException asg = catchThrowableOfType(AwsServiceException.class,
                    () -> sim.autoScaling.describeAutoScalingGroups());
            assertThat(asg.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            assertThat(sim.faults().throttledByLimit()).isEqualTo(2);

            sim.advance(Duration.ofMillis(500));
            for (int i = 0; i < 10; i++) {
                sim.ec2.describeImages(r -> r.owners("self"));
            }
            assertThat(catchThrowableOfType(AwsServiceException.class, () -> sim.ec2.describeImages(r -> r.owners("self"))))
                    .as("half a second refills half the bucket").isNotNull();
        }
    }
}
