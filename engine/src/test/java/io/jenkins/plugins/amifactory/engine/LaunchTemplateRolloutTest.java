package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch-template path: a new numbered version from the group's current one, pointed at through the Refresh. */
class LaunchTemplateRolloutTest extends ShopTest {


    @ParameterizedTest(name = "group on version {0}")
    @ValueSource(strings = {"$Latest", "$Default", "1"})
    void writesTheNextVersionAndPointsTheGroupAtItsNumber(String groupVersion) throws IOException {
        shop = Shop.onLaunchTemplate(3, groupVersion);
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(result.launchTemplateId()).isEqualTo(shop.templateId);
        assertThat(result.launchTemplateVersion()).isEqualTo(2L);
        assertThat(result.previousConfiguration()).isEqualTo("web-lt:" + groupVersion);
        LaunchTemplateSpecification spec = shop.group().launchTemplate();
        assertThat(spec.version()).as("the group names the number, never an alias").isEqualTo("2");
        assertThat(shop.imagesOfGroupInstances()).hasSize(3).containsOnly(result.imageId());

        LaunchTemplateVersion v1 = version("1");
        LaunchTemplateVersion v2 = version("2");
        assertThat(v2.launchTemplateData().imageId()).isEqualTo(result.imageId());
        assertThat(v2.launchTemplateData().userData()).isEqualTo(Shop.USER_DATA).isEqualTo(v1.launchTemplateData().userData());
        assertThat(v2.launchTemplateData()).usingRecursiveComparison().ignoringFields("imageId", "blockDeviceMappings")
                .isEqualTo(v1.launchTemplateData());
        Image image = shop.ec2.describeImages(r -> r.imageIds(result.imageId())).images().get(0);
        assertThat(v2.launchTemplateData().blockDeviceMappings()).hasSize(2).allSatisfy(m -> {
            String fromImage = image.blockDeviceMappings().stream().filter(i -> i.deviceName().equals(m.deviceName()))
                    .findFirst().orElseThrow().ebs().snapshotId();
            assertThat(m.ebs().snapshotId()).isEqualTo(fromImage);
        });
        assertThat(versionOf("$Default").versionNumber()).as("the default moves only when asked").isEqualTo(1L);
    }

    @Test
    void movesTheDefaultVersionWhenAsked() throws IOException {
        shop = Shop.onLaunchTemplate(2, "$Default");
        RolloutResult result = shop.run(shop.request().setDefaultVersion(true).build());
        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(versionOf("$Default").versionNumber()).isEqualTo(2L);
    }

    @Test
    void mixedInstancesGroupsKeepTheirOverridesAndDistribution() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        shop.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(Shop.GROUP).mixedInstancesPolicy(
                MixedInstancesPolicy.builder()
                        .launchTemplate(LaunchTemplate.builder()
                                .launchTemplateSpecification(LaunchTemplateSpecification.builder()
                                        .launchTemplateId(shop.templateId).version("1").build())
                                .overrides(LaunchTemplateOverrides.builder().instanceType("t3.micro").build(),
                                        LaunchTemplateOverrides.builder().instanceType("t3a.micro").build())
                                .build())
                        .instancesDistribution(InstancesDistribution.builder().onDemandBaseCapacity(1).build())
                        .build()));
        shop.settle();
        RolloutResult result = shop.run(shop.request().build());

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        MixedInstancesPolicy after = shop.group().mixedInstancesPolicy();
        assertThat(after.launchTemplate().launchTemplateSpecification().version()).isEqualTo("2");
        assertThat(after.launchTemplate().overrides()).extracting(LaunchTemplateOverrides::instanceType)
                .containsExactly("t3.micro", "t3a.micro");
        assertThat(after.instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    @Test
    void movesALaunchConfigurationGroupToATemplateWhenAsked() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult result = shop.run(shop.request().strategy(Strategy.LAUNCH_TEMPLATE).build());

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        var group = shop.group();
        assertThat(group.launchConfigurationName()).isNull();
        assertThat(group.launchTemplate().launchTemplateId()).isEqualTo(result.launchTemplateId());
        var data = shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(result.launchTemplateId())
                .versions("1")).launchTemplateVersions().get(0).launchTemplateData();
        assertThat(data.imageId()).isEqualTo(result.imageId());
        assertThat(data.userData()).isEqualTo(Shop.USER_DATA);
        assertThat(data.keyName()).isEqualTo("ops");
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    private LaunchTemplateVersion version(String v) {
        return shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId).versions(v))
                .launchTemplateVersions().get(0);
    }

    private LaunchTemplateVersion versionOf(String alias) {
        return version(alias);
    }
}
