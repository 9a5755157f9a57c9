package io.jenkins.plugins.amifactory;

import static io.jenkins.plugins.amifactory.AwsCallQueueTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How the step's polls are scheduled on the shared threads: one rollout's polls never run at once, and a poll asked
 * for while one runs holds no thread waiting for it but runs after it; a stop goes ahead of polls that wait for a
 * thread. Polls are held by a gate the test opens, so the checks are on order and counts, not on time.
 */
class PollSchedulingTest extends SimulatedControllerTest {

    private static final long HANG_GUARD_SECONDS = 30;

    @Test
    void aPollAskedForWhileOneRunsWaitsForItWithoutHoldingAThread() throws Exception {
        AtomicInteger inPoll = new AtomicInteger();
        AtomicInteger mostInPoll = new AtomicInteger();
        CountDownLatch slowAnswer = new CountDownLatch(1);
        CountDownLatch slowPollStarted = new CountDownLatch(1);
        AtomicInteger slowPolls = new AtomicInteger();
        PluginRuntime.ClientFactory real = controller.runtime.clients;
        controller.runtime.clients = (region, credentials, endpoint) -> {
            mostInPoll.accumulateAndGet(inPoll.incrementAndGet(), Math::max);
            if (slowPolls.getAndDecrement() > 0) {
                // What a call that takes long to answer does to the poll: it keeps its thread until the answer.
                slowPollStarted.countDown();
                await(slowAnswer);
            }
            return AwsClients.borrowed(real.create(region, credentials, endpoint), inPoll::decrementAndGet);
        };
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, c -> execution.getStatus().contains("image wait"));

        slowPolls.set(1);
        assertThat(controller.timer.runNext()).isTrue();
        assertThat(slowPollStarted.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        long finishedBefore = controller.awsCalls.finished();
        Exception cause = new InterruptedException("Aborted by alice");
        execution.stop(cause);
        assertThat(controller.timer.runNext()).as("the stop asks for a poll at once").isTrue();
        awaitTrue(() -> controller.awsCalls.finished() == finishedBefore + 1, "the stop's poll had its turn");
        assertThat(controller.awsCalls.running()).as("only the slow poll holds a thread").isEqualTo(1);
        assertThat(controller.awsCalls.queued()).isZero();
        assertThat(context.isDone()).isFalse();

        slowAnswer.countDown();
        controller.awaitQuiet();
        controller.pollToEnd(context);
        assertThat(mostInPoll).as("never two polls of the rollout at once").hasValue(1);
        assertThat(context.failure).as(context.log()).isSameAs(cause);
        assertThat(context.log()).contains("ABORTED").doesNotContain("Aborted again").doesNotContain("Stopped reverting");
    }

    @Test
    void aStopRunsBeforePollsThatWaitForAThread() throws Exception {
        controller.close();
        controller = new SimulatedController(new AwsCallQueue(1, 1), AwsConnections.Timeouts.DEFAULT);
        List<String> order = new CopyOnWriteArrayList<>();
        PluginRuntime.ClientFactory real = controller.runtime.clients;
        controller.runtime.clients = (region, credentials, endpoint) -> {
            AwsCredentialsProvider source = PerPollCredentials.sourceOf(credentials);
            order.add(((FakeJenkins.StoredCredentials) source).getId());
            return real.create(region, credentials, endpoint);
        };
        controller.runtime.credentials.with("aws-api");
        TestStepContext web = controller.context();
        controller.start(controller.step("web"), web);
        AmiFactoryStep apiStep = controller.step("api");
        apiStep.setCredentialsId("aws-api");
        TestStepContext api = controller.context();
        AmiFactoryStepExecution apiExecution = controller.start(apiStep, api);
        for (int i = 0; i < 6; i++) {
            assertThat(controller.poll()).isTrue();
        }

        CountDownLatch gate = new CountDownLatch(1);
        controller.awsCalls.submit(controller.simulatorEndpoint(), AwsCallQueue.Priority.POLL, () -> await(gate));
        awaitTrue(() -> controller.awsCalls.running() == 1, "the gate holds the only thread");
        assertThat(controller.timer.runNext() && controller.timer.runNext()).as("both rollouts' next polls").isTrue();
        assertThat(controller.awsCalls.queued()).isEqualTo(2);
        Exception cause = new InterruptedException("Aborted by alice");
        apiExecution.stop(cause);
        assertThat(controller.timer.runNext()).isTrue();
        assertThat(controller.awsCalls.queued()).isEqualTo(3);
        order.clear();
        gate.countDown();
        controller.awaitQuiet();
        assertThat(order).as("the stopped rollout's poll first, then the poll that waited before it")
                .containsExactly("aws-api", SimulatedController.CREDENTIALS_ID);

        while (!web.isDone() || !api.isDone()) {
            assertThat(controller.poll()).as("a poll is scheduled while the rollouts run").isTrue();
        }
        assertThat(api.failure).as(api.log()).isSameAs(cause);
        assertThat(web.failure).as(web.log()).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("the test opened the gate").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
