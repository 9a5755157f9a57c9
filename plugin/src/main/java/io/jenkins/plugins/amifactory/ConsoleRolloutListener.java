package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutListener;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.engine.Target;
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

    /**
     * The end of a fleet: its verdict, then one line per target saying where its group is (each target's own
     * resources are on the build's page), then the Image's copies and what became of them.
     */
    void summary(FleetResult f) {
        line(verdict(f));
        for (int i = 0; i < f.targets().size(); i++) {
            RolloutResult r = f.results().get(i);
            String where = r != null ? r.status() + ": " + r.outcome()
                    : f.status() == RolloutStatus.PLANNED ? Messages.Summary_TargetPlanned()
                    : Messages.Summary_TargetNotStarted();
            line("  " + f.targets().get(i) + ": " + where);
        }
        if (!f.ledger().isEmpty()) {
            line("  " + Messages.Summary_Copies(f.ledger().size()));
            f.ledger().forEach(e -> line("    " + e));
        }
        line("  " + Messages.Summary_Calls(f.apiCalls().values().stream().mapToInt(Integer::intValue).sum()));
    }

    /**
     * How a fleet ended, in one sentence that a log can end with. A stopped fleet's message already names the target
     * that failed, with its reason, and then where every target is.
     */
    static String verdict(FleetResult f) {
        int n = f.targets().size();
        return switch (f.status()) {
            case SUCCEEDED -> f.copies().isEmpty() ? Messages.Fleet_Succeeded(n, f.imageId())
                    : Messages.Fleet_SucceededWithCopies(n, f.imageId(), f.copies().entrySet().stream()
                            .map(e -> e.getValue() + " in " + e.getKey()).collect(Collectors.joining(", ")));
            case PLANNED -> Messages.Fleet_Planned(n, f.targets().stream().map(Target::toString)
                    .collect(Collectors.joining(", ")));
            default -> Messages.Fleet_Stopped(n, f.status().name(), sentence(f.message()));
        };
    }

    /** Ends {@code text} with one full stop. */
    private static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() || t.endsWith(".") ? t : t + ".";
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
