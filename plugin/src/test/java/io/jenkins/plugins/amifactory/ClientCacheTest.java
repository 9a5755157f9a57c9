package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.simulator.SimClock;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Which polls share clients (same region, endpoint and credentials, and nothing less), that shared clients still
 * resolve credentials afresh for every poll, and when kept clients are closed. Pairs here are stand-ins that count
 * their closes; time is a clock the test moves.
 */
class ClientCacheTest {

    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

    private final SimClock time = SimulatorKit.manualClock();
    private final Clock clock = time.asJavaClock(time);
    private final List<Pair> pairs = new ArrayList<>();
    private final AtomicInteger sharedCloses = new AtomicInteger();
    private final AtomicLong built = new AtomicLong();
    private final ClientCache cache = new ClientCache(this::build, sharedCloses::incrementAndGet, clock, built);

    /** A pair as the cache's builder made it, with the credentials provider it was given. */
    private record Pair(AwsClients clients, AwsCredentialsProvider credentials, AtomicInteger closes) {
    }

    private AwsClients build(String region, AwsCredentialsProvider credentials, Endpoints endpoints) {
        AtomicInteger closes = new AtomicInteger();
        AwsClients clients = new AwsClients(new Ec2Client() {
            @Override
            public String serviceName() {
                return "ec2";
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        }, new AutoScalingClient() {
            @Override
            public String serviceName() {
                return "autoscaling";
            }

            @Override
            public void close() {
            }
        });
        pairs.add(new Pair(clients, credentials, closes));
        return clients;
    }

    private void borrowAndGiveBack(String region, URI endpoint, AwsCredentialsProvider credentials) {
        cache.borrow(region, Endpoints.of(endpoint), credentials).close();
    }

    @Test
    void pollsWithTheSameRegionEndpointAndCredentialsShareOnePair() {
        FakeJenkins.StoredCredentials prod = new FakeJenkins.StoredCredentials("aws-prod");
        borrowAndGiveBack("eu-west-1", ENDPOINT, prod);
        borrowAndGiveBack("eu-west-1", ENDPOINT, new PerPollCredentials(prod));
        assertThat(built).as("a per-poll view of the same credentials is the same credentials").hasValue(1);

        borrowAndGiveBack("eu-west-2", ENDPOINT, prod);
        borrowAndGiveBack("eu-west-1", null, prod);
        borrowAndGiveBack("eu-west-1", URI.create("http://127.0.0.1:4567"), prod);
        assertThat(built).as("another region or endpoint is another pair").hasValue(4);
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void storedCredentialsWithTheSameIdInDifferentFoldersDoNotShare() {
        borrowAndGiveBack("eu-west-1", ENDPOINT, new FakeJenkins.StoredCredentials("aws-prod"));
        borrowAndGiveBack("eu-west-1", ENDPOINT, new FakeJenkins.StoredCredentials("aws-prod"));
        assertThat(built).as("two credentials objects are two identities, whatever their ids").hasValue(2);
    }

    @Test
    void fixedCredentialsShareOnlyWhenEveryValueIsTheSame() {
        borrowAndGiveBack("eu-west-1", ENDPOINT, fixed("AKIDENV", "secret", null));
        borrowAndGiveBack("eu-west-1", ENDPOINT, fixed("AKIDENV", "secret", null));
        assertThat(built).as("the same values in another provider object").hasValue(1);

        borrowAndGiveBack("eu-west-1", ENDPOINT, fixed("AKIDENV", "guessed", null));
        assertThat(built).as("a build that knows the key id but not the secret gets its own clients").hasValue(2);
        borrowAndGiveBack("eu-west-1", ENDPOINT, fixed("AKIDENV", "secret", "token-1"));
        borrowAndGiveBack("eu-west-1", ENDPOINT, fixed("AKIDENV", "secret", "token-2"));
        assertThat(built).as("each session token is its own identity").hasValue(4);
        assertThat(CredentialsIdentity.of(fixed("AKIDENV", "secret", "token-1")).toString())
                .doesNotContain("AKIDENV").doesNotContain("secret").doesNotContain("token");
    }

    private static AwsCredentialsProvider fixed(String keyId, String secret, String token) {
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token));
    }

