package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instance refreshes gated by CloudWatch alarms, through the real SDK: the AlarmSpecification as sent and described,
 * AWS's limits on it, and an alarm that fires mid-refresh, which rolls back a launch template group with
 * AutoRollback and fails a launch configuration group.
 */
class RefreshAlarmTest extends RefreshTestBase {

    private static final String ALARM = "web-5xx-errors";

    private String templateId;

    @BeforeEach
    void template() {
        templateId = asg.templateWithTwoVersions("web", v1, v2);
    }

    /** Group {@code web} on launch template version 1, every instance InService. */
    private void templateGroup(int desired) {
        asg.templateGroup("web", templateId, "1", desired);
    }

    private String refreshTo(String version, Consumer<RefreshPreferences.Builder> preferences) {
        return asg.refreshToTemplate("web", templateId, version, preferences);
    }

    private boolean finished(String id) {
        return asg.finished("web", id);
    }

    private List<InstanceRefreshStatus> statusesUntilFinished(String id) {
        return asg.statusesUntilFinished("web", id, STEP, Duration.ofMinutes(40));
    }

    private List<String> versions() {
        return asg.templateVersions("web");
    }

    private static String name(int length, char c) {
        return String.valueOf(c).repeat(length);
    }

    @Test
    void theAlarmSpecificationIsTakenAsTheSdkSendsItAndDescribedBack() {
        templateGroup(1);
        String watched = refreshTo("2", p -> p.minHealthyPercentage(0)
                .alarmSpecification(a -> a.alarms(ALARM, "web-latency-p99")));

        assertThat(asg.refresh("web", watched).preferences().alarmSpecification().alarms())
                .containsExactly(ALARM, "web-latency-p99");
        asg.advanceUntil(STEP, Duration.ofMinutes(10), () -> finished(watched));
        assertThat(asg.refresh("web", watched).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);

        String unwatched = refreshTo("1", p -> p.minHealthyPercentage(0));
        assertThat(asg.refresh("web", unwatched).preferences().alarmSpecification()).isNull();
    }

    @Test
    void anAlarmFiringMidRefreshRollsBackALaunchTemplateGroupWithAutoRollback() {
        templateGroup(4);
        String id = refreshTo("2", p -> p.minHealthyPercentage(75).autoRollback(true)
                .alarmSpecification(a -> a.alarms(ALARM)));
        asg.advanceUntil(STEP, Duration.ofMinutes(10), () -> asg.refresh("web", id).percentageComplete() >= 25);
        assertThat(versions()).contains("2");

        sim.alarm(ALARM, Alarms.State.ALARM);

        InstanceRefresh rollingBack = asg.refresh("web", id);
        assertThat(rollingBack.status()).isEqualTo(InstanceRefreshStatus.ROLLBACK_IN_PROGRESS);
        assertThat(rollingBack.statusReason()).contains(ALARM).contains("ALARM state");
        assertThat(rollingBack.rollbackDetails().rollbackReason()).contains(ALARM);
        assertThat(rollingBack.rollbackDetails().percentageCompleteOnRollback()).isGreaterThanOrEqualTo(25);
        assertThat(statusesUntilFinished(id)).containsExactly(InstanceRefreshStatus.ROLLBACK_IN_PROGRESS,
                InstanceRefreshStatus.ROLLBACK_SUCCESSFUL);
        assertThat(versions()).containsOnly("1").hasSize(4);
        assertThat(asg.describe("web").launchTemplate().version()).isEqualTo("1");
    }

    @Test
    void anAlarmFiringMidRefreshFailsALaunchConfigurationGroupWhichKeepsItsNewConfiguration() {
        asg.runningGroup("web", v1, 4);
        asg.launchConfiguration("web-v2", v2);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web-v2"));
        String id = sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName("web")
                .preferences(p -> p.minHealthyPercentage(75).alarmSpecification(a -> a.alarms(ALARM))))
                .instanceRefreshId();
        sim.alarm(ALARM, Alarms.State.ALARM, Duration.ofSeconds(90));

        List<InstanceRefreshStatus> seen = statusesUntilFinished(id);

