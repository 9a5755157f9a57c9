package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo shop's fleet part: worker next to web, and web in a second region on a base Image of its own. */
class DemoShopFleetTest {

    private static final String OTHER = "eu-west-1";

    @Test
    void workerAtHomeAndWebInTheSecondRegionAreInService() throws Exception {
        try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
            DemoShop.Seeded shop = sim.shop();
            DemoShop.SeededFleet fleet = DemoShop.seedFleet(sim.world, shop, OTHER);

            AutoScalingGroup worker = sim.group(fleet.workerGroup());
            assertThat(worker.launchTemplate().launchTemplateId()).isEqualTo(fleet.workerLaunchTemplateId());
            assertInService(worker, fleet.workerInstances(), 2);
            assertThat(launchedImages(sim.ec2, fleet.workerInstances())).containsOnly(shop.baseImageId());
            // The shop before is untouched: its groups keep their instances.
            assertThat(sim.group("web").instances()).hasSize(3);
            assertThat(sim.group("api").instances()).hasSize(2);

            try (Ec2Client ec2 = sim.ec2(Region.of(OTHER)); AutoScalingClient as = sim.autoScaling(Region.of(OTHER))) {
                AutoScalingGroup web = as.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                        .autoScalingGroups().get(0);
                assertThat(web.launchTemplate().launchTemplateId()).isEqualTo(fleet.otherWebLaunchTemplateId());
                assertInService(web, fleet.otherWebInstances(), 2);
                assertThat(fleet.otherBaseImageId()).isNotEqualTo(shop.baseImageId());
                assertThat(launchedImages(ec2, fleet.otherWebInstances())).containsOnly(fleet.otherBaseImageId());
                LaunchTemplateVersion v = ec2.describeLaunchTemplateVersions(r -> r
                        .launchTemplateId(fleet.otherWebLaunchTemplateId())).launchTemplateVersions().get(0);
                assertThat(v.launchTemplateData().blockDeviceMappings()).extracting(m -> m.deviceName())
                        .containsExactly("/dev/xvda", "/dev/sdf");
                // The base Image is the second region's own: the home region does not know it.
                assertThat(sim.ec2.describeImages().images())
                        .noneMatch(i -> i.imageId().equals(fleet.otherBaseImageId()));
            }
        }
    }

    @Test
    void theSecondRegionMustBeAnother() throws Exception {
        try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
            assertThatThrownBy(() -> DemoShop.seedFleet(sim.world, sim.shop(), SimulatorKit.REGION))
                    .hasMessageContaining("must differ");
        }
    }

    private static void assertInService(AutoScalingGroup group, List<String> seeded, int size) {
        assertThat(group.instances()).hasSize(size)
                .allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
        assertThat(seeded).containsExactlyInAnyOrderElementsOf(group.instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList());
    }

    private static List<String> launchedImages(Ec2Client ec2, List<String> instances) {
        return ec2.describeInstances(r -> r.instanceIds(instances)).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(i -> i.imageId()).distinct().toList();
    }
}
