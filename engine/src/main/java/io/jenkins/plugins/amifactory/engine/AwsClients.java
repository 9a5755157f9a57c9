package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The EC2 and Auto Scaling clients one rollout step uses. Callers either build them per step from fresh
 * credentials (so short sessions and assumed roles keep working through long rollouts) and close them
 * after, or lend a long-lived pair for one step ({@link #borrowed}) whose credentials provider resolves
 * fresh credentials itself. Without an HTTP client of the caller's, the SDK's discovery picks one, which
 * inside Jenkins finds the one the aws-java-sdk2 plugins provide.
 */
public final class AwsClients implements AutoCloseable {

    /** Prefix of the User-Agent, so AWS-side logs show who called. */
    public static final String USER_AGENT_PREFIX = "ami-factory";

    /** How long one call may take before the rollout counts it as unanswered and tries again later. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long one attempt may wait for its answer, for callers that share threads between rollouts: a
     * server that accepts and never answers then costs a thread this long, not {@link #CALL_TIMEOUT}.
     */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    /** What closing does: closes the clients, or for a borrowed pair gives them back. */
    private final Runnable onClose;

    public AwsClients(Ec2Client ec2, AutoScalingClient autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.onClose = () -> {
            ec2.close();
            autoScaling.close();
        };
    }

    private AwsClients(AwsClients owner, Runnable giveBack) {
        this.ec2 = owner.ec2;
        this.autoScaling = owner.autoScaling;
        AtomicBoolean given = new AtomicBoolean();
        // Once: a step that closes twice must not give back a pair another step now holds.
        this.onClose = () -> {
            if (given.compareAndSet(false, true)) {
                giveBack.run();
            }
        };
    }

    /**
     * {@code owner}'s clients for one step: closing them runs {@code giveBack} (once) instead of closing
     * the clients, which stay with their owner.
     */
    public static AwsClients borrowed(AwsClients owner, Runnable giveBack) {
        return new AwsClients(owner, giveBack);
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
        return create(region, credentials, Endpoints.of(endpoint), null, null, callTimeout);
    }

    /** Clients for {@code region} talking to each service's endpoint in {@code endpoints}. */
    public static AwsClients create(String region, AwsCredentialsProvider credentials, Endpoints endpoints) {
        return create(region, credentials, endpoints, null, null, CALL_TIMEOUT);
    }

    /**
     * The same on {@code httpClient} (null: the SDK's discovery), with a limit on each attempt (null: none
     * but the call's). A given HTTP client stays open when these clients close: its owner closes it.
     */
    public static AwsClients create(String region, AwsCredentialsProvider credentials, Endpoints endpoints,
                                    SdkHttpClient httpClient, Duration attemptTimeout, Duration callTimeout) {
        var ec2 = Ec2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(overrides(Endpoints.Service.EC2, attemptTimeout, callTimeout));
        var autoScaling = AutoScalingClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(overrides(Endpoints.Service.AUTO_SCALING, attemptTimeout, callTimeout));
        if (httpClient != null) {
            ec2.httpClient(httpClient);
            autoScaling.httpClient(httpClient);
        }
        if (endpoints.ec2() != null) {
            ec2.endpointOverride(endpoints.ec2());
        }
        if (endpoints.autoScaling() != null) {
            autoScaling.endpointOverride(endpoints.autoScaling());
        }
        return new AwsClients(ec2.build(), autoScaling.build());
    }

    private static ClientOverrideConfiguration overrides(Endpoints.Service service, Duration attemptTimeout,
                                                         Duration callTimeout) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(callTimeout)
                .putAdvancedOption(software.amazon.awssdk.core.client.config.SdkAdvancedClientOption.USER_AGENT_PREFIX,
                        USER_AGENT_PREFIX)
                .addExecutionInterceptor(new ServiceMark(service));
        if (attemptTimeout != null) {
            overrides.apiCallAttemptTimeout(attemptTimeout);
        }
        return overrides.build();
    }

    /**
     * The service whose call failed with {@code e}, or null when the clients were not made here. With an
     * endpoint per service, "could not reach" must say which one: the SDK's own client errors do not.
     */
    public static Endpoints.Service serviceOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof CalledService c) {
                    return c.service;
                }
            }
        }
        return null;
    }

    /** Marks each failed call's exception with the service it went to, as a suppressed exception. */
    private record ServiceMark(Endpoints.Service service) implements ExecutionInterceptor {
        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            Throwable e = context.exception();
            if (serviceOf(e) == null) {
                e.addSuppressed(new CalledService(service));
            }
            return e;
        }
    }

    /** Carries the service on a failure; no stack trace, as it only names where the call went. */
    private static final class CalledService extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final transient Endpoints.Service service;

        CalledService(Endpoints.Service service) {
            super("the call went to " + service.displayName(), null, false, false);
            this.service = service;
        }
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
