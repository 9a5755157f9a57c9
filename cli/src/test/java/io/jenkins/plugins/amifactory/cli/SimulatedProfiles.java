package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the tests of AWS profiles share: the demo shop in a simulator on a manual clock, a temporary home for
 * the AWS CLI's files, and the profiles most of them start from.
 */
abstract class SimulatedProfiles {

    static final String ROLE = "arn:aws:iam::111122223333:role/deploy";
    /** A credentials file with the long-term keys of profile base. */
    static final String BASE_KEYS = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";

    @TempDir
    Path dir;
    SimulatedAccount account;
    AwsHome home;

    @BeforeEach
    void startAccount() throws IOException {
        account = new SimulatedAccount();
        home = new AwsHome(dir);
    }

    @AfterEach
    void stopAccount() {
        account.close();
    }

    /** An IAM Identity Center profile {@code dev} of sso-session {@code my-sso}, for account 111122223333. */
    static String ssoProfile(String roleName) {
        return """
                [profile dev]
                sso_session = my-sso
                sso_account_id = 111122223333
                sso_role_name = %s
                [sso-session my-sso]
                sso_start_url = https://example.awsapps.com/start
                sso_region = eu-west-1
                """.formatted(roleName);
    }

    /**
     * A session of {@link #ROLE} started outside the command line and exported in the variables, as
     * {@code aws sts assume-role} users do; nothing renews it.
     */
    Credentials exportSession(Duration duration) {
        Credentials session;
        try (StsClient sts = account.kit().client(StsClient.builder(), Region.of(SimulatorKit.REGION),
                SimulatorKit.credentials())) {
            session = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("exported")
                    .durationSeconds((int) duration.toSeconds())).credentials();
        }
        home.env("AWS_ACCESS_KEY_ID", session.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", session.secretAccessKey())
                .env("AWS_SESSION_TOKEN", session.sessionToken());
        return session;
    }
}
