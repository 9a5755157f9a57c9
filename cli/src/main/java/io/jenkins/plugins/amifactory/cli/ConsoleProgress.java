package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutListener;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Shows a rollout as it runs. Every phase and event gets a line stamped with the time since the start (on
 * the rollout's clock, so a demo shows simulated time). On a terminal the progress within a phase is one
 * bar redrawn in place; elsewhere (a pipe, a CI log, {@code --plain}) it is a plain line, written only when
 * the percentage reaches a new tenth or the detail changes, so logs stay short.
 */
final class ConsoleProgress implements RolloutListener, AutoCloseable {

    private static final int BAR_WIDTH = 24;
    private static final int PHASE_WIDTH = 13;

    private final PrintStream out;
    private final boolean bar;
    private final int width;
    private final Clock clock;
    private final Instant start;

    /** The bar currently drawn, or null; kept to redraw it after a line is printed above it. */
    private String drawn;
    private Phase lastPhase;
    private int lastTenth = Integer.MIN_VALUE;
    private String lastDetail;

    /** Whether the engine's plan lines are left out: the summary prints them from the result, unstamped. */
    private final boolean planFromResult;

    ConsoleProgress(PrintStream out, boolean bar, int width, Clock clock, boolean planFromResult) {
        this.out = out;
        this.bar = bar;
        this.width = width;
        this.clock = clock;
        this.start = clock.instant();
        this.planFromResult = planFromResult;
    }

    @Override
    public synchronized void phaseStarted(Phase phase, String detail) {
        clearBar();
        drawn = null;
        lastPhase = phase;
        lastTenth = Integer.MIN_VALUE;
        lastDetail = null;
        line(phase.label(), detail);
    }

    @Override
    public synchronized void progress(Phase phase, int percent, Duration remaining, String detail) {
        // Only the detail comes from AWS: made one line here, so that the columns around it keep their spacing.
        String text = progressText(percent, remaining, LogText.oneLine(detail));
        if (bar) {
            clearBar();
            drawn = fit(stamp() + " " + pad(phase.label()) + " " + gauge(percent) + " " + text);
            out.print(drawn);
            out.flush();
            return;
        }
        int tenth = percent < 0 ? -1 : percent / 10;
        if (phase != lastPhase || tenth != lastTenth || !Objects.equals(detail, lastDetail)) {
            lastPhase = phase;
            lastTenth = tenth;
            lastDetail = detail;
            print(phase.label(), text);
        }
    }

    @Override
    public synchronized void info(String message) {
        if (planFromResult && (message.startsWith("Plan for group") || message.startsWith("  "))) {
            return;
        }
        String shown = drawn;
        clearBar();
        line("", OptionNames.translate(message));
        if (shown != null) {
            out.print(shown);
            out.flush();
        }
    }

    /** Takes the bar off the screen, so that what follows starts on a clean line. */
    @Override
    public synchronized void close() {
        clearBar();
        drawn = null;
        out.flush();
    }

    private void line(String label, String text) {
        // Some of the text was written by AWS or an endpoint: one line each, so none can pass for the tool's own.
        print(label, LogText.oneLine(text));
    }

    /** Prints a line whose text is already fit for the console. */
    private void print(String label, String text) {
        out.println(stamp() + " " + pad(label) + " " + text);
    }

    private void clearBar() {
        if (bar && drawn != null) {
            out.print("\r" + " ".repeat(drawn.length()) + "\r");
        }
    }

    private String stamp() {
        long s = Math.max(0, Duration.between(start, clock.instant()).toSeconds());
        return String.format("[%3d:%02d]", s / 60, s % 60);
    }

    private static String progressText(int percent, Duration remaining, String detail) {
        StringBuilder sb = new StringBuilder(percent < 0 ? "  ?%" : String.format("%3d%%", percent));
        if (remaining != null && percent < 100) {
            sb.append("  ~").append(Durations.words(remaining)).append(" left");
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }

    private static String gauge(int percent) {
        int filled = percent < 0 ? 0 : Math.min(BAR_WIDTH, percent * BAR_WIDTH / 100);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String pad(String label) {
        return label.length() >= PHASE_WIDTH ? label : label + " ".repeat(PHASE_WIDTH - label.length());
    }

    /** Cuts a bar to the terminal width, so it never wraps (a wrapped line cannot be redrawn with \r). */
    private String fit(String s) {
        return s.length() < width ? s : s.substring(0, width - 4) + "...";
    }
}
