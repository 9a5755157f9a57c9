package io.jenkins.plugins.amifactory.simulator.autoscaling;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;
import software.amazon.awssdk.services.autoscaling.model.StandbyInstances;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instance refreshes on groups that use launch configurations, observed over virtual time through the
 * real SDK: batch sizes against MinHealthyPercentage and MaxHealthyPercentage, warm-up, checkpoints, bake
 * time, failure on an image whose instances never become healthy, cancel, and the refusals AWS makes for
 * launch configurations.
 */
class InstanceRefreshTest extends RefreshTestBase {

    /** A running group on v1 whose launch configuration now points at v2, the way AMI Factory rolls out. */
    private void groupMovedToV2(String group, int desired) {
        asg.runningGroup(group, v1, desired);
        asg.launchConfiguration(group + "-v2", v2);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(group)
                .launchConfigurationName(group + "-v2"));
    }

    private String startRefresh(String group, Consumer<RefreshPreferences.Builder> preferences) {
        return sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(group).preferences(preferences))
                .instanceRefreshId();
    }

    private List<Activity> refreshTerminations(String group) {
        return sim.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName(group)).activities().stream()
                .filter(a -> a.description().startsWith("Terminating") && a.cause().contains("instance refresh"))
                .toList();
    }

    private boolean finished(String group, String id) {
        return asg.finished(group, id);
    }

    private long onLaunchConfiguration(String group, String lc) {
        return asg.inService(group).stream().filter(i -> lc.equals(i.launchConfigurationName())).count();
    }

    @Test
    void replacesInBatchesThatKeepMinHealthyPercentageInService() {
        groupMovedToV2("web", 4);
        String id = startRefresh("web", p -> p.minHealthyPercentage(50));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.PENDING);

        AtomicInteger fewestHealthy = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger mostOutOfService = new AtomicInteger();
        List<Integer> percentages = new ArrayList<>();
        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> {
            int healthy = asg.inService("web").size();
            fewestHealthy.set(Math.min(fewestHealthy.get(), healthy));
            mostOutOfService.set(Math.max(mostOutOfService.get(), 4 - healthy));
            percentages.add(asg.refresh("web", id).percentageComplete());
            return finished("web", id);
        });

        InstanceRefresh done = asg.refresh("web", id);
        assertThat(done.status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(done.percentageComplete()).isEqualTo(100);
        assertThat(done.instancesToUpdate()).isZero();
        assertThat(done.endTime()).isAfter(done.startTime());
        assertThat(done.preferences().minHealthyPercentage()).isEqualTo(50);
        assertThat(done.preferences().standbyInstances()).isEqualTo(StandbyInstances.WAIT);
        assertThat(fewestHealthy.get()).isEqualTo(2);
        assertThat(mostOutOfService.get()).isEqualTo(2);
        assertThat(percentages).isSorted().contains(50);
        // Two batches of two: the refresh's terminations started at two distinct instants.
        Map<Instant, Long> batches = refreshTerminations("web").stream()
                .collect(Collectors.groupingBy(Activity::startTime, TreeMap::new, Collectors.counting()));
        assertThat(batches.values()).containsExactly(2L, 2L);
        assertThat(onLaunchConfiguration("web", "web-v2")).isEqualTo(4);
    }

    @Test
    void minHealthyPercentageOf100StillReplacesOneInstanceAtATime() {
        groupMovedToV2("web", 3);
        String id = startRefresh("web", p -> p.minHealthyPercentage(100));

        AtomicInteger mostOutOfService = new AtomicInteger();
        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> {
            mostOutOfService.set(Math.max(mostOutOfService.get(), 3 - asg.inService("web").size()));
            return finished("web", id);
        });

        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(mostOutOfService.get()).isEqualTo(1);
        assertThat(refreshTerminations("web")).extracting(Activity::startTime).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void maxHealthyPercentageAbove100LaunchesReplacementsBeforeTerminating() {
        groupMovedToV2("web", 2);
        String id = startRefresh("web", p -> p.minHealthyPercentage(100).maxHealthyPercentage(200));

        AtomicInteger fewestHealthy = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicReference<Instant> firstTermination = new AtomicReference<>();
        AtomicReference<Instant> allReplacementsInService = new AtomicReference<>();
        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> {
            List<Instance> instances = asg.instances("web");
            fewestHealthy.set(Math.min(fewestHealthy.get(), asg.inService("web").size()));
            mostRunning.set(Math.max(mostRunning.get(), (int) instances.stream()
                    .filter(i -> i.lifecycleState() != LifecycleState.TERMINATING).count()));
            if (firstTermination.get() == null && !refreshTerminations("web").isEmpty()) {
                firstTermination.set(sim.world.now());
            }
            if (allReplacementsInService.get() == null && onLaunchConfiguration("web", "web-v2") == 2) {
                allReplacementsInService.set(sim.world.now());
            }
            return finished("web", id);
        });

        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(fewestHealthy.get()).isEqualTo(2);
        assertThat(mostRunning.get()).isEqualTo(4);
        assertThat(firstTermination.get()).isAfterOrEqualTo(allReplacementsInService.get());
        assertThat(asg.instances("web")).filteredOn(i -> i.lifecycleState() != LifecycleState.TERMINATING).hasSize(2);
    }

    @Test
    void aReplacementCountsOnlyOnceInServiceHealthyAndWarmedUp() {
        groupMovedToV2("web", 1);
        String id = startRefresh("web", p -> p.minHealthyPercentage(0).instanceWarmup(300));

        asg.advanceUntil(STEP, Duration.ofMinutes(5), () -> onLaunchConfiguration("web", "web-v2") == 1);
        Instant inService = sim.world.now();
        InstanceRefresh warming = asg.refresh("web", id);
        assertThat(warming.status()).isEqualTo(InstanceRefreshStatus.IN_PROGRESS);
        assertThat(warming.percentageComplete()).isZero();
        assertThat(warming.instancesToUpdate()).isEqualTo(1);
        assertThat(warming.statusReason()).contains("warm up");

        sim.advance(Duration.ofSeconds(290));
        assertThat(asg.refresh("web", id).percentageComplete()).isZero();
        asg.advanceUntil(STEP, Duration.ofMinutes(1), () -> finished("web", id));
        InstanceRefresh done = asg.refresh("web", id);
        assertThat(done.status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(Duration.between(inService, done.endTime()))
                .isBetween(Duration.ofSeconds(295), Duration.ofSeconds(305));
    }

    @Test
    void aCheckpointPausesReplacingForTheCheckpointDelay() {
        groupMovedToV2("web", 4);
        String id = startRefresh("web", p -> p.minHealthyPercentage(75).checkpointPercentages(50, 100)
                .checkpointDelay(600));

        asg.advanceUntil(STEP, Duration.ofMinutes(10), () -> asg.refresh("web", id).percentageComplete() >= 50);
        Instant reached = sim.world.now();
        InstanceRefresh paused = asg.refresh("web", id);
        assertThat(paused.percentageComplete()).isEqualTo(50);
        assertThat(paused.statusReason()).contains("Checkpoint 1 of 2");
        int terminationsAtCheckpoint = refreshTerminations("web").size();
        assertThat(terminationsAtCheckpoint).isEqualTo(2);

        sim.advance(Duration.ofSeconds(590));
        assertThat(refreshTerminations("web")).hasSize(terminationsAtCheckpoint);
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.IN_PROGRESS);

        asg.advanceUntil(STEP, Duration.ofMinutes(15), () -> finished("web", id));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        Instant resumed = refreshTerminations("web").stream().map(Activity::startTime).max(Instant::compareTo)
                .orElseThrow();
        assertThat(Duration.between(reached, resumed)).isGreaterThanOrEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void bakeTimeHoldsTheRefreshInBakingBeforeItSucceeds() {
        groupMovedToV2("web", 1);
        String id = startRefresh("web", p -> p.minHealthyPercentage(0).bakeTime(600));

        asg.advanceUntil(STEP, Duration.ofMinutes(5),
                () -> asg.refresh("web", id).status() == InstanceRefreshStatus.BAKING);
        Instant bakingSince = sim.world.now();
        assertThat(asg.refresh("web", id).percentageComplete()).isEqualTo(100);

        sim.advance(Duration.ofSeconds(590));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.BAKING);
        asg.advanceUntil(STEP, Duration.ofMinutes(1), () -> finished("web", id));
        InstanceRefresh done = asg.refresh("web", id);
        assertThat(done.status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(Duration.between(bakingSince, done.endTime())).isGreaterThanOrEqualTo(Duration.ofSeconds(595));
    }

    @Test
    void aRefreshToAnImageWhoseInstancesNeverBecomeHealthyStallsThenFails() {
        sim.world.run(() -> {
            sim.world.scenario().unhealthyImageIds.add(v2);
            sim.world.scenario().refreshStallTimeout = Duration.ofMinutes(15);
        });
        groupMovedToV2("web", 2);
        String id = startRefresh("web", p -> p.minHealthyPercentage(50));

        AtomicInteger fewestHealthyOnV1 = new AtomicInteger(Integer.MAX_VALUE);
        asg.observe(STEP, Duration.ofMinutes(14), t -> fewestHealthyOnV1.set(
                Math.min(fewestHealthyOnV1.get(), (int) onLaunchConfiguration("web", "web-v1"))));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.IN_PROGRESS);
        assertThat(onLaunchConfiguration("web", "web-v2")).isZero();
        assertThat(fewestHealthyOnV1.get()).isEqualTo(1);

        asg.advanceUntil(STEP, Duration.ofMinutes(3), () -> finished("web", id));
        InstanceRefresh failed = asg.refresh("web", id);
        assertThat(failed.status()).isEqualTo(InstanceRefreshStatus.FAILED);
        assertThat(failed.statusReason()).contains(v2).contains("health checks");
        assertThat(failed.endTime()).isNotNull();
        assertThat(failed.percentageComplete()).isLessThan(100);
        assertThat(failed.rollbackDetails()).isNull();
    }

    @Test
    void cancellingStopsFurtherReplacements() {
        groupMovedToV2("web", 4);
        String id = startRefresh("web", p -> p.minHealthyPercentage(75).instanceWarmup(120));
        asg.advanceUntil(STEP, Duration.ofMinutes(5), () -> !refreshTerminations("web").isEmpty());

        String cancelled = sim.autoScaling.cancelInstanceRefresh(r -> r.autoScalingGroupName("web"))
                .instanceRefreshId();
        assertThat(cancelled).isEqualTo(id);
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.CANCELLING);
        asg.advanceUntil(STEP, Duration.ofMinutes(5), () -> finished("web", id));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.CANCELLED);
        int terminations = refreshTerminations("web").size();

        sim.advance(Duration.ofMinutes(30));
        assertThat(refreshTerminations("web")).hasSize(terminations);
        assertThat(asg.inService("web")).hasSize(4);
        assertThat(onLaunchConfiguration("web", "web-v1")).isEqualTo(4 - terminations);
        assertAwsError(() -> sim.autoScaling.cancelInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "ActiveInstanceRefreshNotFound", "web");
    }

    @Test
    void onlyOneRefreshRunsAtATime() {
        groupMovedToV2("web", 1);
        String first = startRefresh("web", p -> p.minHealthyPercentage(0));
        assertAwsError(() -> startRefresh("web", p -> p.minHealthyPercentage(0)), "InstanceRefreshInProgress",
                "already in progress");
        asg.advanceUntil(STEP, Duration.ofMinutes(5), () -> finished("web", first));

        String second = startRefresh("web", p -> p.minHealthyPercentage(0));
        assertThat(sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web")).instanceRefreshes())
                .extracting(InstanceRefresh::instanceRefreshId).containsExactly(second, first);
        assertThat(sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web").maxRecords(1))
                .nextToken()).isNotNull();
    }

    @Test
    void launchConfigurationsRefuseSkipMatchingAndRollback() {
        groupMovedToV2("web", 1);
        assertAwsError(() -> startRefresh("web", p -> p.skipMatching(true)), "ValidationError", "SkipMatching");
        assertAwsError(() -> startRefresh("web", p -> p.autoRollback(true)), "ValidationError",
                "DesiredConfiguration");
        assertAwsError(() -> sim.autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "ActiveInstanceRefreshNotFound", "web");

        startRefresh("web", p -> p.minHealthyPercentage(0));
        assertAwsError(() -> sim.autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "IrreversibleInstanceRefresh", "desired configuration");
    }

    @Test
    void invalidPreferencesAreValidationErrors() {
        groupMovedToV2("web", 1);
        assertAwsError(() -> startRefresh("web", p -> p.minHealthyPercentage(101)), "ValidationError",
                "preferences.minHealthyPercentage");
        assertAwsError(() -> startRefresh("web", p -> p.maxHealthyPercentage(150)), "ValidationError",
                "MinHealthyPercentage");
        assertAwsError(() -> startRefresh("web", p -> p.minHealthyPercentage(50).maxHealthyPercentage(200)),
                "ValidationError", "cannot be greater than 100");
        assertAwsError(() -> startRefresh("web", p -> p.checkpointPercentages(50, 20)), "ValidationError",
                "ascending");
        assertAwsError(() -> startRefresh("web", p -> p.checkpointDelay(60)), "ValidationError",
                "CheckpointPercentages");
        assertThat(sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web")).instanceRefreshes())
                .isEmpty();
    }

    @Test
    void standbyInstancesAreWaitedForOrIgnoredAsThePreferenceSays() {
        sim.world.run(() -> sim.world.scenario().refreshStallTimeout = Duration.ofHours(2));
        for (String group : List.of("waits", "ignores")) {
            groupMovedToV2(group, 2);
            String standby = asg.instances(group).get(0).instanceId();
            sim.autoScaling.enterStandby(r -> r.autoScalingGroupName(group).instanceIds(standby)
                    .shouldDecrementDesiredCapacity(true));
        }
        String waits = startRefresh("waits", p -> p.minHealthyPercentage(0));
        String ignores = startRefresh("ignores", p -> p.minHealthyPercentage(0)
                .standbyInstances(StandbyInstances.IGNORE));

        sim.advance(Duration.ofMinutes(10));
        assertThat(asg.refresh("ignores", ignores).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(asg.instances("ignores")).filteredOn(i -> i.lifecycleState() == LifecycleState.STANDBY)
                .singleElement().satisfies(i -> assertThat(i.launchConfigurationName()).isEqualTo("ignores-v1"));
        InstanceRefresh waiting = asg.refresh("waits", waits);
        assertThat(waiting.status()).isEqualTo(InstanceRefreshStatus.IN_PROGRESS);
        assertThat(waiting.statusReason()).contains("Standby");

        String standby = asg.instances("waits").stream().filter(i -> i.lifecycleState() == LifecycleState.STANDBY)
                .findFirst().orElseThrow().instanceId();
        sim.autoScaling.exitStandby(r -> r.autoScalingGroupName("waits").instanceIds(standby));
        asg.advanceUntil(STEP, Duration.ofMinutes(10), () -> finished("waits", waits));
        assertThat(asg.refresh("waits", waits).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(asg.instances("waits")).allSatisfy(i ->
                assertThat(i.launchConfigurationName()).isEqualTo("waits-v2"));
    }
}
