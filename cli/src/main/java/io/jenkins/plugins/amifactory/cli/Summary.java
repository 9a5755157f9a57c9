package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.LedgerEntry;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A finished rollout in words, for a person at a terminal; scripts use {@code --json} instead. */
final class Summary {

    private Summary() {
    }

    static void print(PrintStream out, RolloutResult r) {
        out.println();
        if (r.status() == RolloutStatus.PLANNED) {
            out.println("Plan for group '" + r.asg() + "':");
            r.plan().forEach(line -> out.println("  " + LogText.oneLine(line)));
            out.println();
        }
        out.println(headline(r));
        if (r.status() == RolloutStatus.PLANNED || r.status() == RolloutStatus.REJECTED) {
            // A plan's CreateImage is a DryRun permission check: say so, next to "nothing was changed".
            out.println(row("AWS calls", calls(r) + (r.status() == RolloutStatus.PLANNED
                    ? "; describe calls and DryRun checks only" : "")));
            return;
        }
        if (r.imageId() != null) {
            out.println(row("Image", r.imageId() + (r.imageName() == null ? "" : " (" + r.imageName() + ")")));
        }
        // Only a success leaves the group on the new configuration; otherwise the headline says where it is.
        out.println(row("configuration", r.status() == RolloutStatus.SUCCEEDED
                ? r.previousConfiguration() + " -> " + r.newConfiguration()
                : "before " + orDash(r.previousConfiguration()) + ", written " + orDash(r.newConfiguration())));
        if (r.refreshId() != null) {
            out.println(row("refresh", r.refreshId() + " " + orDash(r.refreshStatus())
                    + (r.refreshPercent() == null ? "" : " at " + r.refreshPercent() + "%")));
        }
        out.println(row("phases", phases(r) + " (total " + Durations.words(total(r)) + ")"));
        out.println(row("AWS calls", calls(r)));
        List<String> ledger = ledger(r);
        for (int i = 0; i < ledger.size(); i++) {
            out.println(row(i == 0 ? "ledger" : "", LogText.oneLine(ledger.get(i))));
        }
    }

    /** A finished fleet: the verdict, then one row per target and one per copy. */
    static void print(PrintStream out, FleetResult f) {
        out.println();
        if (f.status() == RolloutStatus.PLANNED) {
            for (int i = 0; i < f.targets().size(); i++) {
                out.println("Plan for " + f.targets().get(i) + ":");
                f.plans().get(i).forEach(line -> out.println("  " + LogText.oneLine(line)));
            }
            out.println();
            out.println("PLANNED: nothing was changed in AWS; run 'rollout' with the same options to do it.");
            return;
        }
        out.println(f.status() == RolloutStatus.SUCCEEDED
                ? "SUCCEEDED: " + f.targets().size() + " groups are on Image " + f.imageId()
                        + (f.copies().isEmpty() ? "" : " (or its copy in their region)")
                : f.status() + ": " + LogText.oneLine(OptionNames.translate(f.message())));
        // A table rather than row(): a target (worker@ap-southeast-2) is often wider than row()'s labels.
        Table rows = new Table();
        for (int i = 0; i < f.targets().size(); i++) {
            RolloutResult r = f.results().get(i);
            String what = r == null ? "not started"
                    : r.status() + ", " + orDash(r.previousConfiguration()) + " -> " + orDash(r.newConfiguration())
                    + (r.refreshId() == null ? "" : ", refresh " + orDash(r.refreshStatus()));
            rows.row(f.targets().get(i).toString(), what);
        }
        f.ledger().forEach(e -> rows.row("copy", LogText.oneLine(e.toString())));
        rows.print(out, "  ");
    }

    /** One line: how it ended and what that means for the group, as the Jenkins console says it. */
    static String headline(RolloutResult r) {
        return switch (r.status()) {
            case SUCCEEDED -> "SUCCEEDED: group '" + r.asg() + "' is on " + r.newConfiguration() + " with Image "
                    + r.imageId();
            case PLANNED -> "PLANNED: nothing was changed in AWS; run 'rollout' with the same options to do it.";
            // The reason was printed as it happened; the headline refers to it instead of repeating it.
            default -> r.status() + ": " + LogText.oneLine(OptionNames.translate(r.outcome()));
        };
    }

    static String phases(RolloutResult r) {
        return r.phaseDurations().entrySet().stream()
                .map(e -> e.getKey() + " " + Durations.words(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static Duration total(RolloutResult r) {
        return r.phaseDurations().values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** The total, then the busiest actions first. */
    static String calls(RolloutResult r) {
        String busiest = r.apiCalls().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return r.totalApiCalls() + (busiest.isEmpty() ? "" : " (" + busiest + ")");
    }

    static List<String> ledger(RolloutResult r) {
        List<String> lines = new ArrayList<>();
        for (LedgerEntry e : r.ledger()) {
            lines.add(e.kind() + " " + e.id() + ": " + e.fate());
        }
        return lines;
    }

    static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String row(String label, String value) {
        return String.format("  %-14s %s", label, value);
    }
}
