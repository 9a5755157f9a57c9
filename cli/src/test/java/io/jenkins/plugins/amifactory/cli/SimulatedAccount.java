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

    /** A command line whose rollouts run on this account's clock; Ctrl-C comes from {@link #ctrlC}. */
    CliHarness cli() {
        return new CliHarness().with(c -> c.withInterrupts(ctrlC).withTime(world.javaClock(), this::sleep));
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

    /** The options every rollout here needs: region and endpoint. */
    String[] args(String command, String group, String instance, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--asg", group, "--instance", instance,
                "--region", world.defaultRegion(), "--endpoint-url", server.endpoint().toString()));
        a.addAll(List.of(more));
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

    @Override
    public void close() {
        sim.close();
    }
}
