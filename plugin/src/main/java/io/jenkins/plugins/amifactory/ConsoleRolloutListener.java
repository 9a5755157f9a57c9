package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutListener;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Writes a Rollout to the build log: one line per phase, progress lines at most every 30 seconds (sooner when the
 * percentage moved 10 points or more; none when quiet), and a summary at the end. Never throws: a broken log must
 * not break a rollout. Like every RolloutListener, it is called on the one thread that advances the Rollout.
 */
final class ConsoleRolloutListener implements RolloutListener {

    static final String PREFIX = "[AMI Factory] ";
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(30);
    static final int PROGRESS_STEP = 10;

    private final PrintStream out;
    private final boolean quiet;
    private final Clock clock;
    private Phase progressPhase;
    private Instant lastProgressAt;
    private int lastPercent;

    ConsoleRolloutListener(PrintStream out, boolean quiet, Clock clock) {
        this.out = out;
        this.quiet = quiet;
        this.clock = clock;
    }

    @Override
    public void phaseStarted(Phase phase, String detail) {
        progressPhase = null;
        line(capitalized(phase.label()) + ": " + detail);
    }

    @Override
    public void progress(Phase phase, int percent, Duration remaining, String detail) {
        if (quiet) {
            return;
        }
        Instant now = clock.instant();
        boolean due = phase != progressPhase
                || !now.isBefore(lastProgressAt.plus(PROGRESS_INTERVAL))
                || (percent >= 0 && Math.abs(percent - lastPercent) >= PROGRESS_STEP);
        if (!due) {
            return;
        }
        progressPhase = phase;
        lastProgressAt = now;
        lastPercent = percent;
        StringBuilder sb = new StringBuilder(capitalized(phase.label())).append(": ");
        if (percent >= 0) {
            sb.append(percent).append('%');
            if (remaining != null && percent < 100) {
                sb.append(", ").append(Messages.Console_TimeLeft(Durations.words(remaining)));
            }
            sb.append(" - ");
        }
        line(sb.append(detail).toString());
    }

    @Override
    public void info(String message) {
        line(message);
    }

    /**
     * The end of a Rollout: how it ended and what it made, in a few lines. The reason for a failure was printed
     * in full when it happened; the first line refers to it instead of repeating it.
     */
    void summary(RolloutResult r) {
        Duration total = r.phaseDurations().values().stream().reduce(Duration.ZERO, Duration::plus);
        line(r.verdict());
        if (r.imageId() != null) {
            line("  " + Messages.Summary_Image(r.imageId(), r.imageName()));
        }
        if (r.newConfiguration() != null) {
            // Only a success leaves the group on the new configuration; otherwise the first line says where it is.
            line("  " + (r.status() == RolloutStatus.SUCCEEDED
                    ? Messages.Summary_Configuration(r.previousConfiguration(), r.newConfiguration())
                    : Messages.Summary_ConfigurationWritten(r.previousConfiguration(), r.newConfiguration())));
        }
        if (r.refreshId() != null) {
            line("  " + Messages.Summary_Refresh(r.refreshId(), r.refreshStatus(),
                    r.refreshPercent() == null ? "?" : r.refreshPercent()));
        }
        if (!r.phaseDurations().isEmpty()) {
            line("  " + Messages.Summary_Phases(r.phaseDurations().entrySet().stream()
                    .map(e -> e.getKey() + " " + Durations.words(e.getValue())).collect(Collectors.joining(", ")),
                    Durations.words(total)));
        }
        line("  " + Messages.Summary_Calls(r.totalApiCalls()));
        if (!r.ledger().isEmpty()) {
            // One line each: a long ledger (retention may remove hundreds of things) must not be cut short.
            line("  " + Messages.Summary_Resources(r.ledger().size()));
            r.ledger().forEach(e -> line("    " + e));
        }
    }

    private void line(String text) {
        try {
            // Everything reaches the console through here, some of it written by AWS or an endpoint: one line each.
            out.println(PREFIX + LogText.oneLine(text));
        } catch (RuntimeException e) {
            // The log is best effort; the rollout goes on.
        }
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
