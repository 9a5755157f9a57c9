package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rollout that fails or runs out of time leaves the group on a known configuration and nothing orphaned. */
class FailureAndTimeoutTest extends ShopTest {


    @Test
    void anUnhealthyImageFailsTheRefreshAndTheGroupGoesBackToItsLaunchConfiguration() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofMinutes(20);
        });
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message())
                .contains("Instance refresh " + result.refreshId())
                .contains("ended Failed")
                .contains("Last scaling activities: [")
                .doesNotContain("..").doesNotContain(";.")
                .endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(shop.autoScaling.describeLaunchConfigurations(r -> r.launchConfigurationNames(result.launchConfiguration()))
                .launchConfigurations()).as("the unused launch configuration is removed").isEmpty();
        assertThat(result.ledger()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("launch configuration");
            assertThat(e.fate()).isEqualTo("deleted");
        });
        assertThat(result.ledger()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("image");
            assertThat(e.fate()).startsWith("kept");
        });
    }

    @Test
    void anUnhealthyImageOnATemplateIsRolledBackByAws() throws IOException {
        shop = Shop.onLaunchTemplate(3, "$Latest");
        String before = shop.imagesOfGroupInstances().get(0);
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofMinutes(20);
        });
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).contains("RollbackSuccessful");
        assertThat(result.ledger()).contains(new LedgerEntry("instance refresh", result.refreshId(), "rolled back"));
        assertThat(shop.group().launchTemplate().version()).as("back on the alias it named").isEqualTo("$Latest");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(before);
        assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                .launchTemplateVersions()).as("the new version is deleted").hasSize(1);
    }

    @Test
    void aFailedRolloutMakesTheOldVersionTheDefaultAgain() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofMinutes(20);
        });
        RolloutResult result = shop.run(shop.request().setDefaultVersion(true).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(shop.ec2.describeLaunchTemplates(r -> r.launchTemplateIds(shop.templateId)).launchTemplates().get(0)
                .defaultVersionNumber()).isEqualTo(1L);
        assertThat(shop.calls("ec2", "ModifyLaunchTemplate")).isEqualTo(2);
    }

    @Test
    void anImageThatNeverBecomesAvailableTimesOutAndIsRemovedWithItsSnapshots() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.imageBaseTime = Duration.ofHours(3));
        RolloutResult result = shop.run(shop.request().imageTimeout(Duration.ofMinutes(10)).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(result.message()).contains("was not available after 10 min (imageTimeoutMinutes)");
        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images())
                .noneMatch(i -> i.imageId().equals(result.imageId()) && !"deregistered".equals(i.stateAsString()));
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("snapshot")).hasSize(2)
                .allSatisfy(e -> assertThat(e.fate()).isEqualTo("deleted"));
        assertThat(shop.calls("autoscaling", "CreateLaunchConfiguration")).isZero();
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void aFailedImageFailsTheRolloutBeforeAnyConfigurationIsWritten() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.failNextImages = 1);
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).contains("Image " + result.imageId() + " is failed");
        assertThat(result.ledger()).anySatisfy(e -> assertThat(e.fate()).isEqualTo("deregistered"));
        assertThat(shop.calls("autoscaling", "CreateLaunchConfiguration")).isZero();
    }

    @Test
    void aFailedImageThatNoLongerListsItsSnapshotsStillTakesThemAlong() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.failNextImages = 1);
        Rollout rollout = Rollout.start(shop.request().build(), shop.world.now(), null);
        shop.stepUntil(rollout, Phase.IMAGE_WAIT);
        shop.step(rollout);
        List<String> recorded = List.copyOf(rollout.result().snapshotIds());
        assertThat(recorded).as("recorded while the Image was pending").hasSize(2);
        // A failed Image may be described without its block device mappings: only the rollout's record is left.
        String imageId = rollout.result().imageId();
        shop.world.call(() -> {
            shop.world.ec2(Shop.REGION).image(imageId).blockDeviceMappings.clear();
            return null;
        });
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("snapshot"))
                .extracting(LedgerEntry::toString).containsExactlyInAnyOrder(
                        "snapshot " + recorded.get(0) + ": deleted", "snapshot " + recorded.get(1) + ": deleted");
        assertThat(shop.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots())
                .noneMatch(snap -> recorded.contains(snap.snapshotId()));
    }

    @ParameterizedTest(name = "on timeout: {0}")
    @EnumSource(StopAction.class)
    void aRefreshThatOutlivesItsTimeoutGetsTheChosenOutcome(StopAction outcome) throws IOException {
        shop = Shop.onLaunchTemplate(3, "1");
        String before = shop.imagesOfGroupInstances().get(0);
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofHours(5);
        });
        RolloutResult result = shop.run(shop.request().rolloutTimeout(Duration.ofMinutes(15)).onTimeout(outcome)
                .autoRollback(false).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(result.message()).contains("did not finish within 15 min (rolloutTimeoutMinutes)");
        var refresh = shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP)
                .instanceRefreshIds(result.refreshId())).instanceRefreshes().get(0);
        switch (outcome) {
            case ROLLBACK -> {
                assertThat(refresh.statusAsString()).isEqualTo("RollbackSuccessful");
                assertThat(shop.imagesOfGroupInstances()).containsOnly(before);
                assertThat(shop.group().launchTemplate().version()).isEqualTo("1");
            }
            case CANCEL -> {
                assertThat(refresh.statusAsString()).isEqualTo("Cancelled");
                assertThat(shop.group().launchTemplate().version()).isEqualTo("1");
            }
            case LEAVE -> {
                assertThat(refresh.statusAsString()).isIn("InProgress", "Pending");
                assertThat(result.ledger()).anySatisfy(e -> assertThat(e.kind()).isEqualTo("launch template version"));
            }
        }
    }

    @Test
    void theOverallTimeoutBoundsTheWholeRollout() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.imageBaseTime = Duration.ofMinutes(54));
        RolloutResult result = shop.run(shop.request().imageTimeout(Duration.ofMinutes(55))
                .timeout(Duration.ofMinutes(55)).rolloutTimeout(Duration.ofMinutes(60)).build());
        assertThat(result.status()).isEqualTo(RolloutStatus.TIMED_OUT);
        assertThat(result.message()).contains("(timeoutMinutes), during refresh wait");
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP)
                .instanceRefreshIds(result.refreshId())).instanceRefreshes().get(0).statusAsString()).isEqualTo("Cancelled");
    }
}
