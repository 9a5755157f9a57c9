package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What one client can make the simulator hold is bounded: a body of at most 1 MiB, refused from its
 * announced length before it is read, and at most 16 calls at work at once, the next one answered 503 at
 * once instead of waiting in a queue that grows without end.
 */
class ServerBoundsTest {

    private static final int MAX_BODY = 1 << 20;
    private static final int CALLS_AT_ONCE = 16;
    private static final String CREATE_TEMPLATE = "Action=CreateLaunchTemplate&Version=2016-11-15"
            + "&LaunchTemplateName=web&LaunchTemplateData.InstanceType=t3.micro";

    private SimulatorKit sim;
    private String host;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        host = "Host: 127.0.0.1:" + sim.endpoint().getPort();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** {@link #CREATE_TEMPLATE} padded with a parameter no action reads, to exactly {@code length} bytes. */
    private static byte[] padded(int length) {
        String head = CREATE_TEMPLATE + "&Padding=";
        return (head + "a".repeat(length - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private int templates() {
        return sim.ec2.describeLaunchTemplates().launchTemplates().size();
    }

    @Test
    void aBodyAnnouncedLargerThanAMebibyteIsRefusedBeforeAByteOfItIsSent() throws IOException {
        for (String path : List.of("/", "/_simulator/scenario")) {
            RawHttp.Answer answer = RawHttp.send(sim.endpoint(), "POST " + path + " HTTP/1.1", new byte[0], host,
                    "Content-Type: application/x-www-form-urlencoded", "X-Ami-Factory-Admin: 1",
                    "Content-Length: " + (MAX_BODY + 1));

            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(413);
            assertThat(answer.body()).contains("1048576");
        }
    }

    @Test
    void aChunkedBodyIsCutOffAtAMebibyte() throws IOException {
        byte[] data = padded(MAX_BODY + 1);
        byte[] chunked = (Integer.toHexString(data.length) + "\r\n" + new String(data, StandardCharsets.US_ASCII)
                + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Answer answer = RawHttp.send(sim.endpoint(), "POST / HTTP/1.1", chunked, host,
                "Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked");

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(templates()).isZero();
    }

    @Test
    void aBodyOfExactlyAMebibyteIsServed() throws IOException {
        byte[] data = padded(MAX_BODY);

        RawHttp.Answer answer = RawHttp.send(sim.endpoint(), "POST / HTTP/1.1", data, host,
                "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + data.length);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(templates()).isOne();
    }

    @Test
    void callsBeyondSixteenAtOnceAreAnswered503InsteadOfQueued() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLS_AT_ONCE);
        List<Future<DescribeImagesResponse>> inFlight = new ArrayList<>();
        try {
            // Holding the world's lock keeps every call that got a worker at work until the lock is let go,
            // so the pool is full for as long as the test needs, whatever the machine's speed.
            sim.world.run(() -> {
                for (int i = 0; i < CALLS_AT_ONCE; i++) {
                    inFlight.add(callers.submit(() -> sim.ec2.describeImages()));
                }
                awaitCounted("DescribeImages", CALLS_AT_ONCE);

                AwsServiceException busy = catchThrowableOfType(AwsServiceException.class,
                        () -> sim.ec2.describeInstances());

                assertThat(busy).as("the call past the limit").isNotNull();
                assertThat(busy.statusCode()).isEqualTo(503);
                assertThat(busy.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
                assertThat(busy.awsErrorDetails().errorMessage()).contains("16");
                assertThat(sim.calls("ec2", "DescribeInstances")).as("a refused call never reaches the world").isZero();
            });
            for (Future<DescribeImagesResponse> call : inFlight) {
                assertThat(call.get(20, TimeUnit.SECONDS).images()).isEmpty();
            }
            assertThat(sim.ec2.describeInstances().reservations()).as("a free worker serves again").isEmpty();
        } finally {
            callers.shutdownNow();
        }
    }

    /** Waits (at most 20 s, then fails) until {@code count} calls of {@code action} reached the simulator. */
    private void awaitCounted(String action, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sim.calls("ec2", action) < count) {
            assertThat(System.nanoTime()).as("calls of " + action + " counted: " + sim.calls("ec2", action))
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
