package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Temporary credentials that renew themselves before they expire, judged by the command's clock: a role
 * session, a web identity session or IAM Identity Center role credentials, which a rollout longer than the
 * session outlives. The SDK's own providers judge expiry by the wall clock, which the simulated AWS of the tests
 * does not keep; here the same clock decides as the one the rollout runs on.
 *
 * <p>A session is renewed in its last {@link #RENEW_BEFORE}. When renewing fails while the session still has a
 * minute to run, the old one is used and renewal is tried again at the next call; after that the failure is
 * reported as credentials that cannot be refreshed, which ends a rollout at once instead of retrying.
 */
final class SessionCredentials implements AwsCredentialsProvider {

    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final Duration LAST_MINUTE = Duration.ofMinutes(1);

    private final String what;
    private final Clock clock;
    private final Supplier<AwsSessionCredentials> start;
    private AwsSessionCredentials current;

    /**
     * @param what  the session in words, for the error when it cannot be renewed
     * @param start starts a new session; throws {@link CredentialsException} or an SDK exception when it cannot
     */
    SessionCredentials(String what, Clock clock, Supplier<AwsSessionCredentials> start) {
        this.what = what;
        this.clock = clock;
        this.start = start;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        if (current == null) {
            current = start.get();
        } else if (!now.isBefore(expiry(current).minus(RENEW_BEFORE))) {
            try {
                current = start.get();
            } catch (RuntimeException e) {
                if (now.isBefore(expiry(current).minus(LAST_MINUTE))) {
                    return current;
                }
                throw SdkClientException.create("Unable to refresh credentials of " + what + ": " + e.getMessage(), e);
            }
        }
        return current;
    }

    private static Instant expiry(AwsSessionCredentials c) {
        return c.expirationTime().orElse(Instant.MAX);
    }

    @Override
    public String toString() {
        return "SessionCredentials(" + what + ")";
    }
}
