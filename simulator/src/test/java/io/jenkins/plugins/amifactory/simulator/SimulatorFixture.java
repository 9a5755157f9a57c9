package io.jenkins.plugins.amifactory.simulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.IOException;
import java.time.Duration;

/**
 * A running simulator and real SDK v2 clients pointed at it. Retries are off unless asked for, so that a
 * test sees exactly the error the simulator answered.
 */
public final class SimulatorFixture implements AutoCloseable {

    public final SimulatorServer server;
    public final World world;
    public final Ec2Client ec2;
    public final AutoScalingClient autoScaling;

    private SimulatorFixture(boolean retries) throws IOException {
        server = SimulatorServer.startForTests();
        world = server.world();
        ec2 = ec2(Region.US_EAST_1, retries);
        autoScaling = AutoScalingClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(overrides(retries))
                .build();
    }

    public static SimulatorFixture start() throws IOException {
        return new SimulatorFixture(false);
    }

    public static SimulatorFixture startWithRetries() throws IOException {
        return new SimulatorFixture(true);
    }

    /** An EC2 client for another region of the same simulator. */
    public Ec2Client ec2(Region region, boolean retries) {
        return Ec2Client.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(overrides(retries))
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR", "simulator-secret"));
    }

    private static ClientOverrideConfiguration overrides(boolean retries) {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(20));
        if (retries) {
            b.retryStrategy(RetryMode.STANDARD);
        } else {
            b.retryStrategy(s -> s.maxAttempts(1));
        }
        return b.build();
    }

    /** Moves simulated time forward. */
    public void advance(Duration by) {
        world.advance(by);
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        server.close();
    }
}
