package io.jenkins.plugins.amifactory.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * Clients lent per step: the driver opens a pair for each step and closes it after, and closing a borrowed pair
 * gives it back without closing what its owner keeps.
 */
class StepClientsTest {

    @Test
    void closingABorrowedPairGivesItBackOnceAndLeavesTheOwnersClientsOpen() throws Exception {
        try (Shop shop = Shop.onLaunchConfiguration(2)) {
            AtomicInteger givenBack = new AtomicInteger();
            AwsClients lent = AwsClients.borrowed(shop.aws, givenBack::incrementAndGet);
            assertThat(lent.autoScaling()).isSameAs(shop.aws.autoScaling());
            lent.close();
            lent.close();
            assertThat(givenBack).as("given back once, however often closed").hasValue(1);
            assertThat(shop.aws.autoScaling().describeAutoScalingGroups().autoScalingGroups()).hasSize(1);

            shop.aws.close();
            assertThatThrownBy(() -> shop.aws.autoScaling().describeAutoScalingGroups())
                    .as("the owner's close still closes them").isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void theDriverOpensClientsForEachStepAndClosesThemAfter() throws Exception {
        try (Shop shop = Shop.onLaunchConfiguration(2)) {
            AtomicInteger opened = new AtomicInteger();
            AtomicInteger open = new AtomicInteger();
            AtomicInteger mostOpen = new AtomicInteger();
            RolloutDriver driver = new RolloutDriver(() -> {
                opened.incrementAndGet();
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                return AwsClients.borrowed(shop.aws, open::decrementAndGet);
            }, shop.world.javaClock(), shop.world::advance);
            Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
            RolloutResult result = driver.run(rollout);
            assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
            assertThat(opened.get()).as("one pair per step").isGreaterThan(5);
            assertThat(mostOpen).as("never two at once").hasValue(1);
            assertThat(open).as("each closed after its step").hasValue(0);
        }
    }

    @Test
    void clientsOnAGivenHttpClientLeaveItOpenWhenTheyClose() throws Exception {
        try (SimulatorKit sim = SimulatorKit.start(); SdkHttpClient http = ApacheHttpClient.builder().build()) {
            AwsClients first = AwsClients.create(SimulatorKit.REGION, SimulatorKit.credentials(), Endpoints.of(sim.endpoint()),
                    http, Duration.ofSeconds(5), AwsClients.CALL_TIMEOUT);
            assertThat(first.ec2().describeInstances().reservations()).isEmpty();
            first.close();
            // The HTTP client belongs to whoever passed it in: closing the SDK clients must leave it usable.
            try (AwsClients again = AwsClients.create(SimulatorKit.REGION, SimulatorKit.credentials(),
                    Endpoints.of(sim.endpoint()), http, null, AwsClients.CALL_TIMEOUT)) {
                assertThat(again.ec2().describeInstances().reservations()).isEmpty();
            }
        }
    }
}
