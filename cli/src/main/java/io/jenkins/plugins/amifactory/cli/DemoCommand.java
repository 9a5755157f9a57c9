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
 * {@code ami-factory demo}: four rollouts against an embedded simulator, with nothing to set up. Group
 * {@code web} (launch configuration) and group {@code api} (launch template) are rolled out, then {@code api}
 * again with an Image whose instances never pass their health checks, which must fail and leave the group on
 * the configuration it had; last, one Image goes to {@code web} and {@code worker} here and to {@code web} in a
 * second region, in waves, its copy there encrypted ({@link DemoFleet}). Exits 0 only when all four behave so.
 *
 * <p>The simulated clock is manual and moves only when the rollout waits: each wait advances it by the full
 * poll interval and sleeps that interval divided by {@code --time-scale} in real time, so the demo is quick
 * yet the progress is visible, and every run shows the same simulated timings.
 */
@Command(name = "demo", header = "Four rollouts against an embedded simulator, with a summary.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Run four rollouts against an embedded simulator, no AWS account needed: group web (launch "
                        + "configuration), group api (launch template), then api again with an Image that never "
                        + "becomes healthy, which fails and is rolled back, then one Image for groups web and "
                        + "worker here and web in " + DemoFleet.OTHER_REGION + ", in waves, its copy there "
                        + "encrypted. Ends with a summary table.",
                "",
                "Exit codes: 0 all four behaved as expected, 3 one did not, 5 stopped by Ctrl-C, 1 unexpected error."})
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

    /**
     * How one group's rollout went: a row of the summary. {@code groupBefore} and {@code groupAfter} are read
     * from the simulator, not the result; {@code result} is null for a fleet's wave that never started, and
     * {@code checked} says whether what the act checked in the simulator besides held.
     */
    record Ran(String number, String group, RolloutStatus expected, RolloutResult result, String groupBefore,
               String groupAfter, boolean checked) {
        boolean asExpected() {
            if (result == null || !checked) {
                return false;
            }
            boolean statusOk = result.status() == expected;
            return expected == RolloutStatus.SUCCEEDED
                    ? statusOk && groupAfter.equals(result.newConfiguration())
                    : statusOk && groupAfter.equals(groupBefore);
        }

        String status() {
            // As the fleet's own result names a wave that never started.
            return result == null ? "NOT_STARTED" : result.status().name();
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
             AwsClients clients = AwsClients.create(REGION, DEMO_CREDENTIALS, server.endpoint());
             AwsClients otherClients = AwsClients.create(DemoFleet.OTHER_REGION, DEMO_CREDENTIALS, server.endpoint())) {
            DemoShop.Seeded shop = DemoShop.seed(world, REGION);
            DemoShop.SeededFleet more = DemoShop.seedFleet(world, shop, DemoFleet.OTHER_REGION);
            out.println("AMI Factory demo: a simulated AWS account at " + server.endpoint() + " (" + REGION + ")");
            out.println("  group web: launch configuration " + shop.webLaunchConfiguration() + ", instances "
                    + String.join(" ", shop.webInstances()));
            out.println("  group api: launch template " + shop.apiLaunchTemplateId() + ", instances "
                    + String.join(" ", shop.apiInstances()));
            out.println("  group worker: launch template " + more.workerLaunchTemplateId() + ", instances "
                    + String.join(" ", more.workerInstances()));
            out.println("  group web in " + more.otherRegion() + ": launch template " + more.otherWebLaunchTemplateId()
                    + " on Image " + more.otherBaseImageId() + ", instances " + String.join(" ", more.otherWebInstances()));
            out.println("  Times are simulated; " + format(timeScale) + " simulated seconds pass per second of waiting.");
            List<Step> steps = List.of(
                    new Step("Roll out group web (launch configuration)", shop.webGroup(), RolloutStatus.SUCCEEDED, false),
                    new Step("Roll out group api (launch template)", shop.apiGroup(), RolloutStatus.SUCCEEDED, false),
                    new Step("Roll out group api with an Image whose instances never pass their health checks",
                            shop.apiGroup(), RolloutStatus.FAILED, true));
            int acts = steps.size() + 1;
            DemoFleet fleet = new DemoFleet(REGION, Map.of(REGION, clients, more.otherRegion(), otherClients));
            RolloutRunner runner = new RolloutRunner(ctx, clients, world.javaClock(), scaledSleeper(world));
            return runner.guarded(() -> {
                List<Ran> ran = new ArrayList<>();
                for (int i = 0; i < steps.size() && !aborted(ran); i++) {
                    Step step = steps.get(i);
                    title(out, i + 1, acts, step.title());
                    ran.add(run(step, String.valueOf(i + 1), world, clients, server.endpoint(), runner, out));
                }
                DemoFleet.Outcome fleetRan = null;
                if (!aborted(ran)) {
                    title(out, acts, acts, "Roll out one Image to every group and region: web and worker here, web in "
                            + more.otherRegion() + ", in waves");
                    out.println(DemoFleet.intro(more));
                    fleetRan = fleet.run(fleet.request(request(clients, shop.webGroup(), server.endpoint()), more),
                            String.valueOf(acts), runner, out, output.bar(ctx));
                    ran.addAll(fleetRan.rows());
                }
                Duration simulated = Duration.between(start, world.now());
                Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
                boolean allOk = fleetRan != null && ran.size() == steps.size() + fleetRan.rows().size()
                        && ran.stream().allMatch(Ran::asExpected);
                report(out, ran, fleetRan, acts, allOk, simulated, wall);
                if (output.json) {
                    ctx.out().println(Json.write(json(ran, fleetRan, allOk, simulated, wall)));
                }
                if (allOk) {
                    return ExitCodes.OK;
                }
                return aborted(ran) ? ExitCodes.ABORTED : ExitCodes.FAILED;
            });
        }
    }

    private static void title(PrintStream out, int act, int acts, String title) {
        out.println();
        out.println("== " + act + "/" + acts + " " + title);
    }

    private Ran run(Step step, String number, World world, AwsClients clients, URI endpoint, RolloutRunner runner,
                    PrintStream out) {
        if (step.failsHealth()) {
            out.println("   (the simulated Auto Scaling gives up on unhealthy replacements after "
                    + Durations.words(STALL_TIMEOUT) + "; AWS waits about an hour)");
            world.run(() -> {
                world.scenario().unhealthyNextImages = 1;
                world.scenario().refreshStallTimeout = STALL_TIMEOUT;
            });
        }
        String before = groupConfiguration(clients, step.group());
        RolloutResult result = runner.run(request(clients, step.group(), endpoint), out, output.bar(ctx));
        String after = groupConfiguration(clients, step.group());
        // The reason for a failure was shown as it happened; what matters now is where the group is.
        out.println(result.status() + ": group '" + step.group() + "' is on " + after
                + (result.status() == RolloutStatus.SUCCEEDED ? " with Image " + result.imageId() : ""));
        return new Ran(number, step.group(), step.expected(), result, before, after, true);
    }

    /** A rollout of {@code group} at home from an instance it runs now; a fleet's first target too. */
    private static RolloutRequest request(AwsClients clients, String group, URI endpoint) {
        return RolloutRequest.builder(group, sourceInstance(clients, group))
                .region(REGION)
                .endpoint(endpoint)
                .callerReference("ami-factory demo")
                .build();
    }

    private static boolean aborted(List<Ran> ran) {
        return ran.stream().anyMatch(r -> r.result() != null && r.result().status() == RolloutStatus.ABORTED);
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

    private static void report(PrintStream out, List<Ran> ran, DemoFleet.Outcome fleet, int acts, boolean allOk,
                               Duration simulated, Duration wall) {
        out.println();
        String verdict = allOk ? "all " + acts + " rollouts behaved as expected"
                : aborted(ran) ? "stopped by Ctrl-C" : "a rollout did NOT behave as expected";
        out.println("Summary: " + verdict + " (" + Durations.words(simulated)
                + " of simulated time in " + Durations.words(wall) + ")");
        out.println();
        Table rollouts = new Table().row("#", "group", "status", "expected", "group before", "group after", "Image", "as expected");
        for (Ran r : ran) {
            rollouts.row(r.number(), r.group(), r.status(), r.expected().name(), r.groupBefore(), r.groupAfter(),
                    Summary.orDash(r.result() == null ? null : r.result().imageId()), r.asExpected() ? "yes" : "NO");
        }
        rollouts.print(out, "  ");
        out.println();
        List<String> header = new ArrayList<>(List.of("phase (simulated)"));
        ran.forEach(r -> header.add("#" + r.number()));
        Table phases = new Table().row(header.toArray(String[]::new));
        for (Phase phase : Phase.values()) {
            if (ran.stream().noneMatch(r -> r.result() != null && r.result().phaseDurations().containsKey(phase.label()))) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(phase.label()));
            for (Ran r : ran) {
                Duration d = r.result() == null ? null : r.result().phaseDurations().get(phase.label());
                row.add(d == null ? "-" : Durations.words(d));
            }
            phases.row(row.toArray(String[]::new));
        }
        List<String> totals = new ArrayList<>(List.of("total"));
        ran.forEach(r -> totals.add(r.result() == null ? "-" : Durations.words(Summary.total(r.result()))));
        phases.row(totals.toArray(String[]::new));
        List<String> calls = new ArrayList<>(List.of("AWS calls"));
        ran.forEach(r -> calls.add(r.result() == null ? "-" : String.valueOf(r.result().totalApiCalls())));
        phases.row(calls.toArray(String[]::new));
        phases.print(out, "  ");
        out.println();
        Table ledger = new Table().row("#", "ledger: what each rollout created or changed, and what became of it");
        for (Ran r : ran) {
            ledgerRows(ledger, r.number(), r.result() == null ? List.of() : Summary.ledger(r.result()));
        }
        if (fleet != null) {
            // The copies are the fleet's own: no single group's rollout made them.
            ledgerRows(ledger, String.valueOf(acts), fleet.result().ledger().stream().map(Object::toString).toList());
        }
        ledger.print(out, "  ");
        out.flush();
    }

    private static void ledgerRows(Table ledger, String number, List<String> lines) {
        for (int j = 0; j < lines.size(); j++) {
            ledger.row(j == 0 ? number : "", lines.get(j));
        }
    }

    private static Map<String, Object> json(List<Ran> ran, DemoFleet.Outcome fleet, boolean allOk, Duration simulated,
                                            Duration wall) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asExpected", allOk);
        m.put("simulatedSeconds", simulated.toSeconds());
        m.put("wallMillis", wall.toMillis());
        List<Object> rollouts = new ArrayList<>();
        for (Ran r : ran) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", r.number());
            row.put("group", r.group());
            if (r.result() == null) {
                row.put("status", r.status());
            } else {
                row.putAll(r.result().toMap());
            }
            row.put("expectedStatus", r.expected().name());
            row.put("groupBefore", r.groupBefore());
            row.put("groupAfter", r.groupAfter());
            row.put("asExpected", r.asExpected());
            rollouts.add(row);
        }
        m.put("rollouts", rollouts);
        if (fleet != null) {
            m.put("fleet", fleet.toJson());
        }
        return m;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
