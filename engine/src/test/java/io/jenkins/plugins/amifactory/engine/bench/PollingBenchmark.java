package io.jenkins.plugins.amifactory.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every scenario for every contender over seeded variations, each in a fresh simulated account (the same
 * seed gives every contender the same Image and the same instances), and the concurrent scenario: many rollouts
 * in one account under its shared Describe limit.
 */
final class PollingBenchmark {

    /** How big a run is. */
    record Size(int variations, List<WaitCase> cases, int concurrent) {
        /** What {@code bench/run} measures. */
        static final Size FULL = new Size(20, List.of(WaitCase.image(3), WaitCase.image(12), WaitCase.image(45),
                WaitCase.image(120), WaitCase.refresh(4), WaitCase.refresh(20), WaitCase.refresh(100)), 100);
        /** What every build runs, so the harness cannot rot. */
        static final Size SMOKE = new Size(1, List.of(WaitCase.image(12), WaitCase.image(45), WaitCase.refresh(4)), 6);
    }

    /** One scenario's waits for one contender, over all variations. */
    record CaseResult(WaitCase scenario, Contender contender, List<WaitRecord> waits, long throttled) {}

    /** The concurrent scenario for one contender. */
    record ConcurrentResult(Contender contender, int rollouts, int succeeded, int throttleFailures, long throttled,
                            long calls, long describeCalls, List<WaitRecord> waits, Duration simulated) {}

    private PollingBenchmark() {
    }

    /**
     * Every scenario for every contender over every variation, on as many threads as there are processors (at
     * most 4): each run has its own account and seed, so the order they run in changes nothing.
     */
    static List<CaseResult> cases(Size size) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Future<RunResult>> runs = new LinkedHashMap<>();
            for (int c = 0; c < size.cases().size(); c++) {
                WaitCase scenario = size.cases().get(c);
                for (Contender who : Contender.values()) {
                    for (int v = 0; v < size.variations(); v++) {
                        long seed = 1000L * (c + 1) + v;
                        runs.put(c + "/" + who + "/" + v, pool.submit(() -> run(scenario, who, seed)));
                    }
                }
            }
            List<CaseResult> results = new ArrayList<>();
            for (int c = 0; c < size.cases().size(); c++) {
                for (Contender who : Contender.values()) {
                    List<WaitRecord> waits = new ArrayList<>();
                    long throttled = 0;
                    for (int v = 0; v < size.variations(); v++) {
                        RunResult r = runs.get(c + "/" + who + "/" + v).get();
                        waits.add(r.record());
                        throttled += r.throttled();
                    }
                    results.add(new CaseResult(size.cases().get(c), who, waits, throttled));
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record RunResult(WaitRecord record, long throttled) {}

    /** One contender's wait in one variation of one scenario, in an account of its own. */
    private static RunResult run(WaitCase scenario, Contender who, long seed) throws IOException {
        try (BenchAccount account = new BenchAccount(seed, scenario.imageTime())) {
            String instance = account.groups("g", 1, scenario.instances()).get(0);
            Contestant x = contestant(account, who, scenario, "g-0", instance);
            EventLoop.run(account, List.of(x), List.of(account.now()));
            WaitRecord wait = x.waits().stream().filter(w -> w.kind() == scenario.kind()).findFirst()
                    .orElseThrow(() -> new IllegalStateException(who + " in " + scenario.name() + " never waited: "
                            + x.failure()));
            return new RunResult(wait, account.throttled());
        }
    }

    private static Contestant contestant(BenchAccount account, Contender who, WaitCase scenario, String group,
                                         String instance) {
        boolean image = scenario.kind() == WaitRecord.Kind.IMAGE;
        return who == Contender.ENGINE
                ? new EngineWait(account, scenario.request(group, instance, account.sim.endpoint()))
                : new BaselineWait(account, who, group, instance, image, !image, scenario.deadline());
    }

    /**
     * {@code rollouts} rollouts of 4-instance groups, each an Image of about 12 minutes and a Refresh, started
     * within the same 5 seconds in one account (say, one commit triggering every service's pipeline); the baselines
     * wait for the same Image and a Refresh of their own.
     */
    static ConcurrentResult concurrent(Contender who, int rollouts) {
        WaitCase scenario = new WaitCase(rollouts + " concurrent", WaitRecord.Kind.REFRESH, Duration.ofMinutes(12), 4);
        try (BenchAccount account = new BenchAccount(99, scenario.imageTime())) {
            List<String> instances = account.groups("c", rollouts, scenario.instances());
            Random starts = new Random(7);
            List<Contestant> all = new ArrayList<>();
            List<Instant> at = new ArrayList<>();
            Instant begin = account.now();
            for (int i = 0; i < rollouts; i++) {
                String group = "c-" + i;
                all.add(who == Contender.ENGINE
                        ? new EngineWait(account, scenario.request(group, instances.get(i), account.sim.endpoint()))
                        : new BaselineWait(account, who, group, instances.get(i), true, true, scenario.deadline()));
                at.add(begin.plusMillis(starts.nextInt(5_000)));
            }
            EventLoop.run(account, all, at);
            int ok = 0;
            int throttleFailures = 0;
            List<WaitRecord> waits = new ArrayList<>();
            for (Contestant x : all) {
                waits.addAll(x.waits());
                String failure = x.failure();
                if (failure == null) {
                    ok++;
                } else if (failure.contains("RequestLimitExceeded") || failure.contains("Throttling")
                        || failure.toLowerCase(java.util.Locale.ROOT).contains("throttl")) {
                    throttleFailures++;
                }
            }
            return new ConcurrentResult(who, rollouts, ok, throttleFailures, account.throttled(),
                    account.calls(false), account.calls(true), waits, Duration.between(begin, account.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
