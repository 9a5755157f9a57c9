package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rollout per group: a lease on the group that a second rollout respects, that lapses when its holder
 * was cut off, and that the next rollout takes over after stopping what the cut-off one left running.
 */
class GroupLeaseTest extends ShopTest {

    @Test
    void aSecondRolloutOnTheSameControllerIsRefusedAndChangesNothing() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout first = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(first, Phase.IMAGE_WAIT);
        long before = shop.mutatingCalls();
        RolloutResult second = shop.run(shop.request().build());

        assertThat(second.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(second.message()).isEqualTo("asg: group 'web' is being rolled out by rollout "
                + first.state().rolloutId() + " on this controller (wait for it to finish, then run the rollout again)");
        assertThat(shop.mutatingCalls()).isEqualTo(before);
        assertThat(shop.finish(first).status()).isEqualTo(RolloutStatus.SUCCEEDED);
    }

    @Test
    void aLeaseAnotherControllerHoldsRefusesTheRolloutNamingItsHolder() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Instant until = shop.world.now().plus(Duration.ofMinutes(10));
        lease("rollout=0000-other;until=" + until + ";by=web-deploy#41");
        long before = shop.mutatingCalls();
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).startsWith("asg: group 'web' is being rolled out by rollout 0000-other by "
                + "web-deploy#41 (its lease on the group counts until " + Polling.clock(until) + ")");
        assertThat(shop.mutatingCalls()).isEqualTo(before);
    }

    @Test
    void theLeaseNamesTheRolloutAndItsRefreshWhileItRunsAndIsGoneAfterwards() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Rollout rollout = Rollout.start(shop.request().callerReference("web-deploy#42").build(), shop.world.now(),
                RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        Lease held = GroupLease.of(shop.group());
        assertThat(held.rolloutId()).isEqualTo(rollout.state().rolloutId());
        assertThat(held.holder()).isEqualTo("web-deploy#42");
        assertThat(held.refreshId()).isEqualTo(rollout.state().refreshId());
        assertThat(held.until()).isAfter(shop.world.now());

        assertThat(shop.finish(rollout).status()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @Test
    void aCutOffRolloutsRefreshIsStoppedBeforeTheNextRolloutStarts() throws IOException {
        shop = Shop.onLaunchTemplate(3, "1");
        String before = shop.imagesOfGroupInstances().get(0);
        // What a controller that died mid-Refresh leaves: its Refresh running, its lease lapsed.
        String orphan = shop.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(Shop.GROUP)
                .desiredConfiguration(d -> d.launchTemplate(LaunchTemplateSpecification.builder()
                        .launchTemplateId(shop.templateId).version("1").build()))
                .preferences(p -> p.skipMatching(false))).instanceRefreshId();
        lease("rollout=0000-dead;until=" + shop.world.now().minusSeconds(60) + ";refresh=" + orphan + ";by=web-deploy#40");
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.toString()).isIn(
                "instance refresh " + orphan + ": rolled back (earlier rollout 0000-dead)",
                "instance refresh " + orphan + ": cancelled (earlier rollout 0000-dead)"));
        assertThat(shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP)
                .instanceRefreshIds(orphan)).instanceRefreshes().get(0).statusAsString())
                .isIn("RollbackSuccessful", "Cancelled");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId()).doesNotContain(before);
        assertThat(GroupLease.of(shop.group())).isNull();
    }

    @Test
    void aRolloutWhoseLeaseWasTakenOverStopsAndLeavesTheGroupToTheNewHolder() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        lease("rollout=0000-newer;until=" + shop.world.now().plus(Duration.ofHours(1)) + ";by=web-deploy#43");
        shop.world.advance(GroupLease.RENEW_EVERY);
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).startsWith("Group 'web' was taken over by rollout 0000-newer by web-deploy#43");
        assertThat(GroupLease.of(shop.group()).rolloutId()).as("the new holder keeps its lease").isEqualTo("0000-newer");
        assertThat(shop.group().launchConfigurationName()).isEqualTo(result.launchConfiguration());
    }

    @Test
    void aRevertLeavesAGroupThatSomeoneElsePointedElsewhere() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        shop.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("web-lc-hotfix")
                .imageId(shop.baseImage).instanceType("t3.small"));
        shop.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(Shop.GROUP)
                .launchConfigurationName("web-lc-hotfix"));
        rollout.abort("stop");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-hotfix");
        assertThat(result.message()).contains("no longer names this rollout's configuration, so the revert left it")
                .endsWith("Group 'web' is on web-lc-hotfix (not a configuration this rollout wrote or found)");
    }

    private void lease(String value) {
        shop.autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId(Shop.GROUP)
                .resourceType("auto-scaling-group").key(GroupLease.TAG).value(value).propagateAtLaunch(false).build()));
    }

    @Test
    void aRolloutRefusedWhileTakingTheLeaseDoesNotBlockTheNextOne() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutRequest request = shop.request().build();
        shop.server.faults().add(new io.jenkins.plugins.amifactory.simulator.Faults.Rule(
                "autoscaling:CreateOrUpdateTags", io.jenkins.plugins.amifactory.simulator.Faults.Kind.ACCESS_DENIED,
                1, 1.0, Duration.ZERO));
        RolloutResult refused = shop.run(request);
        assertThat(refused.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(refused.message()).contains("AccessDenied");

        RolloutResult next = shop.run(shop.request().build());
        assertThat(next.status()).as(next.message()).isEqualTo(RolloutStatus.SUCCEEDED);
    }
}
