package io.jenkins.plugins.amifactory.engine.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results as people read them (a Markdown table per part) and as scripts read them: one
 * {@code BENCH name=value} line per figure, the engine's unless the name says otherwise.
 */
final class BenchReport {

    private final List<PollingBenchmark.CaseResult> cases;
    private final List<PollingBenchmark.ConcurrentResult> concurrent;

    BenchReport(List<PollingBenchmark.CaseResult> cases, List<PollingBenchmark.ConcurrentResult> concurrent) {
        this.cases = cases;
        this.concurrent = concurrent;
    }

    /** Every contender's waits over all scenarios. */
    Map<Contender, Figures> overall() {
        Map<Contender, List<WaitRecord>> all = new EnumMap<>(Contender.class);
        for (PollingBenchmark.CaseResult r : cases) {
            all.computeIfAbsent(r.contender(), c -> new ArrayList<>()).addAll(r.waits());
        }
        Map<Contender, Figures> figures = new EnumMap<>(Contender.class);
        all.forEach((c, w) -> figures.put(c, Figures.of(w)));
        return figures;
    }

    private long fixed15Calls(WaitCase scenario) {
        return cases.stream().filter(r -> r.scenario().equals(scenario) && r.contender() == Contender.FIXED_15)
                .mapToLong(r -> Figures.of(r.waits()).calls()).sum();
    }

    String casesTable() {
        StringBuilder md = new StringBuilder("| scenario | contender | calls per wait | of which lease | vs fixed 15 s"
                + " | mean latency | max latency | false timeouts | throttled calls |\n|---|---|---|---|---|---|---|---|---|\n");
        for (PollingBenchmark.CaseResult r : cases) {
            Figures f = Figures.of(r.waits());
            md.append("| ").append(r.scenario().name()).append(" | ").append(r.contender().label).append(" | ")
                    .append(num(f.callsPerWait(), 1)).append(" | ").append(num((double) f.leaseCalls() / f.waits(), 1))
                    .append(" | ").append(percent((double) f.calls() / fixed15Calls(r.scenario()))).append(" | ")
                    .append(seconds(f.meanLatency())).append(" | ").append(seconds(f.maxLatency())).append(" | ")
                    .append(f.falseTimeouts()).append(" of ").append(f.waits()).append(" | ").append(r.throttled())
                    .append(" |\n");
        }
        md.append("| **all scenarios** | | | | | | | | |\n");
        Map<Contender, Figures> overall = overall();
        long fixed15 = overall.get(Contender.FIXED_15).calls();
        overall.forEach((c, f) -> md.append("| all | ").append(c.label).append(" | ").append(num(f.callsPerWait(), 1))
                .append(" | ").append(num((double) f.leaseCalls() / f.waits(), 1)).append(" | ").append(percent((double) f.calls() / fixed15)).append(" | ").append(seconds(f.meanLatency()))
                .append(" | ").append(seconds(f.maxLatency())).append(" | ").append(f.falseTimeouts()).append(" of ")
                .append(f.waits()).append(" | |\n"));
        return md.toString();
    }

    String concurrentTable() {
        StringBuilder md = new StringBuilder("| contender | rollouts | succeeded | failed by throttling | throttled calls"
                + " | Describe calls | all calls | mean latency | max latency | simulated time |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (PollingBenchmark.ConcurrentResult r : concurrent) {
            Figures f = Figures.of(r.waits());
            md.append("| ").append(r.contender().label).append(" | ").append(r.rollouts()).append(" | ")
                    .append(r.succeeded()).append(" | ").append(r.throttleFailures()).append(" | ").append(r.throttled())
                    .append(" | ").append(r.describeCalls()).append(" | ").append(r.calls()).append(" | ")
                    .append(seconds(f.meanLatency())).append(" | ").append(seconds(f.maxLatency())).append(" | ")
                    .append(r.simulated().toMinutes()).append(" min |\n");
        }
        return md.toString();
    }

    /** The figures {@code bench/run} ends with. */
    Map<String, String> bench() {
        Map<String, String> b = new LinkedHashMap<>();
        Map<Contender, Figures> overall = overall();
        Figures engine = overall.get(Contender.ENGINE);
        long fixed15 = overall.get(Contender.FIXED_15).calls();
        b.put("calls_ratio_vs_fixed15", num((double) engine.calls() / fixed15, 3));
        b.put("calls_ratio_vs_fixed15_without_lease", num((double) (engine.calls() - engine.leaseCalls()) / fixed15, 3));
        double worst = 0;
        for (PollingBenchmark.CaseResult r : cases) {
            if (r.contender() == Contender.ENGINE) {
                worst = Math.max(worst, (double) Figures.of(r.waits()).calls() / fixed15Calls(r.scenario()));
            }
        }
        b.put("calls_ratio_vs_fixed15_worst_scenario", num(worst, 3));
        b.put("mean_detect_latency_s", num(engine.meanLatency(), 1));
        b.put("max_detect_latency_s", num(engine.maxLatency(), 1));
        int falseTimeouts = engine.falseTimeouts();
        for (PollingBenchmark.ConcurrentResult r : concurrent) {
            if (r.contender() == Contender.ENGINE) {
                falseTimeouts += Figures.of(r.waits()).falseTimeouts();
                b.put("throttle_failures_100_concurrent", String.valueOf(r.throttleFailures()));
                b.put("concurrent_rollouts_succeeded", r.succeeded() + "/" + r.rollouts());
                b.put("throttled_calls_100_concurrent", String.valueOf(r.throttled()));
            }
        }
        b.put("false_timeouts", String.valueOf(falseTimeouts));
        for (Contender c : Contender.values()) {
            if (c != Contender.ENGINE) {
                String key = c.name().toLowerCase(Locale.ROOT);
                b.put(key + "_mean_detect_latency_s", num(overall.get(c).meanLatency(), 1));
                b.put(key + "_false_timeouts", String.valueOf(overall.get(c).falseTimeouts()));
            }
        }
        return b;
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String seconds(double v) {
        return Double.isNaN(v) ? "-" : num(v, 1) + " s";
    }

    private static String percent(double ratio) {
        return num(100 * ratio, 0) + " %";
    }
}
