package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.amifactory.engine.LedgerEntry;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.simulator.SimClock;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleRolloutListenerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final SimClock time = SimulatorKit.manualClock();
    private final Clock clock = time.asJavaClock(new Object());

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aFleetsSummaryIsItsVerdictThenALinePerTargetThenTheCopies() {
        new ConsoleRolloutListener(out, true, clock).summary(AmiFactoryActionTest.failedFleet());
        assertThat(lines()).containsExactly(
                "[AMI Factory] Rollout of 3 groups FAILED: web@eu-west-1: the Refresh was rolled back. ….",
                "[AMI Factory]   api@eu-west-1: SUCCEEDED: group 'api' is on api-lt:2 with Image ami-0123.",
                "[AMI Factory]   web@eu-west-1: FAILED: the Refresh was rolled back by AWS (reason above). "
                        + "Group 'web' is on web-lt:2 (its previous configuration).",
                "[AMI Factory]   web@me-central-1: not started, unchanged",
                "[AMI Factory]   Copies of the Image (1):",
                "[AMI Factory]     image copy ami-0789: deregistered (no group in me-central-1 uses it)",
                "[AMI Factory]   AWS calls: " + (2 + AmiFactoryActionTest.failedFleet().results().stream()
                        .filter(java.util.Objects::nonNull).mapToInt(r -> r.totalApiCalls()).sum()));
        io.jenkins.plugins.amifactory.engine.FleetResult planned = new io.jenkins.plugins.amifactory.engine.FleetResult(
                "f", RolloutStatus.PLANNED, null, List.of(new io.jenkins.plugins.amifactory.engine.Target("web", "x-1"),
                        new io.jenkins.plugins.amifactory.engine.Target("api", "x-1")), java.util.Arrays.asList(null, null),
                Map.of(), List.of(), List.of(List.of(), List.of()), Map.of());
        assertThat(ConsoleRolloutListener.verdict(planned)).isEqualTo("Plan for 2 groups (web@x-1, api@x-1): nothing was "
                + "changed in AWS.");
    }

    @Test
    void onePhaseLineThenProgressAtMostEveryThirtySecondsUnlessItMovedTenPoints() {
        ConsoleRolloutListener console = new ConsoleRolloutListener(out, false, clock);
        console.phaseStarted(Phase.REFRESH_WAIT, "waiting for instance refresh ir-1");
        console.progress(Phase.REFRESH_WAIT, 0, null, "ir-1 Pending");        // first: printed
        time.advance(Duration.ofSeconds(10));
        console.progress(Phase.REFRESH_WAIT, 5, Duration.ofMinutes(9), "ir-1 InProgress");   // 10 s, +5: not
        time.advance(Duration.ofSeconds(10));
        console.progress(Phase.REFRESH_WAIT, 12, Duration.ofMinutes(4), "ir-1 InProgress");  // +12 points: printed
        time.advance(Duration.ofSeconds(25));
        console.progress(Phase.REFRESH_WAIT, 15, Duration.ofMinutes(3), "ir-1 InProgress");  // 25 s, +3: not
        time.advance(Duration.ofSeconds(5));
        console.progress(Phase.REFRESH_WAIT, 16, Duration.ofMinutes(3), "ir-1 InProgress");  // 30 s: printed
        assertThat(lines()).containsExactly(
                "[AMI Factory] Refresh wait: waiting for instance refresh ir-1",
                "[AMI Factory] Refresh wait: 0% - ir-1 Pending",
                "[AMI Factory] Refresh wait: 12%, about 4 min left - ir-1 InProgress",
                "[AMI Factory] Refresh wait: 16%, about 3 min left - ir-1 InProgress");
    }

    @Test
    void aNewPhaseGetsItsFirstProgressLineAtOnce() {
        ConsoleRolloutListener console = new ConsoleRolloutListener(out, false, clock);
        console.progress(Phase.IMAGE_WAIT, -1, null, "Image ami-1 pending");
        console.phaseStarted(Phase.CONFIG_WRITE, "writing");
        console.progress(Phase.REFRESH_WAIT, 0, null, "ir-1 Pending");
        assertThat(lines()).containsExactly("[AMI Factory] Image wait: Image ami-1 pending",
                "[AMI Factory] Config write: writing", "[AMI Factory] Refresh wait: 0% - ir-1 Pending");
    }

    @Test
    void quietKeepsPhasesAndNewsButNoProgress() {
        ConsoleRolloutListener console = new ConsoleRolloutListener(out, true, clock);
        console.phaseStarted(Phase.IMAGE_WAIT, "waiting for Image ami-1");
        console.progress(Phase.IMAGE_WAIT, 50, null, "Image ami-1 pending");
        console.info("AWS answered Throttling; trying again in 2 s");
        assertThat(lines()).containsExactly("[AMI Factory] Image wait: waiting for Image ami-1",
                "[AMI Factory] AWS answered Throttling; trying again in 2 s");
    }

    @Test
    void theSummarySaysWhatWasMadeAndWhatBecameOfItAndRefersToTheReasonAbove() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("image wait", Duration.ofSeconds(80));
        phases.put("refresh wait", Duration.ofMinutes(6));
        String reason = "Instance refresh ir-1 of group 'web' ended Failed at 40%: replacement instances did not pass";
        RolloutResult r = new RolloutResult("r-1", RolloutStatus.FAILED, "web", "ami-1", "web-20260105", List.of("snap-1"),
                "web-lc-1", "web-20260105", "web-20260105", null, null, "ir-1", "Failed", 40,
                reason + ". Group 'web' is on web-lc-1 (its previous configuration)", phases, Map.of("DescribeImages", 3),
                List.of(new LedgerEntry("image", "ami-1", "kept, not in use (retention removes it in time)"),
                        new LedgerEntry("launch configuration", "web-20260105", "deleted")), List.of(),
                "us-east-1", false, "the Refresh failed", "Group 'web' is on web-lc-1 (its previous configuration)");
        new ConsoleRolloutListener(out, true, clock).summary(r);
        assertThat(lines()).containsExactly(
                "[AMI Factory] Rollout of group 'web' FAILED: the Refresh failed (reason above). Group 'web' is on "
                        + "web-lc-1 (its previous configuration).",
                "[AMI Factory]   Image: ami-1 (web-20260105)",
                "[AMI Factory]   Configuration: was web-lc-1, wrote web-20260105",
                "[AMI Factory]   Instance refresh: ir-1 Failed (40%)",
                "[AMI Factory]   Phases: image wait 1 min 20 s, refresh wait 6 min (7 min 20 s in all)",
                "[AMI Factory]   AWS calls: 3",
                "[AMI Factory]   Resources (2):",
                "[AMI Factory]     image ami-1: kept, not in use (retention removes it in time)",
                "[AMI Factory]     launch configuration web-20260105: deleted");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("the reason was printed when it happened")
                .doesNotContain("replacement instances");
    }
}