    @Test
    void sharedClientsResolveTheCredentialsAtMostOncePerPollAndAgainForTheNextPoll() {
        FakeJenkins.StoredCredentials role = new FakeJenkins.StoredCredentials("aws-role");
        try (AwsClients first = cache.borrow("eu-west-1", Endpoints.of(ENDPOINT), role)) {
            AwsCredentialsProvider signing = pairs.get(0).credentials();
            signing.resolveCredentials();
            signing.resolveCredentials();
            assertThat(role.resolutions).as("every request of one poll").hasValue(1);
        }
        try (AwsClients second = cache.borrow("eu-west-1", Endpoints.of(ENDPOINT), role)) {
            pairs.get(0).credentials().resolveCredentials();
            assertThat(role.resolutions).as("the next poll resolves them afresh (an assumed role renews)").hasValue(2);
        }
        assertThat(built).hasValue(1);
    }

    @Test
    void aPairIdleForTenMinutesIsClosedAndOnLoanNeverIs() {
        FakeJenkins.StoredCredentials a = new FakeJenkins.StoredCredentials("a");
        FakeJenkins.StoredCredentials b = new FakeJenkins.StoredCredentials("b");
        borrowAndGiveBack("eu-west-1", ENDPOINT, a);
        AwsClients onLoan = cache.borrow("eu-west-1", Endpoints.of(ENDPOINT), b);

        time.advance(ClientCache.IDLE.minusSeconds(1));
        cache.sweep();
        assertThat(pairs.get(0).closes()).hasValue(0);
        time.advance(Duration.ofSeconds(1));
        cache.sweep();
        assertThat(pairs.get(0).closes()).as("idle for " + ClientCache.IDLE).hasValue(1);

        time.advance(Duration.ofHours(1));
        cache.sweep();
        assertThat(pairs.get(1).closes()).as("a pair a poll still uses").hasValue(0);
        onLoan.close();
        assertThat(cache.size()).isEqualTo(1);

        borrowAndGiveBack("eu-west-1", ENDPOINT, a);
        assertThat(built).as("an expired pair is built again when needed").hasValue(3);
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedIdlePairIsClosed() {
        List<FakeJenkins.StoredCredentials> all = new ArrayList<>();
        for (int i = 0; i <= ClientCache.MAX_ENTRIES; i++) {
            all.add(new FakeJenkins.StoredCredentials("c" + i));
        }
        for (int i = 0; i < ClientCache.MAX_ENTRIES; i++) {
            borrowAndGiveBack("eu-west-1", ENDPOINT, all.get(i));
        }
        borrowAndGiveBack("eu-west-1", ENDPOINT, all.get(0));
        borrowAndGiveBack("eu-west-1", ENDPOINT, all.get(ClientCache.MAX_ENTRIES));
        assertThat(cache.size()).isEqualTo(ClientCache.MAX_ENTRIES);
        assertThat(pairs.get(0).closes()).as("used again lately, so kept").hasValue(0);
        assertThat(pairs.get(1).closes()).as("the least recently used").hasValue(1);
    }

    @Test
    void aRetiredCacheClosesIdlePairsAtOnceAndTheRestWithWhatTheyShareWhenGivenBack() {
        borrowAndGiveBack("eu-west-1", ENDPOINT, new FakeJenkins.StoredCredentials("idle"));
        AwsClients running = cache.borrow("eu-west-1", Endpoints.of(ENDPOINT), new FakeJenkins.StoredCredentials("busy"));
        cache.retire();
        assertThat(pairs.get(0).closes()).hasValue(1);
        assertThat(pairs.get(1).closes()).as("a call may still run on it").hasValue(0);
        assertThat(sharedCloses).hasValue(0);
        assertThatThrownBy(() -> cache.borrow("eu-west-1", Endpoints.of(ENDPOINT), new FakeJenkins.StoredCredentials("late")))
                .isInstanceOf(IllegalStateException.class);

        running.close();
        assertThat(pairs.get(1).closes()).hasValue(1);
        assertThat(sharedCloses).as("the HTTP client, once nothing uses it").hasValue(1);
        assertThat(cache.closed()).isTrue();
    }
}
