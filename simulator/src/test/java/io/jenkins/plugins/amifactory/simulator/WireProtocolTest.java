package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol layer as the real SDK sees it: answers, error codes, injected faults, the admin endpoint. */
class WireProtocolTest {

    private SimulatorKit sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String baseImage() {
        return sim.baseImage("al2023-base", 8);
    }

    @Test
    void runAndDescribeInstancesRoundTripThroughTheSdk() {
        String ami = baseImage();
        RunInstancesResponse run = sim.ec2.runInstances(r -> r.imageId(ami).instanceType("t3.micro")
                .minCount(2).maxCount(2).keyName("ops"));
        assertThat(run.instances()).hasSize(2);
        assertThat(run.instances().get(0).state().name()).isEqualTo(InstanceStateName.PENDING);
        String id = run.instances().get(0).instanceId();

        sim.advance(Duration.ofMinutes(1));
        var described = sim.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
        assertThat(described.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(described.imageId()).isEqualTo(ami);
        assertThat(described.keyName()).isEqualTo("ops");
        assertThat(described.blockDeviceMappings()).singleElement()
                .satisfies(b -> assertThat(b.ebs().volumeId()).startsWith("vol-"));
    }

    @Test
    void unknownAndMalformedIdsGetEc2ErrorCodes() {
        assertThatThrownBy(() -> sim.ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")))
                .isInstanceOf(Ec2Exception.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidInstanceID.NotFound"));
        assertThatThrownBy(() -> sim.ec2.describeInstances(r -> r.instanceIds("web-1")))
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidInstanceID.Malformed"));
    }

    @Test
    void missingParameterIsAClientErrorNotAServerError() {
        assertThatThrownBy(() -> sim.ec2.runInstances(r -> r.minCount(1).maxCount(1)))
                .satisfies(e -> {
                    AwsServiceException ex = (AwsServiceException) e;
                    assertThat(ex.statusCode()).isEqualTo(400);
                    assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
                    assertThat(ex.getMessage()).contains("ImageId");
                });
    }

    @Test
    void injectedThrottlingUsesEachServicesCodeAndCountsTheCall() {
        sim.server.faults().add(new Faults.Rule("*", Faults.Kind.THROTTLE, 2, 1, Duration.ZERO));
        assertThatThrownBy(() -> sim.ec2.describeInstances())
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("RequestLimitExceeded"));
        assertThatThrownBy(() -> sim.autoScaling.describeAutoScalingGroups())
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("Throttling"));
        DescribeAutoScalingGroupsResponse ok = sim.autoScaling.describeAutoScalingGroups();
        assertThat(ok.autoScalingGroups()).isEmpty();
        assertThat(sim.server.faults().count("autoscaling", "DescribeAutoScalingGroups")).isEqualTo(2);
        assertThat(sim.server.faults().count("ec2", "DescribeInstances")).isEqualTo(1);
    }

    @Test
    void sdkRetriesThroughTransientFaults() throws IOException {
        try (SimulatorKit retrying = SimulatorKit.builder().sdkRetries().start()) {
            retrying.server.faults().add(new Faults.Rule("DescribeInstances", Faults.Kind.UNAVAILABLE, 1, 1, Duration.ZERO));
            retrying.server.faults().add(new Faults.Rule("DescribeInstances", Faults.Kind.DROP, 1, 1, Duration.ZERO));
            assertThat(retrying.ec2.describeInstances().reservations()).isEmpty();
            assertThat(retrying.server.faults().count("ec2", "DescribeInstances")).isEqualTo(3);
        }
    }

    @Test
    void adminEndpointChangesKnobsAndRefusesGetForChanges() throws Exception {
        HttpResponse<String> post = sim.admin("/scenario", "imageBaseSeconds=5&failNextImages=2");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("\"imageBaseSeconds\":5").contains("\"failNextImages\":2");
        assertThat(sim.world.call(() -> sim.world.scenario().failNextImages)).isEqualTo(2);

        HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                sim.server.endpoint().resolve("/_simulator/faults")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        HttpResponse<String> bad = sim.admin("/scenario", "imageSeconds=5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown scenario knob 'imageSeconds'");
    }

    @Test
    void adminEndpointRegistersBaseImagesAndAdvancesTheClock() {
        HttpResponse<String> image = sim.admin("/base-image", "name=ubuntu-base&sizeGiB=12");
        assertThat(image.statusCode()).isEqualTo(200);
        String id = image.body().replaceAll("(?s).*\"imageId\":\"(ami-[0-9a-f]+)\".*", "$1");
        var described = sim.ec2.describeImages(r -> r.imageIds(id)).images().get(0);
        assertThat(described.name()).isEqualTo("ubuntu-base");
        assertThat(described.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(12);
        assertThat(sim.ec2.runInstances(r -> r.imageId(id).minCount(1).maxCount(1)).instances()).hasSize(1);

        java.time.Instant before = sim.world.now();
        HttpResponse<String> advance = sim.admin("/clock/advance", "seconds=90");
        assertThat(advance.statusCode()).isEqualTo(200);
        assertThat(java.time.Duration.between(before, sim.world.now())).isEqualTo(java.time.Duration.ofSeconds(90));
    }

    @Test
    void adminEndpointMovesTheClockAMonthAtMostPerCall() {
        java.time.Instant before = sim.world.now();

        HttpResponse<String> tooFar = sim.admin("/clock/advance", "seconds=2678401");
        HttpResponse<String> overflow = sim.admin("/clock/advance", "seconds=9223372036854775807");

        assertThat(tooFar.statusCode()).isEqualTo(400);
        assertThat(tooFar.body()).contains("'seconds' must be at most 2678400");
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(sim.world.now()).isEqualTo(before);
    }

    @Test
    void regionsAreSeparateWorlds() {
        String ami = baseImage();
        sim.ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1));
        try (var west = sim.ec2(software.amazon.awssdk.regions.Region.EU_WEST_1)) {
            assertThat(west.describeInstances().reservations()).isEmpty();
        }
        assertThat(sim.ec2.describeInstances().reservations()).hasSize(1);
    }
}
