package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ec2.LaunchSpec;
import io.jenkins.plugins.amifactory.simulator.ec2.Volume;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.BlockDeviceMapping;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceMetadataHttpTokensState;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.REGION;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups through the real SDK: creation and capacity, what instances inherit, health replacement (the
 * "Auto Scaling terminates rebooted instances" trap), Standby, protection, and scaling activities.
 */
class AutoScalingGroupTest {

    private SimulatorKit sim;
    private AsgTestSupport asg;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        asg = new AsgTestSupport(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Ec2World ec2() {
        return sim.world.ec2(REGION);
    }

    @Test
    void aNewGroupLaunchesItsDesiredCapacityWhichGoesInServiceAfterTheHealthyTime() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        asg.group("web", "web-v1", 3);

        AutoScalingGroup group = asg.describe("web");
        assertThat(group.desiredCapacity()).isEqualTo(3);
        assertThat(group.autoScalingGroupARN()).endsWith(":autoScalingGroupName/web");
        assertThat(group.instances()).hasSize(3).allSatisfy(i -> {
            assertThat(i.lifecycleState()).isEqualTo(LifecycleState.PENDING);
            assertThat(i.launchConfigurationName()).isEqualTo("web-v1");
            assertThat(i.instanceType()).isEqualTo("t3.micro");
        });
        assertThat(group.instances()).extracting(Instance::availabilityZone)
                .contains("us-east-1a", "us-east-1b");

        Duration healthy = sim.world.call(() -> sim.world.scenario().instanceHealthyTime);
        sim.advance(healthy.minusSeconds(1));
        assertThat(asg.inService("web")).isEmpty();
        sim.advance(Duration.ofSeconds(1));
        assertThat(asg.inService("web")).hasSize(3);
    }

