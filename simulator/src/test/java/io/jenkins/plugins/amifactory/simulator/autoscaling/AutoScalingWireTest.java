package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Auto Scaling protocol at the edges: injected faults, raw malformed requests, unknown actions. */
class AutoScalingWireTest {

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

    private HttpResponse<String> post(String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.server.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Version=2011-01-01&" + form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void injectedFaultsHitOnlyTheirActionAndLeaveTheWorldUnchanged() {
        asg.runningGroup("web", asg.image("base"), 1);
        sim.server.faults().add(new Faults.Rule("autoscaling:StartInstanceRefresh", Faults.Kind.THROTTLE, 1, 1,
                Duration.ZERO));
        sim.server.faults().add(new Faults.Rule("DescribeInstanceRefreshes", Faults.Kind.INTERNAL_ERROR, 1, 1,
                Duration.ZERO));

        assertAwsError(() -> sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName("web")),
                "Throttling", "Rate exceeded");
        assertThatThrownBy(() -> sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                });
        assertThat(sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName("web"))
                .instanceRefreshes()).isEmpty();
        assertThat(sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName("web")).instanceRefreshId())
                .isNotBlank();
        assertThat(sim.server.faults().count("autoscaling", "StartInstanceRefresh")).isEqualTo(2);
    }

    @Test
    void malformedAndMissingParametersAreValidationErrorsNotServerErrors() throws Exception {
        HttpResponse<String> notANumber = post("Action=CreateAutoScalingGroup&AutoScalingGroupName=web"
                + "&LaunchConfigurationName=lc&MinSize=one&MaxSize=2&AvailabilityZones.member.1=us-east-1a");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("<Code>ValidationError</Code>").contains("MinSize")
                .contains("<Type>Sender</Type>");

        HttpResponse<String> missing = post("Action=CreateAutoScalingGroup&AutoScalingGroupName=web&MinSize=1");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("<Code>ValidationError</Code>")
                .contains("Value null at &apos;maxSize&apos;");

        HttpResponse<String> notABoolean = post("Action=EnterStandby&AutoScalingGroupName=web"
                + "&InstanceIds.member.1=i-0123456789abcdef0&ShouldDecrementDesiredCapacity=maybe");
        assertThat(notABoolean.statusCode()).isEqualTo(400);
        assertThat(notABoolean.body()).contains("ShouldDecrementDesiredCapacity");

        HttpResponse<String> badEnum = post("Action=StartInstanceRefresh&AutoScalingGroupName=web"
                + "&Preferences.StandbyInstances=Sometimes");
        assertThat(badEnum.statusCode()).isEqualTo(400);
        assertThat(badEnum.body()).contains("preferences.standbyInstances");

        HttpResponse<String> unknown = post("Action=DescribeWarmPool&AutoScalingGroupName=web");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");

        assertAwsError(() -> sim.autoScaling.enterStandby(r -> r.autoScalingGroupName("web")
                .shouldDecrementDesiredCapacity(true)), "ValidationError", "instanceIds");
        assertAwsError(() -> sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName("web")
                .desiredConfiguration(d -> d.launchTemplate(t -> t.version("1")))), "ValidationError",
                "launchTemplateName");
    }

    @Test
    void actionsWithoutOutputAnswerWithoutAResultElement() throws Exception {
        String ami = asg.image("base");
        HttpResponse<String> created = post("Action=CreateLaunchConfiguration&LaunchConfigurationName=lc&ImageId="
                + ami + "&InstanceType=t3.micro");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("<CreateLaunchConfigurationResponse")
                .doesNotContain("CreateLaunchConfigurationResult").contains("<RequestId>");
    }
}
