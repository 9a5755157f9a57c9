package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abort in every phase, and resume from the saved state of every phase: the group ends on a known
 * configuration, nothing is orphaned, and no side effect happens twice.
 */
class AbortAndResumeTest extends ShopTest {


    @ParameterizedTest(name = "abort during {0}")
    @EnumSource(value = Phase.class, names = {"STANDBY", "IMAGE_CREATE", "IMAGE_WAIT", "CONFIG_WRITE", "GROUP_UPDATE",
            "REFRESH_START", "REFRESH_WAIT"})
    void abortInAnyPhaseLeavesTheGroupAsItWasAndNothingBehind(Phase phase) throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        String source = shop.sourceInstance();
        Rollout rollout = Rollout.start(shop.request().reboot(phase == Phase.STANDBY).build(), shop.world.now(),
                RolloutListener.NONE);
        shop.stepUntil(rollout, phase);
        rollout.abort("user pressed stop");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(result.message()).startsWith("Aborted (user pressed stop) during " + phase.label())
                .endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(shop.group().instances()).noneMatch(i -> i.lifecycleStateAsString().contains("Standby"));
        if (phase.compareTo(Phase.REFRESH_WAIT) < 0) {
            // Before the Refresh, nothing may replace the source; during it, the Refresh itself replaces it.
            assertThat(shop.group().instances()).anyMatch(i -> i.instanceId().equals(source));
        }
        assertThat(shop.autoScaling.describeLaunchConfigurations().launchConfigurations())
                .extracting(lc -> lc.launchConfigurationName()).containsExactly("web-lc-1");
        // Every Image this rollout made is either deregistered or kept on purpose, and said so.
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("image"))
                .allSatisfy(e -> assertThat(e.fate()).matches("deregistered|kept.*"));
        assertThat(result.ledger()).noneMatch(e -> e.fate().startsWith("left behind"));
        if (result.refreshId() != null) {
            assertThat(shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP))
                    .instanceRefreshes()).allSatisfy(r -> assertThat(r.statusAsString()).isIn("Cancelled", "Successful"));
        }
    }

    @ParameterizedTest(name = "abort a template rollout during {0}")
    @EnumSource(value = Phase.class, names = {"REFRESH_START", "REFRESH_WAIT"})
    void abortingATemplateRolloutPutsTheGroupBackOnTheAliasItNamed(Phase phase) throws IOException {
        shop = Shop.onLaunchTemplate(3, "$Latest");
        String before = shop.imagesOfGroupInstances().get(0);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, phase);
        rollout.abort(null);
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(result.message()).doesNotContain("could not");
        assertThat(shop.group().launchTemplate().version()).isEqualTo("$Latest");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(before);
        assertThat(shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP))
                .instanceRefreshes()).allSatisfy(r -> assertThat(r.statusAsString())
                        .isIn("Cancelled", "RollbackSuccessful"));
        assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                .launchTemplateVersions()).as("the new version is gone").hasSize(1);
    }

    @Test
    void aRefreshSomeoneElseStartsMidRolloutFailsItAndTheGroupGoesBack() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_START);
        shop.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(Shop.GROUP));
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).as("not a refusal: things had changed already").isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).contains("by someone else")
                .endsWith("Group 'web' is on web-lt:1 (its previous configuration)");
        assertThat(shop.group().launchTemplate().version()).isEqualTo("1");
        assertThat(shop.calls("autoscaling", "CancelInstanceRefresh")).as("someone else's refresh is left alone").isZero();
        assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                .launchTemplateVersions()).as("the unused new version is removed").hasSize(1);
    }

    @Test
    void rebootPutsTheSourceInStandbyAndAlwaysReturnsIt() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        String source = shop.sourceInstance();
        RolloutResult result = shop.run(shop.request().reboot(true).refresh(false).build());

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(result.ledger()).contains(new LedgerEntry("standby", source, "returned to service"));
        var member = shop.group().instances().stream().filter(i -> i.instanceId().equals(source)).findFirst();
        assertThat(member).as("the rebooted source was not replaced").isPresent();
        assertThat(member.get().lifecycleStateAsString()).isEqualTo("InService");
        assertThat(shop.group().desiredCapacity()).isEqualTo(3);
    }

    @ParameterizedTest(name = "resume from the state saved in {0}")
    @EnumSource(value = Phase.class, names = {"IMAGE_CREATE", "IMAGE_WAIT", "CONFIG_WRITE", "GROUP_UPDATE",
            "REFRESH_START", "REFRESH_WAIT", "CLEANUP"})
    void aRestartedRolloutContinuesWithoutRepeatingAnything(Phase phase) throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        RolloutRequest request = shop.request().build();
        Rollout first = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(first, phase);

        Rollout resumed = Rollout.resume(request, Shop.roundTrip(first.state()), RolloutListener.NONE);
        RolloutResult result = shop.finish(resumed);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertSingleSideEffects(result);
    }

    /**
     * The hard case: the controller dies after AWS accepted a call but before the new state was saved.
     * The resumed rollout runs the same phase again from the older state, and must find what the lost
     * step created instead of creating it twice.
     */
    @ParameterizedTest(name = "crash right after the call of {0}")
    @EnumSource(value = Phase.class, names = {"IMAGE_CREATE", "CONFIG_WRITE", "GROUP_UPDATE", "REFRESH_START"})
    void aCallWhoseResultWasNeverSavedIsNotMadeTwice(Phase phase) throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        RolloutRequest request = shop.request().build();
        Rollout first = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(first, phase);
        RolloutState savedBeforeTheCall = Shop.roundTrip(first.state());
        shop.step(first);
        assertThat(first.state().phase()).as("the step made its call and moved on").isNotEqualTo(phase);

        Rollout resumed = Rollout.resume(request, savedBeforeTheCall, RolloutListener.NONE);
        RolloutResult result = shop.finish(resumed);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertSingleSideEffects(result);
    }

    @Test
    void aRevertInterruptedAfterItsRollbackCallFinishesWithoutAskingTwice() throws IOException {
        shop = Shop.onLaunchTemplate(3, "1");
        String before = shop.imagesOfGroupInstances().get(0);
        RolloutRequest request = shop.request().build();
        Rollout first = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(first, Phase.REFRESH_WAIT);
        shop.step(first);
        first.abort("stop");
        RolloutState savedBeforeTheCall = Shop.roundTrip(first.state());
        shop.step(first);
        assertThat(shop.calls("autoscaling", "RollbackInstanceRefresh")).isEqualTo(1);

        RolloutResult result = shop.finish(Rollout.resume(request, savedBeforeTheCall, RolloutListener.NONE));
        assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(shop.calls("autoscaling", "RollbackInstanceRefresh")).isEqualTo(1);
        assertThat(shop.group().launchTemplate().version()).isEqualTo("1");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(before);
    }

    @Test
    void aRestartedTemplateRolloutDoesNotWriteASecondVersion() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        RolloutRequest request = shop.request().build();
        Rollout first = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(first, Phase.CONFIG_WRITE);
        RolloutState saved = Shop.roundTrip(first.state());
        shop.step(first);
        RolloutResult result = shop.finish(Rollout.resume(request, saved, RolloutListener.NONE));

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                .launchTemplateVersions()).hasSize(2);
        assertThat(shop.group().launchTemplate().version()).isEqualTo("2");
    }

    private void assertSingleSideEffects(RolloutResult result) {
        assertThat(shop.calls("ec2", "CreateImage")).as("images").isEqualTo(1);
        assertThat(shop.calls("autoscaling", "CreateLaunchConfiguration")).as("launch configurations").isEqualTo(1);
        assertThat(shop.calls("autoscaling", "StartInstanceRefresh")).as("refreshes").isEqualTo(1);
        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images()).hasSize(1);
        assertThat(shop.group().launchConfigurationName()).isEqualTo(result.launchConfiguration());
        List<String> images = shop.imagesOfGroupInstances();
        assertThat(images).containsOnly(result.imageId());
    }
}
