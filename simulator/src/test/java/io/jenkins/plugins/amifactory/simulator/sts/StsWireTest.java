package io.jenkins.plugins.amifactory.simulator.sts;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** STS as the real SDK sees it: sessions issued, who a key stands for, and sessions that expire on the simulated clock. */
class StsWireTest {

    private static final String ROLE = "arn:aws:iam::111122223333:role/deploy/ami-factory";
    private static final Region REGION = Region.of(SimulatorKit.REGION);

    private SimulatorKit sim;
    private StsClient sts;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        sts = sim.client(StsClient.builder(), REGION, SimulatorKit.credentials());
    }

    @AfterEach
    void stop() {
        sts.close();
        sim.close();
    }

    @Test
    void anAssumedRoleSessionWorksUntilTheSimulatedClockPassesItsExpiry() {
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("rollout-1")
                .durationSeconds(900).externalId("shop-42"));
        Credentials c = assumed.credentials();
        assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(c.expiration()).isEqualTo(SimulatorKit.START.plus(Duration.ofMinutes(15)));
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/ami-factory/rollout-1");

        try (StsClient asRole = sim.client(StsClient.builder(), REGION, session(c));
             Ec2Client ec2 = sim.client(Ec2Client.builder(), REGION, session(c));
             AutoScalingClient asg = sim.client(AutoScalingClient.builder(), REGION, session(c))) {
            GetCallerIdentityResponse me = asRole.getCallerIdentity();
            assertThat(me.arn()).isEqualTo(assumed.assumedRoleUser().arn());
            assertThat(me.account()).isEqualTo("111122223333");
            assertThat(me.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId()).endsWith(":rollout-1");
            assertThat(ec2.describeImages().images()).isEmpty();

            sim.advance(Duration.ofMinutes(14).plusSeconds(59));
            assertThat(asg.describeAutoScalingGroups().autoScalingGroups()).isEmpty();

            sim.advance(Duration.ofSeconds(1));
            assertThatThrownBy(ec2::describeImages).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
            assertThatThrownBy(asg::describeAutoScalingGroups).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
            assertThatThrownBy(asRole::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
        // The long-term key that asked for the session still works, and is a user of its own name.
        assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + sim.world.accountId() + ":user/AKIDSIMULATOR");
        Sessions.Session issued = sim.world.call(() -> sim.world.sts().issued()).get(0);
        assertThat(issued.externalId()).isEqualTo("shop-42");
        assertThat(issued.caller().arn()).endsWith(":user/AKIDSIMULATOR");
        assertThat(issued.credentials().toString()).doesNotContain(c.secretAccessKey(), c.sessionToken());
        assertThat(sim.calls("sts", "AssumeRole")).isEqualTo(1);
        assertThat(sim.mutatingCalls()).as("a session changes no resource").isZero();
    }

    @Test
    void aKeyTheSimulatorIssuedNeedsItsOwnSessionToken() {
        Credentials c = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("s1")).credentials();
        var wrongToken = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), "not-the-token"));
        try (Ec2Client ec2 = sim.client(Ec2Client.builder(), REGION, wrongToken)) {
            assertThatThrownBy(ec2::describeImages).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void roleChainingIsLimitedToAnHourAndMfaNeedsSerialAndCode() {
        Credentials first = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("first")).credentials();
        try (StsClient chained = sim.client(StsClient.builder(), REGION, session(first))) {
            assertThat(errorCode(() -> chained.assumeRole(r -> r.roleArn(ROLE).roleSessionName("second")
                    .durationSeconds(7200)))).isEqualTo("ValidationError");
            assertThat(chained.assumeRole(r -> r.roleArn(ROLE).roleSessionName("second").durationSeconds(3600))
                    .credentials().expiration()).isEqualTo(SimulatorKit.START.plus(Duration.ofHours(1)));
        }
        String mfa = "arn:aws:iam::111122223333:mfa/alice";
        assertThat(errorCode(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("mfa").serialNumber(mfa))))
                .isEqualTo("AccessDenied");
        assertThat(errorCode(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("mfa").serialNumber(mfa)
                .tokenCode("12a456")))).isEqualTo("AccessDenied");
        sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("mfa").serialNumber(mfa).tokenCode("123456"));
        assertThat(sim.world.call(() -> sim.world.sts().issued()).get(2).mfaSerial()).isEqualTo(mfa);

        assertThat(errorCode(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::1:user/x").roleSessionName("mfa"))))
                .isEqualTo("ValidationError");
        assertThat(errorCode(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("has space"))))
                .isEqualTo("ValidationError");
        assertThat(errorCode(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("mfa").durationSeconds(899))))
                .isEqualTo("ValidationError");
    }

    @Test
    void aWebIdentityTokenIsExchangedWithoutSigning() {
        String token = jwt("{\"iss\":\"https://oidc.eks.example\",\"sub\":\"system:serviceaccount:ci:deployer\","
                + "\"aud\":\"sts.amazonaws.com\"}");
        try (StsClient unsigned = sim.client(StsClient.builder(), REGION, AnonymousCredentialsProvider.create())) {
            AssumeRoleWithWebIdentityResponse r = unsigned.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE)
                    .roleSessionName("ci").webIdentityToken(token));
            assertThat(r.subjectFromWebIdentityToken()).isEqualTo("system:serviceaccount:ci:deployer");
            assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
            assertThat(r.provider()).isEqualTo("https://oidc.eks.example");
            assertThat(r.assumedRoleUser().arn()).endsWith(":assumed-role/ami-factory/ci");

            assertThat(errorCode(() -> unsigned.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE).roleSessionName("ci")
                    .webIdentityToken("not-a-jwt")))).isEqualTo("InvalidIdentityToken");
            assertThat(errorCode(unsigned::getCallerIdentity)).isEqualTo("MissingAuthenticationToken");
        }
    }

    private static StaticCredentialsProvider session(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("the call succeeded");
    }

}