        InstanceRefresh failed = asg.refresh("web", id);
        assertThat(seen).containsExactly(InstanceRefreshStatus.PENDING, InstanceRefreshStatus.IN_PROGRESS,
                InstanceRefreshStatus.FAILED);
        assertThat(failed.statusReason())
                .isEqualTo("Instance refresh failed: CloudWatch alarm " + ALARM + " is in the ALARM state.");
        assertThat(failed.endTime()).isEqualTo(SimulatorKit.START.plus(Duration.ofMinutes(2)).plusSeconds(90));
        assertThat(failed.rollbackDetails()).isNull();
        assertThat(failed.percentageComplete()).isBetween(1, 99);
        assertThat(asg.describe("web").launchConfigurationName()).isEqualTo("web-v2");
        assertThat(asg.inService("web")).extracting(Instance::launchConfigurationName).contains("web-v1");
    }

    @Test
    void anAlarmDuringTheBakeTimeRollsBackWhatTheRefreshReplaced() {
        templateGroup(2);
        String id = refreshTo("2", p -> p.minHealthyPercentage(50).bakeTime(3600).autoRollback(true)
                .alarmSpecification(a -> a.alarms("canary", ALARM)));
        asg.advanceUntil(STEP, Duration.ofMinutes(20),
                () -> asg.refresh("web", id).status() == InstanceRefreshStatus.BAKING);
        assertThat(versions()).containsOnly("2");

        sim.alarm("canary", Alarms.State.ALARM);
        sim.alarm(ALARM, Alarms.State.ALARM);

        assertThat(asg.refresh("web", id).statusReason()).contains("canary");
        assertThat(statusesUntilFinished(id)).containsExactly(InstanceRefreshStatus.ROLLBACK_IN_PROGRESS,
                InstanceRefreshStatus.ROLLBACK_SUCCESSFUL);
        assertThat(versions()).containsOnly("1").hasSize(2);
    }

    @Test
    void onlyTheWatchedAlarmsOfTheGroupsRegionStopARefreshAndOnlyWhileItMovesForward() {
        templateGroup(2);
        sim.world.run(() -> sim.world.alarms("eu-west-1").set(ALARM, Alarms.State.ALARM));
        sim.alarm("unwatched", Alarms.State.ALARM);
        sim.alarm(ALARM, Alarms.State.ALARM);
        sim.alarm(ALARM, Alarms.State.OK);
        String id = refreshTo("2", p -> p.minHealthyPercentage(50).alarmSpecification(a -> a.alarms(ALARM)));

        assertThat(statusesUntilFinished(id)).endsWith(InstanceRefreshStatus.SUCCESSFUL);
        sim.alarm(ALARM, Alarms.State.ALARM);
        sim.advance(Duration.ofMinutes(1));
        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.SUCCESSFUL);
        assertThat(versions()).containsOnly("2");
    }

    @Test
    void anAlarmAlreadyFiringFailsTheRefreshAsSoonAsItStarts() {
        templateGroup(2);
        sim.alarm(ALARM, Alarms.State.ALARM);
        String id = refreshTo("2", p -> p.minHealthyPercentage(50).alarmSpecification(a -> a.alarms(ALARM)));

        sim.advance(InstanceRefreshRun.START_DELAY);

        assertThat(asg.refresh("web", id).status()).isEqualTo(InstanceRefreshStatus.FAILED);
        assertThat(versions()).containsOnly("1").hasSize(2);
    }

    @Test
    void atMostTenAlarmsOfOneTo255CharactersAreTaken() {
        templateGroup(1);
        List<String> eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> "alarm-" + i).toList();

        assertAwsError(() -> refreshTo("2", p -> p.alarmSpecification(a -> a.alarms(eleven))), "ValidationError",
                "up to 10 alarms");
        assertAwsError(() -> refreshTo("2", p -> p.alarmSpecification(a -> a.alarms(ALARM, ""))), "ValidationError",
                "preferences.alarmSpecification.alarms.member.2");
        assertAwsError(() -> refreshTo("2", p -> p.alarmSpecification(a -> a.alarms(name(256, 'x')))),
                "ValidationError", "less than or equal to 255");
        assertThat(sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web"))
                .instanceRefreshes()).isEmpty();

        List<String> ten = IntStream.rangeClosed(1, 10).mapToObj(i -> name(255, (char) ('a' + i))).toList();
        String id = refreshTo("2", p -> p.alarmSpecification(a -> a.alarms(ten)));
        assertThat(asg.refresh("web", id).preferences().alarmSpecification().alarms()).isEqualTo(ten);
    }
}
