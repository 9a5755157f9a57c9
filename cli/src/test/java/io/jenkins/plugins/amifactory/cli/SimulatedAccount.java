package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.DemoShop;
import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The demo shop in a test simulator on a manual clock ({@link SimulatorKit}), and a command line wired to it:
 * the rollout's waits advance simulated time instead of sleeping, so a rollout of simulated minutes takes real
 * milliseconds.
 */
final class SimulatedAccount implements AutoCloseable {

    private final SimulatorKit sim;
    final SimulatorServer server;
    final World world;
    final DemoShop.Seeded shop;
    final TestInterrupts ctrlC = new TestInterrupts();
    private final List<Predicate<World>> beforeEachWait = new ArrayList<>();

    SimulatedAccount() throws IOException {
        sim = SimulatorKit.withDemoShop();
        server = sim.server;
        world = sim.world;
        shop = sim.shop();
    }

    /** The simulator with its own SDK clients, to read what AWS holds. */
    SimulatorKit kit() {
        return sim;
    }

    /** A command line whose rollouts run on this account's clock; Ctrl-C comes from {@link #ctrlC}. */
    CliHarness cli() {
        return new CliHarness().with(c -> c.withInterrupts(ctrlC).withTime(world.javaClock(), this::sleep));
    }

    /** The same, finding credentials from {@code home}'s AWS config files and environment, as in the field. */
    CliHarness cli(AwsHome home) {
        return CliHarness.withAwsConfig(home.env())
                .with(c -> c.withInterrupts(ctrlC).withTime(world.javaClock(), this::sleep));
    }

    /** Presses Ctrl-C at the first wait where {@code when} holds. */
    void ctrlCWhen(Predicate<World> when) {
        beforeEachWait.add(w -> {
            if (when.test(w)) {
                ctrlC.fire();
                return true;
            }
            return false;
        });
    }

    /**
     * Ends the rollout at the first wait where {@code when} holds, as if its process died there: the command
     * makes no further call (see {@link Killed}).
     */
    void killWhen(Predicate<World> when) {
        beforeEachWait.add(w -> {
            if (when.test(w)) {
                throw new Killed();
            }
            return false;
        });
    }

    /**
     * Runs a rollout that {@link #killWhen} ends; the command's output so far is in {@code cli}. Also forgets
     * what only the dead process would have remembered: the engine's in-JVM record that this rollout holds
     * the group, which a second process would not share.
     */
    void runUntilKilled(CliHarness cli, String... args) {
        try {
            cli.run(args);
        } catch (Killed expected) {
            beforeEachWait.clear();
            ProcessMemory.forgetLeases(server.endpoint().toString());
            return;
        }
        throw new AssertionError("the rollout was not killed: " + cli.out() + cli.err());
    }

    /** The group's lease tag, or null. */
    String lease(String group) {
        return group(group).tags().stream().filter(t -> t.key().equals(LeaseTag.KEY)).map(t -> t.value())
                .findFirst().orElse(null);
    }

    software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup group(String group) {
        return sim.group(group);
    }

    /** The Image each instance of the group runs, sorted. */
    List<String> imagesOf(String group) {
        List<String> ids = group(group).instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList();
        return sim.ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(i -> i.imageId()).sorted().toList();
    }

    /** The group's instance refreshes, newest first. */
    List<software.amazon.awssdk.services.autoscaling.model.InstanceRefresh> refreshes(String group) {
        return sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group)).instanceRefreshes();
    }

    /** The options every rollout here needs: region and endpoint. */
    String[] args(String command, String group, String instance, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--asg", group, "--instance", instance,
                "--region", world.defaultRegion(), "--endpoint-url", server.endpoint().toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A command other than rollout or plan, with this account's region and endpoint. */
    String[] command(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(more));
        a.addAll(List.of("--region", world.defaultRegion(), "--endpoint-url", server.endpoint().toString()));
        return a.toArray(String[]::new);
    }

    String groupConfiguration(String group) {
        try (var clients = io.jenkins.plugins.amifactory.engine.AwsClients.create(world.defaultRegion(),
                SimulatorKit.credentials(), server.endpoint())) {
            return DemoCommand.groupConfiguration(clients, group);
        }
    }

    private void sleep(Duration d) {
        beforeEachWait.removeIf(p -> p.test(world));
        world.advance(d);
    }

    /** What a process that dies takes with it: thrown from a wait, it ends the command as death would. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("the process was killed", null, false, false);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
