package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting adapts to what AWS reports, and the listener hears percentages and time left. */
class ProgressTest {

    record Tick(Phase phase, int percent, Duration remaining) {}

    @Test
    void reportsSnapshotAndRefreshProgressWithTimeLeft() throws IOException {
        try (Shop shop = Shop.onLaunchConfiguration(4)) {
            shop.scenario(s -> s.imageBaseTime = Duration.ofMinutes(10));
            List<Tick> ticks = new ArrayList<>();
            RolloutResult result = shop.run(shop.request().minHealthyPercentage(75).build(), new RolloutListener() {
                @Override
                public void progress(Phase phase, int percent, Duration remaining, String detail) {
                    ticks.add(new Tick(phase, percent, remaining));
                }
            });
            assertThat(result.succeeded()).as(result.message()).isTrue();

            List<Tick> image = ticks.stream().filter(t -> t.phase() == Phase.IMAGE_WAIT).toList();
            assertThat(image).as("a 10-minute Image is polled a handful of times, not every few seconds")
                    .hasSizeBetween(4, 30);
            assertThat(image).extracting(Tick::percent).isSorted();
            assertThat(image).anySatisfy(t -> assertThat(t.remaining()).isNotNull().isPositive());
            assertThat(image.get(image.size() - 1).percent()).isEqualTo(100);

            List<Tick> refresh = ticks.stream().filter(t -> t.phase() == Phase.REFRESH_WAIT).toList();
            assertThat(refresh).extracting(Tick::percent).isSorted().contains(100);
            assertThat(refresh).anySatisfy(t -> assertThat(t.percent()).isBetween(1, 99));
            assertThat(result.phaseDurations()).containsKeys("image wait", "refresh wait");
            assertThat(result.phaseDurations().get("image wait")).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void pollsSoonAtFirstThenLessOftenButNeverPastTheEstimate() {
        assertThat(Polling.pollDelay(Duration.ZERO, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Polling.pollDelay(Duration.ofMinutes(2), null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Polling.pollDelay(Duration.ofHours(1), null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Polling.pollDelay(Duration.ofHours(1), Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(10));
    }
}
