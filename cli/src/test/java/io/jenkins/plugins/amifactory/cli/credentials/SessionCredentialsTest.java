package io.jenkins.plugins.amifactory.cli.credentials;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a session is renewed, judged by the command's clock, and what happens when renewing fails. */
class SessionCredentialsTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Deque<Supplier<AwsSessionCredentials>> answers = new ArrayDeque<>();
    private int started;

    private SessionCredentials sessions() {
        return new SessionCredentials("profile 'prod'", clock, () -> {
            started++;
            return answers.removeFirst().get();
        });
    }

    private static AwsSessionCredentials session(String key, Instant expires) {
        return AwsSessionCredentials.builder().accessKeyId(key).secretAccessKey("s").sessionToken("t")
                .expirationTime(expires).build();
    }

    @Test
    void aSessionIsKeptUntilItsLastFiveMinutesThenRenewed() {
        answers.add(() -> session("first", T0.plus(Duration.ofMinutes(15))));
        answers.add(() -> session("second", T0.plus(Duration.ofMinutes(25))));
        SessionCredentials c = sessions();

        assertThat(c.resolveCredentials().accessKeyId()).isEqualTo("first");
        now = T0.plus(Duration.ofMinutes(9)).plusSeconds(59);
        assertThat(c.resolveCredentials().accessKeyId()).isEqualTo("first");
        assertThat(started).isEqualTo(1);

        now = T0.plus(Duration.ofMinutes(10));
        assertThat(c.resolveCredentials().accessKeyId()).isEqualTo("second");
        assertThat(started).isEqualTo(2);
    }

    @Test
    void aFailedRenewalKeepsTheOldSessionWhileItHasAMinuteLeftThenSaysWhy() {
        answers.add(() -> session("first", T0.plus(Duration.ofMinutes(15))));
        answers.add(() -> {
            throw new CredentialsException("STS is down");
        });
        answers.add(() -> {
            throw new CredentialsException("the login expired (log in again)");
        });
        SessionCredentials c = sessions();
        c.resolveCredentials();

        now = T0.plus(Duration.ofMinutes(12));
        assertThat(c.resolveCredentials().accessKeyId()).as("retried at the next call, old one used").isEqualTo("first");

        now = T0.plus(Duration.ofMinutes(14));
        assertThatThrownBy(c::resolveCredentials).isInstanceOf(SdkClientException.class)
                .hasMessage("Unable to refresh credentials of profile 'prod': the login expired (log in again)");
        assertThat(started).isEqualTo(3);
    }

    @Test
    void theFirstSessionFailingIsReportedAsItIs() {
        answers.add(() -> {
            throw new CredentialsException("profile 'prod' could not assume role");
        });
        assertThatThrownBy(sessions()::resolveCredentials).isInstanceOf(CredentialsException.class)
                .hasMessage("profile 'prod' could not assume role");
    }
}
