package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.net.URI;
import java.time.Duration;

/**
 * The EC2 and Auto Scaling clients one rollout step uses. Callers build them per step from fresh
 * credentials (so short sessions and assumed roles keep working through long rollouts) and close them
 * after. The HTTP client is left to the SDK's discovery, which inside Jenkins finds the one the
 * aws-java-sdk2 plugins provide.
 */
public final class AwsClients implements AutoCloseable {

    /** Prefix of the User-Agent, so AWS-side logs show who called. */
    public static final String USER_AGENT_PREFIX = "ami-factory";

    /** How long one call may take before the rollout counts it as unanswered and tries again later. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;

    public AwsClients(Ec2Client ec2, AutoScalingClient autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
    }

    /**
     * Clients for {@code region} with {@code credentials}, talking to {@code endpoint} instead of AWS when
     * it is not null. The SDK does not retry: a retry inside the SDK sleeps on the caller's thread, while
     * the rollout backs off between steps without holding one, and reconciles a call whose answer was lost.
     */
    public static AwsClients create(String region, AwsCredentialsProvider credentials, URI endpoint) {
        return create(region, credentials, endpoint, CALL_TIMEOUT);
    }

    /** The same, with a different limit on how long one call may take (tests of slow answers use a short one). */
    public static AwsClients create(String region, AwsCredentialsProvider credentials, URI endpoint,
                                    Duration callTimeout) {
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(callTimeout)
                .putAdvancedOption(software.amazon.awssdk.core.client.config.SdkAdvancedClientOption.USER_AGENT_PREFIX,
                        USER_AGENT_PREFIX)
                .build();
        var ec2 = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(overrides);
        var autoScaling = AutoScalingClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(overrides);
        if (endpoint != null) {
            ec2.endpointOverride(endpoint);
            autoScaling.endpointOverride(endpoint);
        }
        return new AwsClients(ec2.build(), autoScaling.build());
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
    }
}
