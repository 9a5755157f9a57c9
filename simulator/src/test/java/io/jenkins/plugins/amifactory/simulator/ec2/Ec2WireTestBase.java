package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.Scenario;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A fresh simulator per test, the real SDK client on it, and the steps EC2 tests share. */
abstract class Ec2WireTestBase {

    static final String REGION = SimulatorKit.REGION;

    SimulatorKit sim;
    Ec2Client ec2;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = SimulatorKit.start();
        ec2 = sim.ec2;
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    /** Reads or changes the region's world directly, under the world's lock. */
    <T> T inWorld(Function<Ec2World, T> action) {
        return sim.world.call(() -> action.apply(sim.world.ec2(REGION)));
    }

    <T> T inScenario(Function<Scenario, T> action) {
        return sim.readScenario(action);
    }

    List<String> unhealthyImageIds() {
        return inScenario(s -> List.copyOf(s.unhealthyImageIds));
    }

    Instant impairedUntil(String instanceId) {
        return inWorld(w -> w.instance(instanceId).impairedUntil);
    }

    boolean isImpairedNow(String instanceId) {
        return inWorld(w -> w.instance(instanceId).isImpaired(sim.world.clock().now()));
    }

    String baseImage(int rootSizeGiB) {
        return sim.baseImage("al2023-base-" + rootSizeGiB, rootSizeGiB);
    }

    /** Launches one instance from a base image, adjusted by {@code request}, and lets it boot. */
    String runningInstance(Consumer<RunInstancesRequest.Builder> request) {
        String ami = baseImage(8);
        String id = ec2.runInstances(r -> request.accept(r.imageId(ami).instanceType("t3.micro")
                .minCount(1).maxCount(1))).instances().get(0).instanceId();
        sim.advance(inScenario(s -> s.instanceBootTime));
        return id;
    }

    String runningInstance() {
        return runningInstance(r -> { });
    }

    Image describeImage(String imageId) {
        return ec2.describeImages(r -> r.imageIds(imageId)).images().get(0);
    }

    /** Makes an image of a fresh instance and lets it become available. */
    String availableImage(String name) {
        String imageId = ec2.createImage(r -> r.instanceId(runningInstance()).name(name).noReboot(true)).imageId();
        sim.advance(inScenario(s -> s.imageTime(8)));
        return imageId;
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** The AWS error {@code call} fails with, after checking it is a client error with {@code code}. */
    static AwsServiceException assertAwsError(ThrowingCallable call, String code) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected AWS error " + code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isBetween(400, 499);
        return e;
    }

    static void assertDryRun(ThrowingCallable call) {
        AwsServiceException e = assertAwsError(call, "DryRunOperation");
        assertThat(e.statusCode()).isEqualTo(412);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Request would have succeeded, but DryRun flag is set.");
    }
}
