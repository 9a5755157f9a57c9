package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue the polls' AWS calls wait in: a stop goes before waiting polls, an endpoint holds at most its cap of
 * threads while others' tasks run, and the threads are bounded. Tasks here block on latches the test opens, so what
 * is checked is order and counts, never durations.
 */
class AwsCallQueueTest {

    private static final String SLOW = "http://slow.example:8080";
    private static final String FAST = "http://fast.example:8080";
    private static final long HANG_GUARD_SECONDS = 30;

    private AwsCallQueue queue;

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.shutdownNow();
        }
    }

    @Test
    void aStopRunsBeforeThePollsThatWaitAndPollsKeepTheirOrder() throws Exception {
        queue = new AwsCallQueue(1, 1);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        queue.submit(FAST, AwsCallQueue.Priority.POLL, () -> await(gate));
        awaitTrue(() -> queue.running() == 1, "the gate holds the only thread");
        for (String name : List.of("poll a", "poll b", "poll c")) {
            queue.submit(FAST, AwsCallQueue.Priority.POLL, () -> order.add(name));
        }
        queue.submit(FAST, AwsCallQueue.Priority.STOP, () -> order.add("stop"));
        assertThat(queue.queued()).isEqualTo(4);
        gate.countDown();
        awaitTrue(() -> queue.finished() == 5, "every task ran");
        assertThat(order).containsExactly("stop", "poll a", "poll b", "poll c");
    }

    @Test
    void anEndpointHoldsAtMostItsCapWhileOtherEndpointsKeepRunning() throws Exception {
        queue = new AwsCallQueue(4, 2);
        CountDownLatch tarpit = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(2);
        for (int i = 0; i < 5; i++) {
            queue.submit(SLOW, AwsCallQueue.Priority.POLL, () -> {
                slowStarted.countDown();
                await(tarpit);
            });
        }
        assertThat(slowStarted.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.running()).as("the slow endpoint's cap, not every thread").isEqualTo(2);
        assertThat(queue.pending(SLOW)).isEqualTo(5);

        CountDownLatch fastDone = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            queue.submit(FAST, AwsCallQueue.Priority.POLL, fastDone::countDown);
        }
        assertThat(fastDone.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                .as("the other endpoint's tasks ran while the slow one held its threads").isTrue();
        assertThat(queue.mostInFlight(SLOW)).isEqualTo(2);
        assertThat(queue.mostInFlight(FAST)).isLessThanOrEqualTo(2);

        tarpit.countDown();
        awaitTrue(() -> queue.finished() == 25, "the slow endpoint's waiting tasks ran once it had room");
        assertThat(queue.mostInFlight(SLOW)).as("never above the cap").isEqualTo(2);
        assertThat(queue.running()).isZero();
    }

    @Test
    void noMoreThreadsRunThanThePoolHas() throws Exception {
        queue = new AwsCallQueue(3, 3);
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < 9; i++) {
            queue.submit("http://e" + i + ":1", AwsCallQueue.Priority.POLL, () -> await(gate));
        }
        awaitTrue(() -> queue.running() == 3, "three tasks hold the three threads");
        assertThat(queue.queued()).isEqualTo(6);
        gate.countDown();
        awaitTrue(() -> queue.finished() == 9, "the rest ran after");
        assertThat(queue.largestThreads()).isEqualTo(3);
    }

    @Test
    void aTaskThatThrowsFreesItsThreadAndItsEndpoint() throws Exception {
        queue = new AwsCallQueue(1, 1);
        queue.submit(FAST, AwsCallQueue.Priority.POLL, () -> {
            throw new IllegalStateException("a bug in one poll");
        });
        CountDownLatch next = new CountDownLatch(1);
        queue.submit(FAST, AwsCallQueue.Priority.POLL, next::countDown);
        assertThat(next.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitTrue(() -> queue.pending(FAST) == 0, "nothing left for the endpoint");
    }

    @Test
    void theCapCountsBySchemeHostAndPortOrByRegionForAwsItself() {
        assertThat(AwsCallQueue.endpointOf("eu-west-1", Endpoints.AWS)).isEqualTo("aws:eu-west-1");
        assertThat(AwsCallQueue.endpointOf("eu-west-1", Endpoints.of(URI.create("https://EC2.example.com"))))
                .isEqualTo("https://ec2.example.com:443");
        assertThat(AwsCallQueue.endpointOf("eu-west-1", Endpoints.of(URI.create("http://127.0.0.1:4566/"))))
                .isEqualTo("http://127.0.0.1:4566")
                .isNotEqualTo(AwsCallQueue.endpointOf("eu-west-1", Endpoints.of(URI.create("http://127.0.0.1:4567/"))));
        // A poll calls both services: with an endpoint each, the polls that share the pair share a cap.
        assertThat(AwsCallQueue.endpointOf("eu-west-1", new Endpoints(URI.create("https://vpce-1.example.com"), null)))
                .isEqualTo("https://vpce-1.example.com:443 aws:eu-west-1");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("the test opened the gate").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a condition that other threads make true; the deadline only guards against a hang. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("hang guard: " + what).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
