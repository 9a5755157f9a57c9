package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input is refused before anything changes in AWS; a plan changes nothing at all. */
class PreflightAndPlanTest extends ShopTest {


    private RolloutResult refused(UnaryOperator<RolloutRequestBuilder> change, String field) {
        RolloutResult result = shop.run(change.apply(shop.request()).build());
        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(result.message()).startsWith(field + ": ");
        assertThat(shop.mutatingCalls()).as("nothing changed in AWS").isZero();
        return result;
    }

    @Test
    void unknownGroupAndInstancesAreRefusedByName() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        assertThat(refused(b -> b.asg("no-such-group"), "asg").message())
                .contains("there is no Auto Scaling group 'no-such-group' in us-east-1");
        assertThat(refused(b -> b.instance("i-0123456789abcdef0"), "instance").message())
                .contains("there is no instance i-0123456789abcdef0 in us-east-1");
    }

    @Test
    void aTerminatedInstanceIsRefused() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        String source = shop.sourceInstance();
        shop.ec2.terminateInstances(r -> r.instanceIds(source));
        shop.server.faults().resetCounters();
        assertThat(shop.run(RolloutRequest.builder(Shop.GROUP, source).region(Shop.REGION)
                .endpoint(shop.server.endpoint()).build()).message())
                .startsWith("instance: instance " + source + " is ").contains("terminated");
        assertThat(shop.mutatingCalls()).isZero();
    }

    @Test
    void aRefreshAlreadyRunningIsRefused() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(Shop.GROUP));
        shop.server.faults().resetCounters();
        assertThat(refused(b -> b, "asg").message()).contains("is already").contains("wait for it to finish or cancel it");
    }

    @Test
    void optionsTheGroupCannotHonourAreRefused() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        refused(b -> b.autoRollback(true), "autoRollback");
        refused(b -> b.skipMatching(true), "skipMatching");
        shop.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(Shop.GROUP).minSize(2));
        shop.server.faults().resetCounters();
        assertThat(refused(b -> b.reboot(true), "reboot").message()).contains("minimum size");
        assertThat(refused(b -> b.imageName("{group}+{yyyy}"), "imageName").message()).contains("not a valid AMI name");
    }

    @Test
    void aTemplateGroupRefusesTheLaunchConfigurationStrategy() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        refused(b -> b.strategy(Strategy.LAUNCH_CONFIGURATION), "strategy");
    }

    @Test
    void aTemplateVersionThatNoLongerExistsIsRefused() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        shop.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(shop.templateId).sourceVersion("1")
                .launchTemplateData(d -> d.instanceType("t3.small")));
        shop.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(Shop.GROUP).launchTemplate(t -> t
                .launchTemplateId(shop.templateId).version("2")));
        shop.ec2.deleteLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId).versions("2"));
        shop.server.faults().resetCounters();
        assertThat(refused(b -> b, "asg").message()).contains("uses version 2 of launch template")
                .contains("which does not exist");
    }

    @Test
    void anAccountWithoutLaunchConfigurationsIsToldHowToMoveOn() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.launchConfigurationsDisabled = true);
        RolloutResult result = shop.run(shop.request().build());
        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).contains("can no longer create launch configurations")
                .contains("strategy: launchTemplate").endsWith("Group 'web' is on web-lc-1 (its previous configuration)");

        RolloutResult moved = shop.run(shop.request().strategy(Strategy.LAUNCH_TEMPLATE).build());
        assertThat(moved.status()).as(moved.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.group().launchTemplate().launchTemplateId()).isEqualTo(moved.launchTemplateId());
    }

    @Test
    void anImageNameTakenBySomethingElseIsRefused() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.ec2.createImage(r -> r.instanceId(shop.sourceInstance()).name("web-fixed").noReboot(true));
        shop.server.faults().resetCounters();
        assertThat(refused(b -> b.imageName("web-fixed"), "imageName").message()).contains("already exists");
    }

    @Test
    void aPlanShowsTheFieldByFieldDiffAndChangesNothing() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        RolloutResult result = shop.run(shop.request().planOnly(true).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.PLANNED);
        assertThat(shop.mutatingCalls()).isZero();
        assertThat(shop.calls("ec2", "CreateImage" + io.jenkins.plugins.amifactory.simulator.Faults.DRY_RUN)).isEqualTo(1);
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).startsWith("Image: create 'web-").contains("2 EBS volumes"));
        assertThat(result.plan()).contains("Permission check: CreateImage allowed");
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).startsWith("  ImageId: " + shop.baseImage + " -> (new Image)"));
        // One line per device, in words, as a diff reads; never an SDK object's toString().
        assertThat(result.plan()).containsSubsequence("  BlockDeviceMappings:",
                "    /dev/xvda  8 GiB gp3, deleted with the instance  ->  8 GiB gp3 from the new Image's snapshot, "
                        + "3000 IOPS, 125 MB/s, deleted with the instance",
                "    /dev/sdf  20 GiB gp3, deleted with the instance  ->  20 GiB gp3 from the new Image's snapshot, "
                        + "deleted with the instance");
        assertThat(result.plan()).noneMatch(l -> l.contains("BlockDeviceMapping(") || l.contains("Ebs("));
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).startsWith("  kept as they are: ")
                .contains("UserData", "KeyName", "SecurityGroups", "MetadataOptions"));
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).startsWith("Instance refresh: Rolling over 3 instances"));
        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
    }

    @Test
    void aTemplatePlanSaysWhatTheNewVersionInherits() throws IOException {
        shop = Shop.onLaunchTemplate(2, "$Default");
        RolloutResult result = shop.run(shop.request().planOnly(true).build());
        assertThat(result.status()).isEqualTo(RolloutStatus.PLANNED);
        assertThat(shop.mutatingCalls()).isZero();
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).contains("new version from version 1 ($Default)"));
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).contains("auto rollback on"));
        assertThat(result.plan()).noneMatch(l -> l.contains("-> (none)"));
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).isEqualTo("    /dev/xvda  8 GiB gp3, deleted with the "
                + "instance  ->  8 GiB gp3 from the new Image's snapshot, 3000 IOPS, 125 MB/s, deleted with the instance"));
        assertThat(result.plan()).noneMatch(l -> l.contains("LaunchTemplateBlockDeviceMapping"));
        assertThat(result.plan()).anySatisfy(l -> assertThat(l).startsWith("  kept as they are: ")
                .contains("InstanceType", "KeyName", "UserData", "MetadataOptions"));
    }
}
