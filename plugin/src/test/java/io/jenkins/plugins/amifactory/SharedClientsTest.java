package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step and the build step on the controller's client cache, against the simulator: a rollout builds its clients
 * once, in its first poll, and rollouts share them exactly when region, endpoint and credentials are the same.
 */
class SharedClientsTest extends SimulatedControllerTest {

    @Test
    void aRolloutBuildsItsClientsInItsFirstPollAndNoneAfter() throws Exception {
        TestStepContext context = controller.context();
        controller.start(controller.step("web"), context);
        assertThat(controller.connections.clientsBuilt()).as("before the first poll").isZero();
        assertThat(controller.poll()).isTrue();
        assertThat(controller.connections.clientsBuilt()).as("after the first poll").isEqualTo(1);
        int polls = 0;
        while (!context.isDone()) {
            assertThat(controller.poll()).isTrue();
            polls++;
        }
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(polls).as("a rollout of many polls").isGreaterThan(10);
        assertThat(controller.connections.clientsBuilt()).as("clients built in the %d polls after the first", polls)
                .isEqualTo(1);
        assertThat(controller.connections.httpClientsBuilt()).isEqualTo(1);
        assertThat(controller.runtime.credentials.byId.get(SimulatedController.CREDENTIALS_ID).resolutions.get())
                .as("shared clients still resolve the credentials poll after poll, at most once a poll")
                .isGreaterThan(1).isLessThanOrEqualTo(polls + 1);
    }

    @Test
    void aPollsClientsWaitAtMostTheAttemptAndCallTimeouts() {
        try (AwsClients clients = controller.connections.create(SimulatedController.REGION,
                controller.runtime.controllerCredentials.get(), Endpoints.of(controller.server.endpoint()))) {
            for (var config : List.of(clients.ec2().serviceClientConfiguration().overrideConfiguration(),
                    clients.autoScaling().serviceClientConfiguration().overrideConfiguration())) {
                assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(20));
                assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void rolloutsWithTheSameRegionEndpointAndCredentialsShareClientsAndOthersDoNot() throws Exception {
        runOnItsOwnTimer(plan("web", SimulatedController.CREDENTIALS_ID), controller.context());
        assertThat(controller.connections.clientsBuilt()).isEqualTo(1);
        controller.runtime.credentials.with("aws-other");
        runOnItsOwnTimer(plan("web", "aws-other"), controller.context());
        assertThat(controller.connections.clientsBuilt()).as("other credentials, other clients").isEqualTo(2);
        planWithEnvironmentCredentials("AKIDENV", "secret-1");
        planWithEnvironmentCredentials("AKIDENV", "secret-2");
        assertThat(controller.connections.clientsBuilt())
                .as("a build with the same access key id but another secret does not borrow the first one's clients")
                .isEqualTo(4);

        TestStepContext web = controller.context();
        TestStepContext api = controller.context();
        controller.start(controller.step("web"), web);
        controller.start(controller.step("api"), api);
        while (!web.isDone() || !api.isDone()) {
            assertThat(controller.poll()).as("a poll is scheduled while the rollouts run").isTrue();
        }
        assertThat(web.failure).as(web.log()).isNull();
        assertThat(api.failure).as(api.log()).isNull();
        assertThat(controller.connections.clientsBuilt())
                .as("two rollouts of two groups with the first plan's region, endpoint and credentials").isEqualTo(4);
    }

    private AmiFactoryStep plan(String group, String credentialsId) {
        AmiFactoryStep step = controller.step(group);
        step.setCredentialsId(credentialsId);
        step.setPlanOnly(true);
        return step;
    }

    private void planWithEnvironmentCredentials(String keyId, String secret) throws Exception {
        TestStepContext context = controller.context();
        context.env.putAll(Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret));
        runOnItsOwnTimer(plan("api", null), context);
        assertThat(context.log()).doesNotContain(keyId).doesNotContain(secret);
    }

    /** Runs a plan to its end on a timer of its own, while the rollouts on the controller's timer wait. */
    private void runOnItsOwnTimer(AmiFactoryStep step, TestStepContext context) throws Exception {
        SimulatedController.ManualTimer timer = new SimulatedController.ManualTimer(controller.world);
        controller.start(step, context, timer);
        while (!context.isDone()) {
            assertThat(timer.runNext()).as("a poll is scheduled while the plan runs").isTrue();
            controller.awaitQuiet();
        }
        assertThat(context.failure).as(context.log()).isNull();
    }

    @Test
    void theBuildStepUsesTheSameCacheOnePairForTheWholeBuild() throws Exception {
        controller.runtime.sleeper = controller.world::advance;
        FakeJenkins.TestRun run = FakeJenkins.run();
        controller.builder("web").perform(run, new EnvVars(), () -> new PrintStream(OutputStream.nullOutputStream()));
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("SUCCEEDED");
        assertThat(controller.connections.clientsBuilt()).isEqualTo(1);

        TestStepContext context = controller.context();
        AmiFactoryStep plan = controller.step("web");
        plan.setPlanOnly(true);
        controller.start(plan, context);
        controller.pollToEnd(context);
        assertThat(controller.connections.clientsBuilt()).as("a Pipeline rollout after it, warm").isEqualTo(1);
    }
}
