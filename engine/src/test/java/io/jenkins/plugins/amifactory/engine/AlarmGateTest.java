package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudWatch alarms gate a Refresh: an alarm going into ALARM mid-Refresh makes AWS roll a launch template
 * group back, and fails the Refresh of a launch configuration group, which the rollout then reverts itself.
 */
class AlarmGateTest extends ShopTest {

    private RolloutResult runFiringMidRefresh(RolloutRequest request) {
        Rollout rollout = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        shop.stepUntil(rollout, Phase.REFRESH_WAIT);
        shop.kit().alarm("web-5xx", Alarms.State.ALARM);
        return shop.finish(rollout);
    }

    @Test
    void anAlarmFiringRollsATemplateGroupBackThroughAws() throws IOException {
        shop = Shop.onLaunchTemplate(3, "1");
        List<String> before = shop.imagesOfGroupInstances();
        RolloutResult result = runFiringMidRefresh(shop.request().alarms(List.of("web-5xx", "web-latency")).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.refreshStatus()).isEqualTo("RollbackSuccessful");
        assertThat(result.message()).contains("web-5xx");
        assertThat(shop.imagesOfGroupInstances()).containsExactlyInAnyOrderElementsOf(before);
        var refresh = shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP))
                .instanceRefreshes().get(0);
        assertThat(refresh.preferences().alarmSpecification().alarms()).containsExactly("web-5xx", "web-latency");
    }

    @Test
    void anAlarmFiringFailsALaunchConfigurationRefreshAndTheRolloutPutsTheInstancesBack() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        List<String> before = shop.imagesOfGroupInstances();
        RolloutResult result = runFiringMidRefresh(shop.request().alarms(List.of("web-5xx")).build());

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.message()).contains("web-5xx").endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
        // The Refresh back is not watched by the alarm that is still firing: it must be able to finish.
        assertThat(shop.imagesOfGroupInstances()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(shop.group().launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void alarmsAreCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1")
                .alarms(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")).build())
                .hasMessageStartingWith("alarms: 11 alarms are more than AWS takes (10)");
        assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1")
                .alarms(List.of(" ")).build()).hasMessageStartingWith("alarms: '' is not a CloudWatch alarm name");
        assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0").region("us-east-1")
                .refresh(false).alarms(List.of("web-5xx")).build()).hasMessageStartingWith("alarms: ");
    }
}
