package io.jenkins.plugins.amifactory.engine.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The polling benchmark: the engine against the usual pollers in simulated time. Every build runs a small smoke
 * version of it; {@code bench/run} runs it in full ({@code -Dami-factory.bench=full}). Its figures go to
 * {@code target/bench/}: {@code polling.md} (the tables), {@code polling.bench} (the {@code BENCH} lines) and
 * {@code calls-vs-latency.png}. The assertions hold what is true at any size, not the targets: the benchmark
 * reports those.
 */
class PollingBenchmarkTest {

    static final Path OUT = Path.of("target", "bench");

    @Test
    void theEngineAgainstTheUsualPollers() throws IOException {
        boolean full = "full".equals(System.getProperty("ami-factory.bench"));
        PollingBenchmark.Size size = full ? PollingBenchmark.Size.FULL : PollingBenchmark.Size.SMOKE;
        Integer variations = Integer.getInteger("ami-factory.bench.variations");
        if (variations != null) {
            size = new PollingBenchmark.Size(variations, size.cases(), size.concurrent());
        }
        List<PollingBenchmark.CaseResult> cases = PollingBenchmark.cases(size);
        List<PollingBenchmark.ConcurrentResult> concurrent = new ArrayList<>();
        concurrent.add(PollingBenchmark.concurrent(Contender.ENGINE, size.concurrent()));
        concurrent.add(PollingBenchmark.concurrent(Contender.FIXED_15, size.concurrent()));
        BenchReport report = new BenchReport(cases, concurrent);
        write(report, cases);

        Map<Contender, Figures> overall = report.overall();
        assertThat(overall.get(Contender.ENGINE).falseTimeouts()).as("the engine never gives up on a finished wait")
                .isZero();
        assertThat(overall.get(Contender.SDK_WAITER).falseTimeouts())
                .as("the SDK waiter gives up after 10 minutes on longer waits").isPositive();
        assertThat(overall.get(Contender.ENGINE).calls()).as("fewer calls than a fixed 15 s poller")
                .isLessThan(overall.get(Contender.FIXED_15).calls());
        for (PollingBenchmark.CaseResult r : cases) {
            Figures f = Figures.of(r.waits());
            if (r.contender() == Contender.FIXED_15) {
                assertThat(f.maxLatency()).as("a 15 s poller is at most 15 s late, " + r.scenario().name())
                        .isLessThanOrEqualTo(15.0);
            }
        }
        PollingBenchmark.ConcurrentResult engine = concurrent.get(0);
        assertThat(engine.succeeded()).as("every concurrent rollout succeeds").isEqualTo(engine.rollouts());
    }

    private static void write(BenchReport report, List<PollingBenchmark.CaseResult> cases) throws IOException {
        Files.createDirectories(OUT);
        String md = "### Waits, per scenario\n\n" + report.casesTable() + "\n### Concurrent rollouts in one account\n\n"
                + report.concurrentTable();
        Files.writeString(OUT.resolve("polling.md"), md, StandardCharsets.UTF_8);
        StringBuilder bench = new StringBuilder();
        report.bench().forEach((k, v) -> bench.append("BENCH ").append(k).append('=').append(v).append('\n'));
        Files.writeString(OUT.resolve("polling.bench"), bench, StandardCharsets.UTF_8);
        Plot.write(cases, report.overall(), OUT.resolve("calls-vs-latency.png"));
        System.out.print(md + bench);
    }
}
