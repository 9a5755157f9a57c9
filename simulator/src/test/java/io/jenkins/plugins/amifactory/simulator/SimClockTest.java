package io.jenkins.plugins.amifactory.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimClockTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void eventsRunInTimeOrderAtTheirOwnTime() {
        SimClock clock = SimClock.manual(T0);
        List<String> seen = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(30), () -> seen.add("b@" + clock.now()));
        clock.schedule(Duration.ofSeconds(10), () -> {
            seen.add("a@" + clock.now());
            clock.schedule(Duration.ofSeconds(5), () -> seen.add("a2@" + clock.now()));
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(seen).containsExactly("a@2026-01-05T10:00:10Z", "a2@2026-01-05T10:00:15Z", "b@2026-01-05T10:00:30Z");
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aScaledClockKeepsRunningAfterBeingMovedByHand() throws InterruptedException {
        SimClock clock = SimClock.scaled(T0, 1000);
        clock.advance(Duration.ofHours(1));
        Instant moved = clock.now();
        Thread.sleep(20);
        clock.catchUp();
        assertThat(clock.now()).as("real time runs on from where the hand left it")
                .isAfter(moved).isBefore(moved.plusSeconds(600));
    }
}
