package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.RealisticProgress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a wait looks again, from what it has seen: the rules {@link Pace} documents, one by one. */
class PaceTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static RefreshSettings refresh(Duration warmup, Duration bake) {
        return new RefreshSettings(true, 90, null, warmup, null, List.of(), null, bake, null, List.of());
    }

    @Test
    void snapshotsAt0PercentAreLookedAtLessAndLessOftenButAtLeastEveryFiveMinutes() {
        Pace pace = new Pace();
        assertThat(pace.image(T0, at(5), 0, false)).isEqualTo(Duration.ofSeconds(5));
        assertThat(pace.image(T0, at(40), 0, false)).isEqualTo(Duration.ofSeconds(40));
        assertThat(pace.image(T0, at(3600), 0, false)).isEqualTo(Pace.MAX_POLL);
    }

    @Test
    void movingSnapshotsAreLookedAtBeforeTheirPredictedEndAndNeverFurtherThanHalfTheWaitSoFar() {
        Pace pace = new Pace();
        pace.image(T0, at(600), 0, false);
        // 25 % first seen at 1200 s, so reached at about 900 s, 300 s after the last look at 0 %: done at
        // 600 + 4 * 300 = 1800 s, 600 s from now. A third of the way is 200 s.
        Duration next = pace.image(T0, at(1200), 25, false);
        assertThat(next).isEqualTo(Duration.ofSeconds(200));
        Pace early = new Pace();
        early.image(T0, at(10), 0, false);
        assertThat(early.image(T0, at(20), 1, false)).as("1 % says little: half the 20 s waited, but 20 s at least")
                .isEqualTo(Pace.APPROACH_POLL);
    }

    @Test
    void oncePastThePredictionTheLooksThinOutAgain() {
        Pace pace = new Pace();
        pace.image(T0, at(600), 0, false);
        pace.image(T0, at(1200), 25, false);
        // predicted 1800 s; still 25 % at 2400 s: 600 s overdue, so the next look in half that.
        assertThat(pace.image(T0, at(2400), 25, false)).isEqualTo(Duration.ofSeconds(300));
        Pace justPast = new Pace();
        justPast.image(T0, at(600), 0, false);
        justPast.image(T0, at(1200), 25, false);
        assertThat(justPast.image(T0, at(1810), 25, false)).as("10 s overdue: 20 s at least").isEqualTo(Pace.APPROACH_POLL);
    }

    @Test
    void anImageWhoseSnapshotsAreDoneIsLookedAtEveryTenSeconds() {
        Pace pace = new Pace();
        pace.image(T0, at(600), 40, false);
        assertThat(pace.snapshotsDone()).isFalse();
        assertThat(pace.image(T0, at(900), 100, true)).isEqualTo(Pace.TAIL_POLL);
        assertThat(pace.snapshotsDone()).isTrue();
        assertThat(pace.image(T0, at(910), 100, true)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRefreshIsNotLookedAtAgainBeforeItsWarmupCanBeOver() {
        Pace pace = new Pace();
        assertThat(pace.refresh(refresh(Duration.ofMinutes(5), null), T0, at(5), "InProgress", 0))
                .isEqualTo(Duration.ofSeconds(295));
    }

    @Test
    void aBakingRefreshIsLookedAtWhenTheBakeTimeHasPassedSinceTheLastLookThatSawItNotBaking() {
        Pace pace = new Pace();
        RefreshSettings settings = refresh(null, Duration.ofMinutes(5));
        pace.refresh(settings, T0, at(600), "InProgress", 90);
        assertThat(pace.refresh(settings, T0, at(700), "Baking", 100)).as("baking began after 600 s: not done before 900 s")
                .isEqualTo(Duration.ofSeconds(201));
        assertThat(pace.refresh(settings, T0, at(901), "Baking", 100)).isEqualTo(Pace.END_POLL);
    }

    @Test
    void aRefreshWithoutBakeTimeApproachesItsPredictedEndInTenSecondSteps() {
        Pace pace = new Pace();
        RefreshSettings settings = refresh(null, null);
        // 90 % at the first look, 900 s in: done at 1000 s, a third of the way there.
        assertThat(pace.refresh(settings, T0, at(900), "InProgress", 90)).isEqualTo(Duration.ofSeconds(100).dividedBy(3));
        // Still 90 % at 990 s: 10 s to go, so the next look is 10 s away, the closest a Refresh is looked at.
        assertThat(pace.refresh(settings, T0, at(990), "InProgress", 90)).isEqualTo(Pace.END_POLL);
        Pace later = new Pace();
        later.refresh(settings, T0, at(600), "InProgress", 20);
        // 40 % first seen at 1200 s, reached at 900 s: predicted 2250 s, 1050 s ahead; a third is 350 s, capped at 300 s.
        assertThat(later.refresh(settings, T0, at(1200), "InProgress", 40)).isEqualTo(Pace.MAX_POLL);
    }

    @Test
    void whileItsSnapshotsAreTakenOnlyTheyAreLookedAtNotTheImage() throws IOException {
        try (Shop shop = Shop.onLaunchConfiguration(2)) {
            shop.world.run(() -> shop.world.clock().recordChanges());
            shop.scenario(s -> {
                s.realistic = new RealisticProgress(5);
                s.realistic.imageTime = Duration.ofMinutes(30);
            });
            Rollout rollout = Rollout.start(shop.request().refresh(false).build(), shop.world.now(), RolloutListener.NONE);
            shop.stepUntil(rollout, Phase.IMAGE_WAIT);
            long imagesBefore = shop.calls("ec2", "DescribeImages");
            for (int i = 0; i < 1000 && !snapshotsCompleted(shop); i++) {
                shop.step(rollout);
            }
            assertThat(shop.calls("ec2", "DescribeImages") - imagesBefore).as("only the first look, to learn them")
                    .isEqualTo(1);
            assertThat(shop.calls("ec2", "DescribeSnapshots")).isGreaterThan(3);
            shop.stepUntil(rollout, Phase.CONFIG_WRITE);
            assertThat(rollout.result().imageId()).isNotNull();
        }
    }

    private static boolean snapshotsCompleted(Shop shop) {
        return shop.world.call(() -> shop.world.clock().changes()).stream().anyMatch(c -> c.change().equals("completed"));
    }
}
