package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a rollout costs, in counts and simulated time rather than wall time: AWS calls, polls, and the
 * size of the state Jenkins persists, as the group grows. The figures go to
 * {@code engine/target/benchmarks/rollout-cost.md}; the assertions pin the ratios that matter (polling
 * that does not grow with the group, a state that does not grow with it either).
 */
class RolloutCostTest {

    record Cost(int groupSize, Duration simulated, Duration refreshWait, int apiCalls, int refreshPolls, int imagePolls,
                int stateBytes) {}

    @Test
    void costGrowsWithTheRefreshNotWithTheGroup() throws IOException {
        List<Cost> costs = new ArrayList<>();
        for (int size : new int[] {2, 10, 40}) {
            costs.add(measure(size));
        }
        write(costs);

        Cost small = costs.get(0);
        Cost large = costs.get(costs.size() - 1);
        double groupRatio = (double) large.groupSize() / small.groupSize();
        double timeRatio = (double) large.simulated().toSeconds() / small.simulated().toSeconds();
        double callRatio = (double) large.apiCalls() / small.apiCalls();
        assertThat(callRatio).as("calls grow with the wait, far slower than the group").isLessThan(groupRatio / 4);
        assertThat(callRatio).as("polls back off as waits grow").isLessThan(timeRatio);
        for (Cost c : costs) {
            // Polls come every 5 s at first, then back off; on average far less than one every 15 s.
            assertThat(c.refreshPolls()).as("refresh polls, size " + c.groupSize())
                    .isLessThanOrEqualTo(6 + (int) (c.refreshWait().toSeconds() / 15));
            assertThat(c.stateBytes()).as("persisted state, size " + c.groupSize()).isLessThan(6 * 1024);
        }
        assertThat(large.stateBytes() - small.stateBytes()).as("the state does not grow with the group")
                .isLessThan(256);
    }

    private static Cost measure(int size) throws IOException {
        try (Shop shop = Shop.onLaunchConfiguration(size)) {
            RolloutRequest request = shop.request().build();
            Instant start = shop.world.now();
            Rollout rollout = Rollout.start(request, start, RolloutListener.NONE);
            RolloutResult result = shop.finish(rollout);
            assertThat(result.succeeded()).as(result.message()).isTrue();
            return new Cost(size, Duration.between(start, shop.world.now()),
                    result.phaseDurations().get(Phase.REFRESH_WAIT.label()), result.totalApiCalls(),
                    result.apiCalls().getOrDefault("DescribeInstanceRefreshes", 0),
                    result.apiCalls().getOrDefault("DescribeImages", 0), serializedSize(rollout.state()));
        }
    }

    private static int serializedSize(RolloutState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        return bytes.size();
    }

    private static void write(List<Cost> costs) throws IOException {
        StringBuilder md = new StringBuilder("| instances | simulated time | of which refresh | AWS calls | refresh polls"
                + " | image polls | persisted state |\n|---|---|---|---|---|---|---|\n");
        for (Cost c : costs) {
            md.append("| ").append(c.groupSize()).append(" | ").append(Durations.words(c.simulated())).append(" | ")
                    .append(Durations.words(c.refreshWait())).append(" | ").append(c.apiCalls()).append(" | ").append(c.refreshPolls()).append(" | ").append(c.imagePolls())
                    .append(" | ").append(c.stateBytes()).append(" bytes |\n");
        }
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rollout-cost.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
    }
}
