package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.Faults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials that cannot be had, each refused before anything changes with exit 2 and one line that names the
 * profile (or variable), what is wrong and the fix.
 */
class CredentialErrorsTest extends SimulatedProfiles {

    /** Runs a rollout that must be refused for its credentials; the line it printed. */
    private String refusedRollout(CliHarness cli, String... more) {
        account.server.faults().resetCounters();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), more));
        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(account.server.faults().counters()).as("no EC2 or Auto Scaling call was made")
                .doesNotContainKeys("ec2:CreateImage", "autoscaling:DescribeAutoScalingGroups");
        return cli.err().lines().findFirst().orElseThrow();
    }

    @Test
    void aProfileThatDoesNotExistIsNamedWithTheFix() {
        home.credentials(BASE_KEYS).config("[profile dev]\nregion = eu-west-1\n");
        assertThat(refusedRollout(account.cli(home), "--profile", "prod")).isEqualTo("Bad input: --profile: "
                + "profile 'prod', which is not in ~/.aws/config or ~/.aws/credentials (the profiles there are base, "
                + "dev; add it with 'aws configure --profile prod' or 'aws configure sso --profile prod')");

        assertThat(refusedRollout(account.cli(home.env("AWS_PROFILE", "stage")))).isEqualTo("Bad input: --profile: "
                + "AWS_PROFILE names profile 'stage', which is not in ~/.aws/config or ~/.aws/credentials (the "
                + "profiles there are base, dev; add it with 'aws configure --profile stage' or 'aws configure sso "
                + "--profile stage', or unset AWS_PROFILE)");
    }

    @Test
    void anExpiredSsoLoginSaysWhenAndHowToLogInAgain() {
        home.config(ssoProfile("ReadOnly"));
        assertThat(refusedRollout(account.cli(home), "--profile", "dev")).isEqualTo("Bad input: --profile: profile "
                + "'dev': there is no IAM Identity Center login for sso-session 'my-sso' (log in with 'aws sso login "
                + "--profile dev', then run this again)");

        home.ssoLogin("my-sso", "token", account.world.now().minus(Duration.ofMinutes(1)));
        String expiredAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(account.world.now().minus(Duration.ofMinutes(1)));
        assertThat(refusedRollout(account.cli(home), "--profile", "dev")).isEqualTo("Bad input: --profile: profile "
                + "'dev': the IAM Identity Center login for sso-session 'my-sso' expired at " + expiredAt
                + " UTC (log in again with 'aws sso login --profile dev')");
        assertThat(account.server.faults().count("sso", "GetRoleCredentials")).isZero();
    }

    @Test
    void aRoleWhoseSourceLoginExpiredNamesTheLogin() {
        home.config(ssoProfile("Deploy") + "[profile prod]\nrole_arn = " + ROLE + "\nsource_profile = dev\n")
                .ssoLogin("my-sso", "token", account.world.now().minus(Duration.ofMinutes(1)));
        assertThat(refusedRollout(account.cli(home), "--profile", "prod")).startsWith("Bad input: --profile: profile "
                + "'dev': the IAM Identity Center login for sso-session 'my-sso' expired at ")
                .endsWith("(log in again with 'aws sso login --profile dev')");
    }

    @Test
    void mfaWithoutATerminalSaysSoInsteadOfHanging() {
        home.credentials(BASE_KEYS).config("[profile admin]\nrole_arn = " + ROLE + "\nsource_profile = base\n"
                + "mfa_serial = arn:aws:iam::111122223333:mfa/alice\n");
        assertThat(refusedRollout(account.cli(home), "--profile", "admin")).isEqualTo("Bad input: --profile: "
                + "profile 'admin' assumes role " + ROLE + " with MFA (mfa_serial = arn:aws:iam::111122223333:mfa/alice),"
                + " and there is no terminal to ask for the code (run the command at a terminal, or use a profile "
                + "without mfa_serial)");
        assertThat(account.server.faults().count("sts", "AssumeRole")).isZero();
    }

    @Test
    void brokenRoleProfilesNameTheSettingToFix() {
        home.credentials(BASE_KEYS).config("""
                [profile loop-a]
                role_arn = %1$s
                source_profile = loop-b
                [profile loop-b]
                role_arn = %1$s
                source_profile = loop-a
                [profile orphan]
                role_arn = %1$s
                [profile lost]
                role_arn = %1$s
                source_profile = gone
                [profile long]
                role_arn = %1$s
                source_profile = base
                duration_seconds = 2 hours
                """.formatted(ROLE));
        assertThat(refusedRollout(account.cli(home), "--profile", "loop-a")).contains("profiles loop-a -> loop-b -> "
                + "loop-a name each other as source_profile in a loop");
        assertThat(refusedRollout(account.cli(home), "--profile", "orphan")).contains("profile 'orphan' has role_arn "
                + "but no source_profile, credential_source or web_identity_token_file (add source_profile");
        assertThat(refusedRollout(account.cli(home), "--profile", "lost")).contains("profile 'lost' has "
                + "source_profile = gone, and there is no profile 'gone' in ~/.aws/config or ~/.aws/credentials");
        assertThat(refusedRollout(account.cli(home), "--profile", "long")).contains("profile 'long' has "
                + "duration_seconds = 2 hours, which is not a session length (use a whole number of seconds");
    }

    @Test
    void aRoleStsRefusesNamesTheRoleAndWhatAwsSaid() {
        home.credentials(BASE_KEYS).config("[profile prod]\nrole_arn = " + ROLE + "\nsource_profile = base\n");
        account.server.faults().add(new Faults.Rule("sts:AssumeRole", Faults.Kind.ACCESS_DENIED, 1, 1.0,
                Duration.ZERO));
        assertThat(refusedRollout(account.cli(home), "--profile", "prod")).isEqualTo("Bad input: --profile: profile "
                + "'prod' could not assume role " + ROLE + ": AWS answered AccessDenied: User is not authorized to "
                + "perform: sts:AssumeRole (check role_arn, external_id and the role's trust policy; 'ami-factory "
                + "whoami' with the source profile shows who asked)");
    }

    @Test
    void noCredentialsAnywhere() {
        assertThat(refusedRollout(account.cli(home))).isEqualTo("Bad input: --profile: no AWS credentials found in "
                + "the environment, the default profile of ~/.aws/config or ~/.aws/credentials, the container or the "
                + "instance role (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give --profile, or set AWS_PROFILE)");
        home.config("[profile ops]\nregion = us-east-1\n");
        assertThat(refusedRollout(account.cli(home), "--profile", "ops")).isEqualTo("Bad input: --profile: profile "
                + "'ops' sets no credentials (none of aws_access_key_id, role_arn, sso_session, sso_start_url or "
                + "credential_process), and the container and the instance have none either (add them with 'aws "
                + "configure --profile ops' or 'aws configure sso --profile ops')");
        assertThat(refusedRollout(account.cli(new AwsHome(dir.resolve("x")).env("AWS_ACCESS_KEY_ID", "AKID"))))
                .isEqualTo("Bad input: --profile: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (set both, "
                        + "or unset the one that is set to use a profile)");
    }

    @Test
    void whoamiSaysWhenAwsNoLongerTakesTheCredentialsOrCannotBeAsked() throws IOException {
        Credentials session = exportSession(Duration.ofMinutes(15));
        account.world.advance(Duration.ofMinutes(16));
        CliHarness expired = account.cli(home);
        assertThat(expired.run(account.command("whoami"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(expired.err()).startsWith("Bad input: --profile: AWS does not accept the credentials from "
                + "environment variables (AWS_ACCESS_KEY_ID): ExpiredToken: The security token included in the "
                + "request is expired (renew them: log in again, or check the keys)");
        assertThat(expired.out() + expired.err()).doesNotContain(session.secretAccessKey(), session.sessionToken());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliHarness unreachable = account.cli(home);
        assertThat(unreachable.run("whoami", "--region", "us-east-1", "--endpoint-url",
                "http://127.0.0.1:" + closedPort)).isEqualTo(ExitCodes.FAILED);
        assertThat(unreachable.err()).startsWith("Could not ask STS in us-east-1 at http://127.0.0.1:" + closedPort
                + " who the credentials are: ");

        CliHarness serviceEndpoint = account.cli(home);
        assertThat(serviceEndpoint.run("whoami", "--region", "us-east-1", "--ec2-endpoint-url", "http://127.0.0.1:1"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(serviceEndpoint.err()).contains("--ec2-endpoint-url: whoami calls only STS");
    }
}
