package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.simulator.DemoShop;
import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.Json;
import io.jenkins.plugins.amifactory.simulator.SimClock;
import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ami-factory demo}: three rollouts against an embedded simulator, with nothing to set up. Group
 * {@code web} (launch configuration) and group {@code api} (launch template) are rolled out, then {@code api}
 * again with an Image whose instances never pass their health checks, which must fail and leave the group on
 * the configuration it had. Exits 0 only when all three behave so.
 *
 * <p>The simulated clock is manual and moves only when the rollout waits: each wait advances it by the full
 * poll interval and sleeps that interval divided by {@code --time-scale} in real time, so the demo is quick
 * yet the progress is visible, and every run shows the same simulated timings.
 */
@Command(name = "demo", header = "Three rollouts against an embedded simulator, with a summary.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Run three rollouts against an embedded simulator, no AWS account needed: group web (launch "
                        + "configuration), group api (launch template), then api again with an Image that never "
                        + "becomes healthy, which fails and is rolled back. Ends with a summary table.",
                "",
                "Exit codes: 0 all three behaved as expected, 3 one did not, 5 stopped by Ctrl-C, 1 unexpected error."})
public final class DemoCommand implements Callable<Integer> {

    static final String REGION = "us-east-1";
    /** Shorter than AWS's hour, so that the failing rollout fits the demo. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(10);
    /** Fixed, so that every run shows the same ids. */
    private static final long SEED = 42;
    /** The simulator checks no signature; these only let the SDK sign its requests. */
    private static final StaticCredentialsProvider DEMO_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIADEMO", "demo"));

    @Option(names = "--time-scale", paramLabel = "<factor>", defaultValue = "80", order = 1,
            description = "How many simulated seconds pass per second of waiting (default: 80).")
    double timeScale;

    @Mixin
    OutputOptions output;

    private final CliContext ctx;

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** One scripted rollout and what it has to do. */
    private record Step(String title, String group, RolloutStatus expected, boolean failsHealth) {}

    /** How a step went; {@code groupBefore} and {@code groupAfter} are read from the simulator, not the result. */
    private record Ran(Step step, RolloutResult result, String groupBefore, String groupAfter) {
        boolean asExpected() {
            boolean statusOk = result.status() == step.expected();
            return step.expected() == RolloutStatus.SUCCEEDED
                    ? statusOk && groupAfter.equals(result.newConfiguration())
                    : statusOk && groupAfter.equals(groupBefore);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new BadInputException("--time-scale: " + timeScale + " is not a speed (use a factor above 0, e.g. 80)");
        }
        long wallStart = System.nanoTime();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        World world = new World(SimClock.manual(start), SEED, REGION);
        PrintStream out = output.progressStream(ctx);
        try (SimulatorServer server = SimulatorServer.start(world, new Faults(SEED), 0);
             AwsClients clients = AwsClients.create(REGION, DEMO_CREDENTIALS, server.endpoint())) {
            DemoShop.Seeded shop = DemoShop.seed(world, REGION);
            out.println("AMI Factory demo: a simulated AWS account at " + server.endpoint() + " (" + REGION + ")");
            out.println("  group web: launch configuration " + shop.webLaunchConfiguration() + ", instances "
                    + String.join(" ", shop.webInstances()));
            out.println("  group api: launch template " + shop.apiLaunchTemplateId() + ", instances "
                    + String.join(" ", shop.apiInstances()));
            out.println("  Times are simulated; " + format(timeScale) + " simulated seconds pass per second of waiting.");
            List<Step> steps = List.of(
                    new Step("Roll out group web (launch configuration)", shop.webGroup(), RolloutStatus.SUCCEEDED, false),
                    new Step("Roll out group api (launch template)", shop.apiGroup(), RolloutStatus.SUCCEEDED, false),
                    new Step("Roll out group api with an Image whose instances never pass their health checks",
                            shop.apiGroup(), RolloutStatus.FAILED, true));
            RolloutRunner runner = new RolloutRunner(ctx, clients, world.javaClock(), scaledSleeper(world));
            return runner.guarded(() -> {
                List<Ran> ran = new ArrayList<>();
                for (int i = 0; i < steps.size() && !aborted(ran); i++) {
                    Step step = steps.get(i);
                    out.println();
                    out.println("== " + (i + 1) + "/" + steps.size() + " " + step.title());
                    ran.add(run(step, world, clients, server.endpoint(), runner, out));
                }
                Duration simulated = Duration.between(start, world.now());
                Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
                boolean allOk = ran.size() == steps.size() && ran.stream().allMatch(Ran::asExpected);
                report(out, ran, allOk, simulated, wall);
                if (output.json) {
                    ctx.out().println(Json.write(json(ran, allOk, simulated, wall)));
                }
                if (allOk) {
                    return ExitCodes.OK;
                }
                return aborted(ran) ? ExitCodes.ABORTED : ExitCodes.FAILED;
            });
        }
    }

    private Ran run(Step step, World world, AwsClients clients, URI endpoint, RolloutRunner runner, PrintStream out) {
        if (step.failsHealth()) {
            out.println("   (the simulated Auto Scaling gives up on unhealthy replacements after "
                    + Durations.words(STALL_TIMEOUT) + "; AWS waits about an hour)");
            world.run(() -> {
                world.scenario().unhealthyNextImages = 1;
                world.scenario().refreshStallTimeout = STALL_TIMEOUT;
            });
        }
        String before = groupConfiguration(clients, step.group());
        RolloutRequest request = RolloutRequest.builder(step.group(), sourceInstance(clients, step.group()))
                .region(REGION)
                .endpoint(endpoint)
                .callerReference("ami-factory demo")
                .build();
        RolloutResult result = runner.run(request, out, output.bar(ctx));
        String after = groupConfiguration(clients, step.group());
        // The reason for a failure was shown as it happened; what matters now is where the group is.
        out.println(result.status() + ": group '" + step.group() + "' is on " + after
                + (result.status() == RolloutStatus.SUCCEEDED ? " with Image " + result.imageId() : ""));
        return new Ran(step, result, before, after);
    }

