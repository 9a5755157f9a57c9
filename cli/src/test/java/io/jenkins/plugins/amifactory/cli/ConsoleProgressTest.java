package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Phase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void plainLinesOnlyWhenSomethingChanges() {
        try (ConsoleProgress p = new ConsoleProgress(out, false, 80, clock, false)) {
            p.phaseStarted(Phase.IMAGE_WAIT, "waiting for Image ami-1");
            p.progress(Phase.IMAGE_WAIT, 10, Duration.ofSeconds(90), "Image ami-1 pending");
            p.progress(Phase.IMAGE_WAIT, 12, Duration.ofSeconds(80), "Image ami-1 pending");
            p.progress(Phase.IMAGE_WAIT, 19, Duration.ofSeconds(70), "Image ami-1 pending");
            p.progress(Phase.IMAGE_WAIT, 20, Duration.ofSeconds(60), "Image ami-1 pending");
            p.info("AWS answered Throttling; trying again in 2 s");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[  0:00] image wait    waiting for Image ami-1",
                "[  0:00] image wait     10%  ~1 min 30 s left  Image ami-1 pending",
                "[  0:00] image wait     20%  ~1 min left  Image ami-1 pending",
                "[  0:00]               AWS answered Throttling; trying again in 2 s");
    }

    @Test
    void barIsRedrawnInPlaceAndClearedBeforeLines() {
        try (ConsoleProgress p = new ConsoleProgress(out, true, 120, clock, false)) {
            p.phaseStarted(Phase.REFRESH_WAIT, "waiting for instance refresh r-1");
            p.progress(Phase.REFRESH_WAIT, 50, Duration.ofMinutes(2), "instance refresh r-1 InProgress");
            p.info("note");
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("[############............]  50%  ~2 min left  instance refresh r-1 InProgress");
        assertThat(s).doesNotContain("InProgress\n");
        // After the note the bar is drawn again, and closing takes it away: the output ends on a blank line.
        int note = s.indexOf("note\n");
        assertThat(s.indexOf("[############", note)).isPositive();
        assertThat(s).endsWith("\r");
    }

    @Test
    void aDetailFromAwsStaysOnItsLineWhileTheColumnsKeepTheirSpacing() {
        try (ConsoleProgress p = new ConsoleProgress(out, false, 80, clock, false)) {
            p.progress(Phase.REFRESH_WAIT, 50, Duration.ofMinutes(2), "InProgress\nSUCCEEDED: forged\u001b[2K");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[  0:00] refresh wait   50%  ~2 min left  InProgress SUCCEEDED: forged [2K");
    }

    @Test
    void barNeverWrapsOnANarrowTerminal() {
        try (ConsoleProgress p = new ConsoleProgress(out, true, 60, clock, false)) {
            p.progress(Phase.REFRESH_WAIT, 50, Duration.ofMinutes(2), "instance refresh r-1 InProgress, 2 to update");
        }
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("[\r\n]")) {
            assertThat(line.length()).isLessThan(60);
        }
    }
}
