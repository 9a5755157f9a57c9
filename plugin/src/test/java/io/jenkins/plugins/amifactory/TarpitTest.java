package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One slow endpoint must not starve every rollout. Four rollouts (as many as there are threads for AWS calls) point
 * at a {@link Tarpit}, which accepts and never answers; fifty rollouts of fifty groups point at the simulator. The
 * fifty run on simulated time in lock-step: at each instant a poll is due, every due poll is handed to the queue and
 * simulated time moves on only once the simulator's polls are done, so a poll starved of a thread would stall the
 * test (a wall-clock guard turns that into a failure) rather than merely run late. The tarpit's polls are not waited
 * for: they hold their threads in real time, each until the per-attempt timeout, then back off and come again.
 */
class TarpitTest {

    private static final int ROLLOUTS = 50;
    private static final int TARPIT_ROLLOUTS = AwsCallQueue.THREADS;
    /** Short, so the test takes seconds; the tarpit's silence (60 s) is far longer. */
    private static final AwsConnections.Timeouts TIMEOUTS =
            new AwsConnections.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4));
    private static final long HANG_GUARD_SECONDS = 300;

    private SimulatedController controller;
    private Tarpit tarpit;

    @BeforeEach
    void start() throws Exception {
        controller = new SimulatedController(new AwsCallQueue(AwsCallQueue.THREADS, AwsCallQueue.PER_ENDPOINT), TIMEOUTS);
        tarpit = new Tarpit();
    }

    @AfterEach
    void stop() throws Exception {
        // Hang up on the tarpit's callers first, so that no pool thread is left reading from it when the next test
        // class checks that no AWS call thread runs between its polls.
        controller.awsCalls.shutdownNow();
        tarpit.close();
        AwsCallQueueTest.awaitTrue(() -> controller.awsCalls.running() == 0, "the tarpit's callers hung up");
        controller.close();
    }

    @Test
    void rolloutsAgainstOtherEndpointsKeepTheirScheduleWhileATarpitHoldsOnlyItsCap() throws Exception {
        List<String> groups = seedGroups();
        AtomicInteger simulatorPollsWhileHeld = new AtomicInteger();
        AtomicInteger tarpitPolls = new AtomicInteger();
        AtomicInteger mostTarpitPolls = new AtomicInteger();
        PluginRuntime.ClientFactory real = controller.runtime.clients;
        controller.runtime.clients = (region, credentials, endpoint) -> {
            AwsClients clients = real.create(region, credentials, endpoint);
            if (endpoint.equals(Endpoints.of(tarpit.endpoint()))) {
                // A poll holds its thread from borrowing its clients to giving them back.
                mostTarpitPolls.accumulateAndGet(tarpitPolls.incrementAndGet(), Math::max);
                return AwsClients.borrowed(clients, () -> {
                    tarpitPolls.decrementAndGet();
                    clients.close();
                });
            }
            return AwsClients.borrowed(clients, () -> {
                if (tarpit.held() > 0) {
                    simulatorPollsWhileHeld.incrementAndGet();
                }
                clients.close();
            });
        };

        List<TestStepContext> tarpitted = new ArrayList<>();
        for (int i = 1; i <= TARPIT_ROLLOUTS; i++) {
            AmiFactoryStep step = new AmiFactoryStep("tarpit-" + i, "i-0123456789abcdef" + i);
            step.setRegion(SimulatedController.REGION);
            step.setCredentialsId(SimulatedController.CREDENTIALS_ID);
            step.setEndpointUrl(tarpit.endpoint().toString());
            TestStepContext context = controller.context();
            controller.start(step, context);
            tarpitted.add(context);
        }
        Map<String, TestStepContext> rollouts = new LinkedHashMap<>();
        for (String group : groups) {
            AmiFactoryStep step = new AmiFactoryStep(group, firstInstance(group));
            step.setRegion(SimulatedController.REGION);
            step.setCredentialsId(SimulatedController.CREDENTIALS_ID);
            step.setEndpointUrl(controller.server.endpoint().toString());
            step.setQuiet(true);
            TestStepContext context = controller.context();
            controller.start(step, context);
            rollouts.put(group, context);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        int instants = 0;
        while (rollouts.values().stream().anyMatch(c -> !c.isDone())) {
            Instant due = controller.timer.nextDue();
            assertThat(due).as("a poll is scheduled while rollouts run").isNotNull();
            while (due.equals(controller.timer.nextDue())) {
                controller.timer.runNext();
            }
            instants++;
            while (controller.awsCalls.pending(controller.simulatorEndpoint()) > 0) {
                assertThat(System.nanoTime()).as("hang guard: the simulator's polls at %s are starved (tarpit holds %d,"
                        + " threads busy %d)", due, tarpit.held(), controller.awsCalls.running()).isLessThan(deadline);
                Thread.sleep(1);
            }
            assertThat(mostTarpitPolls).as("the tarpit's rollouts never hold more than its cap of threads")
                    .hasValueLessThanOrEqualTo(AwsCallQueue.PER_ENDPOINT);
        }

        rollouts.forEach((group, context) -> {
            assertThat(context.failure).as(group + ": " + context.log()).isNull();
            assertThat(((Map<?, ?>) context.result).get("status")).isEqualTo("SUCCEEDED");
        });
        assertThat(instants).as("the fifty were polled at many instants of their schedule").isGreaterThan(10);
        assertThat(controller.awsCalls.mostInFlight(AwsCallQueue.endpointOf(SimulatedController.REGION,
                Endpoints.of(tarpit.endpoint())))).isEqualTo(AwsCallQueue.PER_ENDPOINT);
        assertThat(simulatorPollsWhileHeld.get()).as("the simulator's polls went on while the tarpit held threads")
                .isGreaterThan(ROLLOUTS);
        // Each tarpit rollout's first call ends at the per-attempt timeout, a transient error it backs off from; on a
        // fast machine the fifty may be done before the last two tarpit rollouts had their turn, so wait for it.
        while (!tarpitted.stream().allMatch(c -> c.log().contains(" did not answer in time; trying again in "))) {
            assertThat(System.nanoTime()).as("hang guard: every tarpit rollout's call timed out").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(mostTarpitPolls).hasValue(AwsCallQueue.PER_ENDPOINT);
        assertThat(tarpit.accepted()).as("every tarpit rollout's call reached it").isGreaterThanOrEqualTo(TARPIT_ROLLOUTS);
    }

    /** Fifty groups of two instances on the demo shop's launch configuration, in service. */
    private List<String> seedGroups() {
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= ROLLOUTS; i++) {
            String name = String.format("g%02d", i);
            controller.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                    .launchConfigurationName(controller.shop.webLaunchConfiguration())
                    .minSize(1).maxSize(4).desiredCapacity(2)
                    .availabilityZones(SimulatedController.REGION + "a", SimulatedController.REGION + "b"));
            groups.add(name);
        }
        controller.world.advance(Duration.ofMinutes(5));
        return groups;
    }

    private String firstInstance(String group) {
        return controller.group(group).instances().get(0).instanceId();
    }
}