    private static boolean aborted(List<Ran> ran) {
        return ran.stream().anyMatch(r -> r.result().status() == RolloutStatus.ABORTED);
    }

    /**
     * An instance the group runs now: a refresh replaces every instance, so the one imaged for the previous
     * rollout of a group is gone by the next.
     */
    private static String sourceInstance(AwsClients clients, String group) {
        return clients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                .autoScalingGroups().get(0).instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId)
                .sorted().findFirst()
                .orElseThrow(() -> new IllegalStateException("group " + group + " has no instance in service"));
    }

    /** Moves simulated time by each wait, and sleeps it scaled down so a person can follow. */
    private RolloutDriver.Sleeper scaledSleeper(World world) {
        return d -> {
            world.advance(d);
            long millis = (long) (d.toMillis() / timeScale);
            if (millis > 0) {
                Thread.sleep(millis);
            }
        };
    }

    /** What the group launches from now, spelled as the rollout result spells configurations. */
    static String groupConfiguration(AwsClients clients, String group) {
        AutoScalingGroup g = clients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                .autoScalingGroups().get(0);
        LaunchTemplateSpecification spec = g.launchTemplate();
        if (spec == null && g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
            spec = g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
        }
        if (spec != null) {
            String version = spec.version() == null || spec.version().isEmpty() ? "$Default" : spec.version();
            String name = spec.launchTemplateName();
            if (name == null) {
                // A group pointed at a template by id may not echo the name; the result names templates by name.
                String id = spec.launchTemplateId();
                name = clients.ec2().describeLaunchTemplates(r -> r.launchTemplateIds(id)).launchTemplates().get(0)
                        .launchTemplateName();
            }
            return name + ":" + version;
        }
        return g.launchConfigurationName();
    }

    private static void report(PrintStream out, List<Ran> ran, boolean allOk, Duration simulated, Duration wall) {
        out.println();
        String verdict = allOk ? "all " + ran.size() + " rollouts behaved as expected"
                : aborted(ran) ? "stopped by Ctrl-C" : "a rollout did NOT behave as expected";
        out.println("Summary: " + verdict + " (" + Durations.words(simulated)
                + " of simulated time in " + Durations.words(wall) + ")");
        out.println();
        Table rollouts = new Table().row("#", "group", "status", "expected", "group before", "group after", "Image", "as expected");
        for (int i = 0; i < ran.size(); i++) {
            Ran r = ran.get(i);
            rollouts.row(String.valueOf(i + 1), r.step().group(), r.result().status().name(), r.step().expected().name(),
                    r.groupBefore(), r.groupAfter(), Summary.orDash(r.result().imageId()), r.asExpected() ? "yes" : "NO");
        }
        rollouts.print(out, "  ");
        out.println();
        List<String> header = new ArrayList<>(List.of("phase (simulated)"));
        for (int i = 0; i < ran.size(); i++) {
            header.add("#" + (i + 1));
        }
        Table phases = new Table().row(header.toArray(String[]::new));
        for (Phase phase : Phase.values()) {
            if (ran.stream().noneMatch(r -> r.result().phaseDurations().containsKey(phase.label()))) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(phase.label()));
            for (Ran r : ran) {
                Duration d = r.result().phaseDurations().get(phase.label());
                row.add(d == null ? "-" : Durations.words(d));
            }
            phases.row(row.toArray(String[]::new));
        }
        List<String> totals = new ArrayList<>(List.of("total"));
        ran.forEach(r -> totals.add(Durations.words(Summary.total(r.result()))));
        phases.row(totals.toArray(String[]::new));
        List<String> calls = new ArrayList<>(List.of("AWS calls"));
        ran.forEach(r -> calls.add(String.valueOf(r.result().totalApiCalls())));
        phases.row(calls.toArray(String[]::new));
        phases.print(out, "  ");
        out.println();
        Table ledger = new Table().row("#", "ledger: what each rollout created or changed, and what became of it");
        for (int i = 0; i < ran.size(); i++) {
            List<String> lines = Summary.ledger(ran.get(i).result());
            for (int j = 0; j < lines.size(); j++) {
                ledger.row(j == 0 ? String.valueOf(i + 1) : "", lines.get(j));
            }
        }
        ledger.print(out, "  ");
        out.flush();
    }

    private static Map<String, Object> json(List<Ran> ran, boolean allOk, Duration simulated, Duration wall) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asExpected", allOk);
        m.put("simulatedSeconds", simulated.toSeconds());
        m.put("wallMillis", wall.toMillis());
        List<Object> rollouts = new ArrayList<>();
        for (Ran r : ran) {
            Map<String, Object> row = new LinkedHashMap<>(r.result().toMap());
            row.put("expectedStatus", r.step().expected().name());
            row.put("groupBefore", r.groupBefore());
            row.put("groupAfter", r.groupAfter());
            row.put("asExpected", r.asExpected());
            rollouts.add(row);
        }
        m.put("rollouts", rollouts);
        return m;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