    @Test
    void instancesInheritTheLaunchConfigurationAndThePropagatedTags() {
        String ami = asg.image("base");
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("web-v1").imageId(ami)
                .instanceType("c5.large").keyName("ops").securityGroups("sg-0123456789abcdef0")
                .iamInstanceProfile("web-profile").userData("ZWNobyBoaQ==")
                .metadataOptions(m -> m.httpTokens(InstanceMetadataHttpTokensState.REQUIRED).httpPutResponseHopLimit(1))
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
                        .ebs(e -> e.volumeSize(40).volumeType("gp3")).build()));
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web-v1")
                .minSize(1).maxSize(2).availabilityZones("us-east-1c")
                .tags(Tag.builder().key("team").value("payments").propagateAtLaunch(true).build(),
                        Tag.builder().key("cost-center").value("42").propagateAtLaunch(false).build()));

        String id = asg.instances("web").get(0).instanceId();
        Reservation reservation = sim.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0);
        software.amazon.awssdk.services.ec2.model.Instance described = reservation.instances().get(0);
        assertThat(described.imageId()).isEqualTo(ami);
        assertThat(described.instanceType().toString()).isEqualTo("c5.large");
        assertThat(described.keyName()).isEqualTo("ops");
        assertThat(described.placement().availabilityZone()).isEqualTo("us-east-1c");
        Map<String, String> tags = described.tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertThat(tags).containsEntry("team", "payments").containsEntry("aws:autoscaling:groupName", "web")
                .doesNotContainKey("cost-center");

        LaunchSpec spec = sim.world.call(() -> ec2().instance(id).spec);
        assertThat(spec.securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(spec.iamInstanceProfile()).isEqualTo("web-profile");
        assertThat(spec.userData()).isEqualTo("ZWNobyBoaQ==");
        assertThat(spec.metadataOptions().httpTokens()).isEqualTo("required");
        int rootSize = sim.world.call(() -> {
            String volumeId = ec2().instance(id).blockDevices.get(0).volumeId();
            Volume v = ec2().volume(volumeId);
            return v.sizeGiB;
        });
        assertThat(rootSize).isEqualTo(40);

        assertThat(asg.describe("web").tags()).extracting(t -> t.key() + "=" + t.value() + "/" + t.propagateAtLaunch())
                .containsExactlyInAnyOrder("team=payments/true", "cost-center=42/false");
    }

    @Test
    void groupNamesAreUniqueAndUnknownNamesAreValidationErrors() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        asg.group("web", "web-v1", 1);

        assertAwsError(() -> asg.group("web", "web-v1", 1), "AlreadyExists", "web");
        assertAwsError(() -> asg.group("api", "api-v1", 1), "ValidationError",
                "Launch configuration name not found - A launch configuration with the name: api-v1 does not exist");
        assertAwsError(() -> sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("nope").maxSize(3)),
                "ValidationError", "AutoScalingGroup name not found - AutoScalingGroup nope not found");
        assertAwsError(() -> sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("nope")),
                "ValidationError", "AutoScalingGroup name not found");
        assertThat(sim.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("nope"))
                .autoScalingGroups()).isEmpty();
    }

    @Test
    void sizesAndLaunchSourcesAreValidated() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchConfigurationName("web-v1").minSize(1).maxSize(2).desiredCapacity(3)
                .availabilityZones("us-east-1a")), "ValidationError", "Desired capacity:3");
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchConfigurationName("web-v1").minSize(3).maxSize(2).availabilityZones("us-east-1a")),
                "ValidationError", "Max bound, 2, must be greater than or equal to min bound, 3");
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .minSize(1).maxSize(2).availabilityZones("us-east-1a")), "ValidationError", "LaunchConfigurationName");
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchConfigurationName("web-v1").minSize(1).maxSize(2)), "ValidationError", "Availability Zone");
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchConfigurationName("web-v1").minSize(1).maxSize(2).availabilityZones("mars-1a")),
                "ValidationError", "mars-1a");
        assertAwsError(() -> sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchConfigurationName("web-v1").minSize(1).maxSize(2).availabilityZones("us-east-1a")
                .tags(Tag.builder().key("aws:reserved").value("x").build())), "ValidationError", "aws:");
        assertThat(sim.autoScaling.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
    }

    @Test
    void describeGroupsPagesAndFilters() {
        String ami = asg.image("base");
        asg.launchConfiguration("lc", ami);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("lc")
                    .minSize(0).maxSize(1).availabilityZones("us-east-1a")
                    .tags(Tag.builder().key("tier").value(name.compareTo("c") < 0 ? "web" : "batch").build()));
        }
        assertThat(sim.autoScaling.describeAutoScalingGroupsPaginator(r -> r.maxRecords(2)).autoScalingGroups()
                .stream().map(AutoScalingGroup::autoScalingGroupName).toList())
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(sim.autoScaling.describeAutoScalingGroups(r -> r.maxRecords(2)).nextToken()).isNotNull();
        assertThat(sim.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("e", "b", "zz"))
                .autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("b", "e");
        Filter webTier = Filter.builder().name("tag:tier").values("web").build();
        assertThat(sim.autoScaling.describeAutoScalingGroups(r -> r.filters(webTier))
                .autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("a", "b");
    }

    @Test
    void describeAutoScalingInstancesTellsWhetherAnInstanceBelongsToAGroup() {
        String ami = asg.image("base");
        asg.runningGroup("web", ami, 2);
        String loose = sim.ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)).instances().get(0)
                .instanceId();
        String member = asg.instances("web").get(0).instanceId();

        List<AutoScalingInstanceDetails> found = sim.autoScaling.describeAutoScalingInstances(r -> r
                .instanceIds(member, loose)).autoScalingInstances();
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.instanceId()).isEqualTo(member);
            assertThat(d.autoScalingGroupName()).isEqualTo("web");
            assertThat(d.lifecycleState()).isEqualTo("InService");
            assertThat(d.healthStatus()).isEqualTo("HEALTHY");
            assertThat(d.launchConfigurationName()).isEqualTo("web-v1");
        });
        assertThat(sim.autoScaling.describeAutoScalingInstances().autoScalingInstances()).hasSize(2);
        assertThat(sim.autoScaling.describeAutoScalingInstancesPaginator(r -> r.maxRecords(1))
                .autoScalingInstances().stream().count()).isEqualTo(2);
    }

    @Test
    void capacityChangesScaleOutAndInButNeverTerminateProtectedInstances() {
        String ami = asg.image("base");
        asg.runningGroup("web", ami, 2);
        List<String> original = asg.instances("web").stream().map(Instance::instanceId).toList();
        sim.autoScaling.setInstanceProtection(r -> r.autoScalingGroupName("web").instanceIds(original.get(1))
                .protectedFromScaleIn(true));

        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(4));
        sim.advance(Duration.ofMinutes(2));
        assertThat(asg.inService("web")).hasSize(4);

        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(1));
        sim.advance(Duration.ofMinutes(1));
        assertThat(asg.instances("web")).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo(original.get(1));
            assertThat(i.protectedFromScaleIn()).isTrue();
        });

        // A new MinSize above the desired capacity raises it, as AWS does.
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").minSize(3));
        assertThat(asg.describe("web").desiredCapacity()).isEqualTo(3);
        assertThat(asg.instances("web")).hasSize(3);
    }

    @Test
    void switchingTheLaunchConfigurationAffectsOnlyNewInstances() {
        String v1 = asg.image("v1");
        String v2 = asg.image("v2");
        asg.runningGroup("web", v1, 1);
        asg.launchConfiguration("web-v2", v2);

        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web-v2")
                .desiredCapacity(2));
        assertThat(asg.describe("web").launchConfigurationName()).isEqualTo("web-v2");
        assertThat(asg.instances("web")).extracting(Instance::launchConfigurationName)
                .containsExactlyInAnyOrder("web-v1", "web-v2");
        Set<String> images = asg.instances("web").stream()
                .map(i -> sim.world.call(() -> ec2().instance(i.instanceId()).imageId())).collect(Collectors.toSet());
        assertThat(images).containsExactlyInAnyOrder(v1, v2);
    }

    @Test
    void anInstanceRebootedForAnImageIsReplacedUnlessItIsInStandby() {
        String ami = asg.image("base");
        asg.runningGroup("web", ami, 2);
        List<String> ids = asg.instances("web").stream().map(Instance::instanceId).toList();
        String guarded = ids.get(0);
        String exposed = ids.get(1);
        sim.autoScaling.enterStandby(r -> r.autoScalingGroupName("web").instanceIds(guarded)
                .shouldDecrementDesiredCapacity(true));

        // CreateImage without NoReboot: both instances fail their status checks for the reboot time.
        sim.world.run(() -> {
            java.time.Instant until = sim.world.now().plus(sim.world.scenario().rebootTime);
            ec2().instance(guarded).impairedUntil = until;
            ec2().instance(exposed).impairedUntil = until;
        });
        sim.advance(GroupReconciler.HEALTH_CHECK_INTERVAL);

        List<Instance> now = asg.instances("web");
        assertThat(now).filteredOn(i -> i.instanceId().equals(exposed)).singleElement()
                .satisfies(i -> assertThat(i.lifecycleState()).isEqualTo(LifecycleState.TERMINATING));
        assertThat(now).filteredOn(i -> i.instanceId().equals(guarded)).singleElement()
                .satisfies(i -> assertThat(i.lifecycleState()).isEqualTo(LifecycleState.STANDBY));
        assertThat(now).filteredOn(i -> !ids.contains(i.instanceId())).hasSize(1);
        assertThat(sim.world.call(() -> ec2().instance(exposed).state)).isEqualTo("terminated");
        assertThat(sim.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities())
                .anySatisfy(a -> {
                    assertThat(a.description()).isEqualTo("Terminating EC2 instance: " + exposed);
                    assertThat(a.cause()).contains("status checks failure");
                });

        sim.advance(Duration.ofMinutes(2));
        sim.autoScaling.exitStandby(r -> r.autoScalingGroupName("web").instanceIds(guarded));
        sim.advance(Duration.ofMinutes(1));
        assertThat(asg.inService("web")).hasSize(2).extracting(Instance::instanceId).contains(guarded)
                .doesNotContain(exposed);
    }

    @Test
    void anInstanceStoppedOrTerminatedBehindTheGroupsBackIsReplaced() {
        String ami = asg.image("base");
        asg.runningGroup("web", ami, 1);
        String victim = asg.instances("web").get(0).instanceId();

        sim.world.run(() -> ec2().terminateInstance(victim));
        sim.advance(GroupReconciler.HEALTH_CHECK_INTERVAL);

        assertThat(asg.instances("web")).anySatisfy(i -> {
            assertThat(i.instanceId()).isEqualTo(victim);
            assertThat(i.healthStatus()).isEqualTo("Unhealthy");
        });
        sim.advance(Duration.ofMinutes(2));
        assertThat(asg.inService("web")).singleElement()
                .satisfies(i -> assertThat(i.instanceId()).isNotEqualTo(victim));
    }

    @Test
    void standbyWithAndWithoutDecrementingTheDesiredCapacity() {
        String ami = asg.image("base");
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("lc").imageId(ami)
                .instanceType("t3.micro"));
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("lc")
                .minSize(1).maxSize(3).desiredCapacity(2).availabilityZones("us-east-1a"));
        sim.advance(Duration.ofMinutes(2));
        List<String> ids = asg.instances("web").stream().map(Instance::instanceId).toList();

        List<Activity> entered = sim.autoScaling.enterStandby(r -> r.autoScalingGroupName("web")
                .instanceIds(ids.get(0)).shouldDecrementDesiredCapacity(false)).activities();
        assertThat(entered).singleElement().satisfies(a ->
                assertThat(a.description()).isEqualTo("Moving EC2 instance to Standby: " + ids.get(0)));
        assertThat(asg.describe("web").desiredCapacity()).isEqualTo(2);
        assertThat(asg.instances("web")).hasSize(3);

        assertAwsError(() -> sim.autoScaling.enterStandby(r -> r.autoScalingGroupName("web").instanceIds(ids.get(0))
                .shouldDecrementDesiredCapacity(true)), "ValidationError", "not in InService");
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").maxSize(2));
        assertAwsError(() -> sim.autoScaling.exitStandby(r -> r.autoScalingGroupName("web").instanceIds(ids.get(0))),
                "ValidationError", "max-size=2");

        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(1));
        sim.advance(Duration.ofMinutes(1));
        sim.autoScaling.exitStandby(r -> r.autoScalingGroupName("web").instanceIds(ids.get(0)));
        assertThat(asg.describe("web").desiredCapacity()).isEqualTo(2);
        assertThat(asg.inService("web")).hasSize(2).extracting(Instance::instanceId).contains(ids.get(0));

        assertAwsError(() -> sim.autoScaling.enterStandby(r -> r.autoScalingGroupName("web")
                .instanceIds(ids.get(0), asg.inService("web").get(1).instanceId())
                .shouldDecrementDesiredCapacity(true)), "ValidationError", "min-size=1");
        assertAwsError(() -> sim.autoScaling.setInstanceProtection(r -> r.autoScalingGroupName("web")
                .instanceIds("i-0123456789abcdef0").protectedFromScaleIn(true)), "ValidationError",
                "is not part of Auto Scaling group web");
    }

    @Test
    void scalingActivitiesRecordEveryLaunchAndTerminationNewestFirst() {
        String ami = asg.image("base");
        asg.runningGroup("web", ami, 2);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(1));
        sim.advance(Duration.ofMinutes(1));

        List<Activity> activities = sim.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("web"))
                .activities();
        assertThat(activities).hasSize(3);
        assertThat(activities.get(0).description()).startsWith("Terminating EC2 instance: ");
        assertThat(activities.get(0).cause()).contains("changing the desired capacity from 2 to 1")
                .contains("shrinking the capacity from 2 to 1");
        assertThat(activities).extracting(Activity::startTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(activities).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(ScalingActivityStatusCode.SUCCESSFUL);
            assertThat(a.progress()).isEqualTo(100);
            assertThat(a.endTime()).isAfterOrEqualTo(a.startTime());
            assertThat(a.autoScalingGroupName()).isEqualTo("web");
        });
        assertThat(activities.subList(1, 3)).allSatisfy(a -> {
            assertThat(a.description()).startsWith("Launching a new EC2 instance: i-");
            assertThat(a.cause()).contains("a user request created an AutoScalingGroup");
        });

        DescribeScalingActivitiesResponse first = sim.autoScaling.describeScalingActivities(r -> r
                .autoScalingGroupName("web").maxRecords(2));
        assertThat(first.activities()).extracting(Activity::activityId)
                .containsExactly(activities.get(0).activityId(), activities.get(1).activityId());
        assertThat(sim.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("web")
                .nextToken(first.nextToken())).activities()).extracting(Activity::activityId)
                .containsExactly(activities.get(2).activityId());
    }

    @Test
    void aFailedLaunchIsAFailedActivity() {
        String ami = asg.image("base");
        asg.launchConfiguration("web-v1", ami);
        sim.world.run(() -> ec2().image(ami).state = "deregistered");
        asg.group("web", "web-v1", 1);

        assertThat(asg.instances("web")).isEmpty();
        assertThat(sim.autoScaling.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities())
                .first().satisfies(a -> {
                    assertThat(a.statusCode()).isEqualTo(ScalingActivityStatusCode.FAILED);
                    assertThat(a.statusMessage()).contains(ami);
                    assertThat(a.description()).contains("Launching EC2 instance failed");
                });
    }
}
