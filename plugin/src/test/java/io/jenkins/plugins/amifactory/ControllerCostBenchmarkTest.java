package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.amifactory.simulator.RealisticProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a controller pays to keep many rollouts in flight, with the real step execution and the test step context:
 * {@value #FULL} {@code amiFactory} executions in one JVM on the simulated account. Threads held while they wait,
 * heap retained per waiting rollout (JOL's sizes of what its execution reaches and the controller does not share,
 * see {@link RetainedSize}), CPU time per poll on the AWS-call threads, and AWS SDK clients built per poll (counted
 * by the SDK itself, see {@link SdkClientBuilds}, so a client cache shows as what it saves). Every build runs a small
 * version; {@code bench/run} the full one ({@code -Dami-factory.bench=full}). Figures go to
 * {@code target/bench/controller.md} and {@code controller.bench}.
 */
class ControllerCostBenchmarkTest {

    static final int FULL = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();


    @Test
    void manyRolloutsWaitingInOneController() throws Exception {
        int rollouts = "full".equals(System.getProperty("ami-factory.bench")) ? FULL : 4;
        try (SimulatedController controller = new SimulatedController()) {
            controller.scenario(s -> {
                s.realistic = new RealisticProgress(11);
                s.realistic.imageTime = Duration.ofMinutes(3);
            });
            List<String> instances = groups(controller, rollouts);
            Map<Long, Long> cpuBefore = awsCallThreadsCpu();
            long pollsBefore = controller.awsCalls.finished();
            PluginRuntime runtime = controller.runtime.build();
            Run<?, ?> run = FakeJenkins.run();
            EnvVars env = new EnvVars();
            PrintStream log = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            List<AmiFactoryStepExecution> executions = new ArrayList<>();
            List<TestStepContext> contexts = new ArrayList<>();
            for (int i = 0; i < rollouts; i++) {
                AmiFactoryStep own = new AmiFactoryStep("bench-" + i, instances.get(i));
                own.setRegion(SimulatedController.REGION);
                own.setCredentialsId(SimulatedController.CREDENTIALS_ID);
                own.setEndpointUrl(controller.server.endpoint().toString());
                own.setRefresh(false);
                own.setQuiet(true);
                // One build, log and environment for all: what Jenkins keeps of a build is not the rollout's cost.
                TestStepContext context = new TestStepContext(run, env);
                context.listener = () -> log;
                contexts.add(context);
                executions.add(controller.start(own, context));
            }
            int held = 0;
            long retained = -1;
            int clientsBefore = SdkClientBuilds.count();
            for (int i = 0; i < 100_000 && contexts.stream().anyMatch(c -> !c.isDone()); i++) {
                held = Math.max(held, threadsInRollouts());
                if (retained < 0 && executions.stream().allMatch(e -> e.getStatus().contains("image wait"))) {
                    contexts.forEach(c -> c.saves.clear());
                    retained = perRollout(executions, runtime, run, env, log);
                }
                assertThat(controller.poll()).as("a poll is due while rollouts run").isTrue();
            }
            assertThat(contexts).allSatisfy(c -> assertThat(c.failure).as(c.log()).isNull());
            assertThat(held).as("no thread is held by a waiting rollout").isZero();
            assertThat(retained).as("measured while every rollout waited for its Image").isPositive();
            long cpuNanos = awsCallThreadsCpu().entrySet().stream()
                    .mapToLong(e -> e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L)).sum();
            write(rollouts, held, controller.awsCalls.largestThreads(), retained, cpuNanos,
                    (int) (controller.awsCalls.finished() - pollsBefore), SdkClientBuilds.count() - clientsBefore);
        }
    }

    /**
     * CPU time so far of each of the plugin's AWS-call threads, by thread id. They idle out only after a minute
     * without work, which a running benchmark never leaves them.
     */
    private static Map<Long, Long> awsCallThreadsCpu() {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(AwsCallQueue.THREAD_NAME)) {
                cpu.put(t.getId(), THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return cpu;
    }

    /** {@code count} groups of one instance on the demo shop's web configuration, settled; their instances. */
    private static List<String> groups(SimulatedController controller, int count) {
        String lc = controller.shop.webLaunchConfiguration();
        for (int i = 0; i < count; i++) {
            String name = "bench-" + i;
            controller.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(lc)
                    .minSize(1).maxSize(2).desiredCapacity(1).availabilityZones(SimulatedController.REGION + "a"));
        }
        controller.world.advance(Duration.ofMinutes(5));
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(controller.group("bench-" + i).instances().get(0).instanceId());
        }
        return instances;
    }

    /**
     * Threads with a frame of the plugin or the engine on their stack (this test's own thread aside). The test's
     * own harness does not count.
     */
    private static int threadsInRollouts() {
        // A worker that has just finished a poll may still be on its way out of the queue: give it a moment, as a
        // thread held by a waiting rollout would stay.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        int n = threadsWithRolloutFrames();
        while (n > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            n = threadsWithRolloutFrames();
        }
        return n;
    }

    private static int threadsWithRolloutFrames() {
        int n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread()) {
                continue;
            }
            for (StackTraceElement f : e.getValue()) {
                String c = f.getClassName();
                if (c.startsWith("io.jenkins.plugins.amifactory.") && !c.startsWith("io.jenkins.plugins.amifactory.simulator.")
                        && !c.startsWith(SimulatedController.class.getName())
                        && !c.startsWith(ControllerCostBenchmarkTest.class.getName())) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /**
     * Bytes retained per waiting rollout: everything its execution reaches (its context, request, state, the live
     * rollout, its console, its next poll on the timer) but what the controller shares anyway: the plugin's runtime
     * (pool, clock and the simulated account behind it, credentials), the build, its log and environment.
     */
    private static long perRollout(List<AmiFactoryStepExecution> executions, PluginRuntime runtime, Object... shared) {
        // The test's runtime builder reaches every rollout through the timer; the timer's tasks are the rollouts' own.
        RetainedSize sizes = new RetainedSize(Set.of(TestRuntime.class, SimulatedController.ManualTimer.class))
                .share(runtime.awsCalls(), runtime.clock(), runtime.clients(), runtime.configuration(),
                        runtime.credentials(), runtime.controllerCredentials(), runtime.root(), runtime.sleeper())
                .share(shared);
        long total = sizes.of(executions.toArray());
        heaviest = sizes.byClass().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8).map(e -> e.getKey().replaceAll(".*\\.", "").replaceAll("\\$\\$Lambda.*", " (lambda)") + " "
                        + e.getValue() / executions.size())
                .collect(Collectors.joining(", "));
        return total / executions.size();
    }

    /** The classes that weigh most in a waiting rollout, bytes each, for the table. */
    private static String heaviest = "";

    private static void write(int rollouts, int held, int poolThreads, long retained, long cpuNanos, int polls,
                              int sdkClients) throws IOException {
        Map<String, String> bench = new LinkedHashMap<>();
        bench.put("threads_held_waiting", String.valueOf(held));
        bench.put("retained_bytes_per_rollout", String.valueOf(retained));
        bench.put("cpu_ms_per_poll", String.format(Locale.ROOT, "%.2f", cpuNanos / 1e6 / polls));
        bench.put("clients_built_per_poll", String.format(Locale.ROOT, "%.3f", (double) sdkClients / polls));
        bench.put("sdk_clients_built", String.valueOf(sdkClients));
        bench.put("controller_polls", String.valueOf(polls));
        String md = "| rollouts in flight | threads held while waiting | AWS-call pool threads (busy only in a poll)"
                + " | retained per waiting rollout | CPU per poll | SDK clients built per poll | polls |\n"
                + "|---|---|---|---|---|---|---|\n| " + rollouts + " | " + held + " | " + poolThreads + " | " + retained
                + " bytes | " + bench.get("cpu_ms_per_poll") + " ms | " + bench.get("clients_built_per_poll") + " (" + sdkClients + " in all) | "
                + polls + " |\n\nHeaviest per waiting rollout (bytes): " + heaviest + "\n";
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("controller.md"), md, StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        bench.forEach((k, v) -> lines.append("BENCH ").append(k).append('=').append(v).append('\n'));
        Files.writeString(out.resolve("controller.bench"), lines, StandardCharsets.UTF_8);
        System.out.print(md + lines);
    }
}
