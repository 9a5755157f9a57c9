package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.Faults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict is what AWS shows: a wait is judged after a fresh look, errors that will not heal end the
 * rollout at once with words that say what happened, and every stop, expected or not, ends in a verdict
 * with the revert applied.
 */
class GateTruthTest extends ShopTest {

    @Test
    void aRefreshThatSucceededWhileNobodyLookedIsASuccessEvenPastItsDeadline() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = Rollout.start(shop.request().rolloutTimeout(Duration.ofMinutes(10)).build(),
                shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        // The controller is away (a restart, a long pause) for longer than the Refresh and its deadline.
        shop.world.advance(Duration.ofMinutes(11));
        RolloutResult result = shop.finish(Rollout.resume(rollout.request(), Shop.roundTrip(rollout.state()),
                RolloutListener.NONE));

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(result.refreshStatus()).isEqualTo("Successful");
        assertThat(shop.group().launchConfigurationName()).isEqualTo(result.launchConfiguration());
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    @Test
    void anImageThatBecameAvailableDuringARestartIsUsedEvenPastItsDeadline() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().imageTimeout(Duration.ofMinutes(5)).build(),
                shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.IMAGE_WAIT);
        shop.world.advance(Duration.ofMinutes(6));
        RolloutResult result = shop.finish(Rollout.resume(rollout.request(), Shop.roundTrip(rollout.state()),
                RolloutListener.NONE));

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    @Test
    void aTimeoutSaysWhatWasSeenAndWhen() throws IOException {
        shop = Shop.onLaunchTemplate(3, "1");
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofHours(5);
        });
        RolloutResult result = shop.run(shop.request().rolloutTimeout(Duration.ofMinutes(15)).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(result.message()).containsPattern("did not finish within 15 min \\(rolloutTimeoutMinutes\\); "
                + "last seen InProgress at \\d+% at \\d\\d:\\d\\d:\\d\\d UTC");
    }

    @Test
    void anEndpointThatRefusesConnectionsRefusesTheRolloutAtOnceAndSaysSo() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutRequest request = shop.request().endpoint("http://127.0.0.1:1").build();
        Rollout rollout = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        Next first;
        try (AwsClients clients = AwsClients.create(Shop.REGION, io.jenkins.plugins.amifactory.simulator.testkit
                .SimulatorKit.credentials(), URI.create("http://127.0.0.1:1"))) {
            first = rollout.advance(clients, shop.world.now());
        }

        assertThat(first.isFinished()).as("no retries for a connection refused").isTrue();
        assertThat(first.result().status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(first.result().message()).isEqualTo("endpointUrl: could not reach http://127.0.0.1:1: connection "
                + "refused (check that the endpoint is right and reachable from here, then run again)");
    }

    @Test
    void credentialsThatCannotLoadRefuseTheRolloutNamingTheCredentials() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        Next first;
        try (AwsClients clients = AwsClients.create(Shop.REGION, () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, shop.server.endpoint())) {
            first = rollout.advance(clients, shop.world.now());
        }

        assertThat(first.isFinished()).isTrue();
        assertThat(first.result().status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(first.result().message()).startsWith("credentialsId: the AWS credentials could not be loaded");
        assertThat(shop.mutatingCalls()).isZero();
    }

    @Test
    void aRegionTheSdkDoesNotKnowIsRefusedBeforeAnyCall() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutRequest request = RolloutRequest.builder(Shop.GROUP, shop.sourceInstance()).region("xx-north-9").build();
        RolloutResult result = shop.run(request);

        assertThat(result.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).startsWith("region: the AWS SDK knows no region 'xx-north-9'");
        assertThat(result.totalApiCalls()).isZero();
    }

    @Test
    void aGatewayErrorWithoutAnAwsErrorIsTriedABoundedNumberOfTimesAndNamed() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutRequest request = shop.request().build();
        shop.server.faults().resetCounters();
        shop.server.faults().add(new Faults.Rule("*", Faults.Kind.BAD_GATEWAY, -1, 1.0, Duration.ZERO));
        RolloutResult result = shop.run(request);
        shop.server.faults().clear();

        assertThat(result.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).contains(shop.server.endpoint() + " answered HTTP 502 with no AWS error")
                .contains("(" + (Polling.MAX_CONSECUTIVE_ERRORS + 1) + " times in a row)")
                .doesNotContain("null");
        assertThat(shop.calls("autoscaling", "DescribeAutoScalingGroups"))
                .isEqualTo(Polling.MAX_CONSECUTIVE_ERRORS + 1);
    }

    @Test
    void anOutageMidRolloutFailsItAfterBoundedTriesAndTheRevertPutsTheGroupBack() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.GROUP_UPDATE);
        shop.server.faults().add(new Faults.Rule("autoscaling:UpdateAutoScalingGroup", Faults.Kind.UNAVAILABLE,
                Polling.MAX_CONSECUTIVE_ERRORS + 1, 1.0, Duration.ZERO));
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("During group update for group 'web': AWS answered ")
                .contains("times in a row").endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("launch configuration"))
                .allSatisfy(e -> assertThat(e.fate()).isEqualTo("deleted"));
    }

    @Test
    void anUnexpectedExceptionFailsTheRolloutThroughItsRevert() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutListener brokenOnce = new RolloutListener() {
            private boolean thrown;

            @Override
            public void progress(Phase phase, int percent, Duration remaining, String detail) {
                if (phase == Phase.IMAGE_WAIT && !thrown) {
                    thrown = true;
                    throw new IllegalStateException("the console went away");
                }
            }
        };
        RolloutResult result = shop.run(shop.request().build(), brokenOnce);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("Unexpected error during image wait: java.lang.IllegalStateException: "
                + "the console went away").endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("image"))
                .allSatisfy(e -> assertThat(e.fate()).matches("deregistered|kept.*"));
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void aSecondAbortStopsTheRevertAtOnceAndSaysWhereEverythingIs() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        shop.step(rollout);
        rollout.abort("first");
        shop.step(rollout);
        assertThat(rollout.state().phase()).isEqualTo(Phase.REVERTING);
        rollout.abort("second");
        Next next = shop.step(rollout);

        assertThat(next.isFinished()).isTrue();
        assertThat(next.result().status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(next.result().message()).contains("the revert was stopped by a second abort")
                .contains("instance refresh " + next.result().refreshId() + " was last seen");
    }

    @Test
    void aRevertUnderEndlessThrottlingEndsAndReportsWhereTheGroupIs() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        rollout.abort(null);
        shop.server.faults().add(new Faults.Rule("*", Faults.Kind.THROTTLE, -1, 1.0, Duration.ZERO));
        int steps = 0;
        Next next;
        do {
            next = shop.step(rollout);
            steps++;
        } while (!next.isFinished() && steps < 1000);
        shop.server.faults().clear();

        assertThat(next.isFinished()).as("the revert ends by itself").isTrue();
        assertThat(next.result().status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(next.result().message()).contains("while reverting").contains("Group 'web' is on");
    }

    @Test
    void rollingBackALaunchConfigurationGroupPutsReplacedInstancesBackOnTheOldImage() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        String before = shop.imagesOfGroupInstances().get(0);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        stepUntilReplaced(rollout, 2);
        rollout.abort("stop at two thirds");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(shop.imagesOfGroupInstances()).as("no instance runs the new Image").containsOnly(before);
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString())
                .matches("instance refresh .*: successful \\(back to web-lc-1\\)"));
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("image"))
                .allSatisfy(e -> assertThat(e.fate()).startsWith("kept, not in use"));
    }

    @Test
    void cancellingALaunchConfigurationGroupSaysWhichInstancesRunTheNewImage() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        List<String> heard = new ArrayList<>();
        Rollout rollout = Rollout.start(shop.request().onAbort(StopAction.CANCEL).build(), shop.world.now(),
                new RolloutListener() {
                    @Override
                    public void info(String message) {
                        heard.add(message);
                    }
                });
        stepUntilReplaced(rollout, 2);
        rollout.abort(null);
        RolloutResult result = shop.finish(rollout);

        long onNew = shop.imagesOfGroupInstances().stream().filter(result.imageId()::equals).count();
        assertThat(onNew).isPositive();
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        String note = onNew + " instance" + (onNew == 1 ? "" : "s") + " of group 'web' run the new Image " + result.imageId();
        assertThat(result.message()).contains(note);
        assertThat(heard).as("what the revert found is in the log as it happens").contains(note);
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("image"))
                .allSatisfy(e -> assertThat(e.fate()).isEqualTo("in use by " + onNew + " instance" + (onNew == 1 ? "" : "s")));
    }

    /** Steps a launch-configuration rollout until {@code count} instances of the group run its new Image. */
    private void stepUntilReplaced(Rollout rollout, int count) {
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        for (int i = 0; i < 200; i++) {
            String image = rollout.state().imageId();
            if (shop.imagesOfGroupInstances().stream().filter(image::equals).count() >= count) {
                return;
            }
            shop.step(rollout);
        }
        throw new AssertionError("the Refresh never replaced " + count + " instances");
    }

    @Test
    void anAbortBeforePreflightSaysTheGroupIsUnchanged() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        rollout.abort("changed my mind");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(result.message()).isEqualTo("Aborted (changed my mind) during preflight. Group 'web' is on "
                + "web-lc-1 (unchanged)");
        assertThat(shop.mutatingCalls()).isZero();
    }
}
