package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch-configuration path end to end, through the real SDK against the simulator. */
class LaunchConfigurationRolloutTest extends ShopTest {


    @Test
    void rollsTheNewImageOutToEveryInstance() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        String source = shop.sourceInstance();
        List<Phase> phases = new ArrayList<>();
        RolloutResult result = shop.run(shop.request().callerReference("https://ci.example/job/deploy/42/").build(),
                new RolloutListener() {
                    @Override
                    public void phaseStarted(Phase phase, String detail) {
                        phases.add(phase);
                    }
                });

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(phases).containsExactly(Phase.IMAGE_CREATE, Phase.IMAGE_WAIT, Phase.CONFIG_WRITE,
                Phase.GROUP_UPDATE, Phase.REFRESH_START, Phase.REFRESH_WAIT, Phase.CLEANUP);
        Image image = shop.ec2.describeImages(r -> r.imageIds(result.imageId())).images().get(0);
        assertThat(image.stateAsString()).isEqualTo("available");
        assertThat(image.tags()).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo(Rollout.TAG_CREATED_BY);
            assertThat(t.value()).isEqualTo("https://ci.example/job/deploy/42/");
        });
        assertThat(image.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value())
                .isEqualTo(Rollout.TAG_SOURCE_INSTANCE + "=" + source));
        assertThat(result.snapshotIds()).hasSize(2);
        var snapshots = shop.ec2.describeSnapshots(r -> r.snapshotIds(result.snapshotIds())).snapshots();
        assertThat(snapshots).allSatisfy(s -> assertThat(s.tags())
                .anySatisfy(t -> assertThat(t.key()).isEqualTo(Rollout.TAG_GROUP)));

        assertThat(shop.group().launchConfigurationName()).isEqualTo(result.launchConfiguration());
        assertThat(shop.imagesOfGroupInstances()).hasSize(3).containsOnly(result.imageId());
        assertThat(result.refreshStatus()).isEqualTo("Successful");
        assertThat(result.previousConfiguration()).isEqualTo("web-lc-1");
        assertThat(result.ledger()).extracting(LedgerEntry::kind)
                .contains("image", "snapshot", "launch configuration", "instance refresh", "group");
        assertThat(result.ledger()).filteredOn(e -> !e.kind().equals("group") && !e.kind().equals("instance refresh"))
                .allSatisfy(e -> assertThat(e.fate()).isEqualTo("in use"));
        assertThat(shop.calls("ec2", "CreateImage")).isEqualTo(1);
        assertThat(shop.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(1);
    }

    @Test
    void theNewLaunchConfigurationCopiesEveryFieldAndRedeclaresTheDisks() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult result = shop.run(shop.request().build());
        assertThat(result.succeeded()).as(result.message()).isTrue();

        LaunchConfiguration before = shop.autoScaling.describeLaunchConfigurations(r -> r
                .launchConfigurationNames("web-lc-1")).launchConfigurations().get(0);
        LaunchConfiguration after = shop.autoScaling.describeLaunchConfigurations(r -> r
                .launchConfigurationNames(result.launchConfiguration())).launchConfigurations().get(0);
        assertThat(after.userData()).as("user data byte for byte").isEqualTo(Shop.USER_DATA).isEqualTo(before.userData());
        assertThat(after).usingRecursiveComparison()
                .ignoringFields("launchConfigurationName", "launchConfigurationARN", "imageId", "blockDeviceMappings",
                        "createdTime")
                .isEqualTo(before);
        Image image = shop.ec2.describeImages(r -> r.imageIds(result.imageId())).images().get(0);
        assertThat(after.imageId()).isEqualTo(image.imageId());
        assertThat(after.blockDeviceMappings()).hasSize(2).allSatisfy(m -> {
            var fromImage = image.blockDeviceMappings().stream()
                    .filter(i -> i.deviceName().equals(m.deviceName())).findFirst().orElseThrow();
            assertThat(m.ebs().snapshotId()).isEqualTo(fromImage.ebs().snapshotId());
            assertThat(m.ebs().volumeSize()).isEqualTo(fromImage.ebs().volumeSize());
            assertThat(m.ebs().volumeType()).isEqualTo(fromImage.ebs().volumeTypeAsString());
        });
    }
}
