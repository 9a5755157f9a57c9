package io.jenkins.plugins.amifactory.simulator.autoscaling;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.REGION;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups on launch templates and mixed instances policies, and the refresh features only they have: skip
 * matching, a desired configuration applied on success, manual and automatic rollback.
 */
class LaunchTemplateRefreshTest extends RefreshTestBase {

    private String templateId;

    @BeforeEach
    void template() {
        templateId = asg.templateWithTwoVersions("web", v1, v2);
    }

    @Test
    void instancesGetTheTemplatesInstanceTagsAndGroupTagsWin() {
        sim.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(templateId).sourceVersion("1")
                .launchTemplateData(d -> d.tagSpecifications(t -> t.resourceType("instance").tags(
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key("team").value("web").build(),
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key("env").value("from-template").build()))));
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(templateId).version("3"))
                .minSize(0).maxSize(2).desiredCapacity(1).availabilityZones("us-east-1a")
                .tags(software.amazon.awssdk.services.autoscaling.model.Tag.builder().key("env").value("prod")
                        .propagateAtLaunch(true).build()));
        sim.advance(Duration.ofMinutes(2));
        String id = sim.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().get(0).instances().get(0).instanceId();
        var tags = sim.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).tags();
        assertThat(tags).extracting(t -> t.key() + "=" + t.value())
                .contains("team=web", "env=prod", "aws:autoscaling:groupName=web");
    }

    @Test
    void aGroupNamesItsTemplateByIdAndByNameWhicheverWasGiven() {
        group("1", 1);
        var byId = sim.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().get(0).launchTemplate();
        assertThat(byId.launchTemplateId()).isEqualTo(templateId);
        assertThat(byId.launchTemplateName()).isEqualTo("web");
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateName("web").version("2")));
        var byName = sim.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().get(0).launchTemplate();
        assertThat(byName.launchTemplateId()).isEqualTo(templateId);
        assertThat(byName.version()).isEqualTo("2");
    }

    private void group(String version, int desired) {
        asg.templateGroup("web", templateId, version, desired);
    }

    private String refreshTo(String version, Consumer<RefreshPreferences.Builder> preferences) {
        return asg.refreshToTemplate("web", templateId, version, preferences);
    }

    private boolean finished(String id) {
        return asg.finished("web", id);
    }

    private List<String> versions() {
        return asg.templateVersions("web");
    }

    private String imageOf(String instanceId) {
        return sim.world.call(() -> sim.world.ec2(REGION).instance(instanceId).imageId());
    }

    @Test
    void aGroupOnLaunchTemplateLatestLaunchesTheVersionItResolvesTo() {
        group("1", 1);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(templateId).version("$Latest")).desiredCapacity(2));

        AutoScalingGroup group = asg.describe("web");
        assertThat(group.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(group.instances()).extracting(i -> i.launchTemplate().version())
                .containsExactlyInAnyOrder("1", "2");
        assertThat(group.instances()).allSatisfy(i -> {
            assertThat(i.launchTemplate().launchTemplateId()).isEqualTo(templateId);
            assertThat(i.instanceType()).isEqualTo("t3.small");
            assertThat(imageOf(i.instanceId())).isEqualTo("1".equals(i.launchTemplate().version()) ? v1 : v2);
        });
    }

    @Test
    void skipMatchingReplacesOnlyInstancesNotOnTheDesiredConfiguration() {
        group("1", 2);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(templateId).version("2")).desiredCapacity(4));
        sim.advance(Duration.ofMinutes(2));
        List<String> alreadyOnV2 = asg.instances("web").stream()
                .filter(i -> "2".equals(i.launchTemplate().version())).map(Instance::instanceId).toList();
        assertThat(alreadyOnV2).hasSize(2);

        String id = refreshTo("2", p -> p.skipMatching(true).minHealthyPercentage(50));
        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> finished(id));

        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(versions()).containsOnly("2").hasSize(4);
        assertThat(asg.instances("web")).extracting(Instance::instanceId).containsAll(alreadyOnV2);
        List<Activity> refreshTerminations = sim.autoScaling.describeScalingActivities(r -> r
                .autoScalingGroupName("web")).activities().stream()
                .filter(a -> a.cause().contains("instance refresh")).toList();
        assertThat(refreshTerminations).hasSize(2);
    }

    @Test
    void theDesiredConfigurationIsAppliedToTheGroupOnlyWhenTheRefreshSucceeds() {
        group("1", 2);
        String id = refreshTo("2", p -> p.minHealthyPercentage(50));

        sim.advance(Duration.ofSeconds(30));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.IN_PROGRESS);
        assertThat(asg.refresh("web", id).desiredConfiguration().launchTemplate().version()).isEqualTo("2");
        assertThat(asg.describe("web").launchTemplate().version()).isEqualTo("1");

        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> finished(id));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(asg.describe("web").launchTemplate().version()).isEqualTo("2");
        assertThat(versions()).containsOnly("2").hasSize(2);
    }

    @Test
    void autoRollbackRestoresThePreviousVersionWhenReplacementsNeverBecomeHealthy() {
        sim.world.run(() -> {
            sim.world.scenario().unhealthyImageIds.add(v2);
            sim.world.scenario().refreshStallTimeout = Duration.ofMinutes(15);
        });
        group("1", 2);
        String id = refreshTo("2", p -> p.minHealthyPercentage(50).autoRollback(true));

        List<InstanceRefreshStatus> seen = asg.statusesUntilFinished("web", id, STEP, Duration.ofMinutes(40));

        InstanceRefresh done = asg.refresh("web", id);
        assertThat(seen).containsSubsequence(InstanceRefreshStatus.IN_PROGRESS,
                InstanceRefreshStatus.ROLLBACK_IN_PROGRESS, InstanceRefreshStatus.ROLLBACK_SUCCESSFUL);
        assertThat(done.statusReason()).contains(v2);
        assertThat(done.rollbackDetails().rollbackReason()).isNotBlank();
        assertThat(done.rollbackDetails().rollbackStartTime()).isAfter(done.startTime());
        assertThat(asg.describe("web").launchTemplate().version()).isEqualTo("1");
        assertThat(asg.inService("web")).hasSize(2)
                .allSatisfy(i -> assertThat(i.launchTemplate().version()).isEqualTo("1"));
    }

    @Test
    void aManualRollbackUndoesTheReplacementsMadeSoFar() {
        group("1", 4);
        String id = refreshTo("2", p -> p.minHealthyPercentage(75));
        asg.advanceUntil(STEP, Duration.ofMinutes(10), () -> asg.refresh("web", id).percentageComplete() >= 25);

        assertThat(sim.autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName("web")).instanceRefreshId())
                .isEqualTo(id);
        InstanceRefresh rollingBack = asg.refresh("web", id);
        assertThat(rollingBack.status()).isEqualTo(InstanceRefreshStatus.ROLLBACK_IN_PROGRESS);
        assertThat(rollingBack.rollbackDetails().percentageCompleteOnRollback()).isGreaterThanOrEqualTo(25);
        asg.advanceUntil(STEP, Duration.ofMinutes(20), () -> finished(id));

        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.ROLLBACK_SUCCESSFUL);
        assertThat(versions()).containsOnly("1").hasSize(4);
        assertThat(asg.describe("web").launchTemplate().version()).isEqualTo("1");
        assertAwsError(() -> sim.autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "ActiveInstanceRefreshNotFound", "web");
    }

    @Test
    void rollbackNeedsTheGroupOnANumberedVersion() {
        group("$Latest", 1);
        assertAwsError(() -> refreshTo("2", p -> p.autoRollback(true)), "ValidationError", "$Latest");
        refreshTo("2", p -> p.minHealthyPercentage(0));
        assertAwsError(() -> sim.autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "IrreversibleInstanceRefresh", "$Latest");
    }

    @Test
    void theLaunchSourceCannotChangeWhileARefreshWithADesiredConfigurationRuns() {
        group("1", 1);
        refreshTo("2", p -> p.minHealthyPercentage(0));
        assertAwsError(() -> sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(templateId).version("2"))), "ValidationError",
                "active instance refresh with a desired configuration");
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").maxSize(5));
    }

    @Test
    void aMixedInstancesPolicyLaunchesItsFirstOverrideAndIsDescribedWithDefaults() {
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web").minSize(1).maxSize(2)
                .availabilityZones("us-east-1a")
                .mixedInstancesPolicy(m -> m.launchTemplate(lt -> lt
                        .launchTemplateSpecification(s -> s.launchTemplateName("web").version("1"))
                        .overrides(LaunchTemplateOverrides.builder().instanceType("c5.large").build(),
                                LaunchTemplateOverrides.builder().instanceType("m5.large").build()))));

        Instance instance = asg.instances("web").get(0);
        assertThat(instance.instanceType()).isEqualTo("c5.large");
        assertThat(sim.world.call(() -> sim.world.ec2(REGION).instance(instance.instanceId()).spec.instanceType()))
                .isEqualTo("c5.large");
        var policy = asg.describe("web").mixedInstancesPolicy();
        assertThat(policy.launchTemplate().overrides()).extracting(LaunchTemplateOverrides::instanceType)
                .containsExactly("c5.large", "m5.large");
        assertThat(policy.instancesDistribution().onDemandPercentageAboveBaseCapacity()).isEqualTo(100);
    }

    @Test
    void anUnknownLaunchTemplateIsAValidationError() {
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId("lt-0123456789abcdef0")).minSize(1).maxSize(1)
                .availabilityZones("us-east-1a")), "ValidationError", "valid fully-formed launch template");
    }
}
