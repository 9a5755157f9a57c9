package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.sts.Sessions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of AWS CLI profile, written into a temporary home, through {@code ami-factory whoami} against the
 * simulator: the identity STS reports and the source the command names.
 */
class ProfileKindsTest extends SimulatedProfiles {

    private Map<String, Object> whoami(CliHarness cli, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        int code = cli.run(account.command("whoami", a.toArray(String[]::new)));
        assertThat(code).as(cli.out() + cli.err()).isZero();
        return JsonReader.object(cli.out());
    }

    private List<Sessions.Session> sessions() {
        return account.world.call(() -> account.world.sts().issued());
    }

    @Test
    void staticKeysOfAProfile() {
        home.credentials(BASE_KEYS);
        Map<String, Object> me = whoami(account.cli(home), "--profile", "base");

        assertThat(me).containsEntry("account", account.world.accountId())
                .containsEntry("arn", "arn:aws:iam::" + account.world.accountId() + ":user/AKIDBASE")
                .containsEntry("source", "profile base: access key (aws_access_key_id)");
        assertThat(me.toString()).doesNotContain("base-secret");
    }

    @Test
    void environmentKeysComeBeforeTheDefaultProfile() {
        home.credentials("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n")
                .env("AWS_ACCESS_KEY_ID", "AKIDENV").env("AWS_SECRET_ACCESS_KEY", "e");
        assertThat(whoami(account.cli(home))).containsEntry("source", "environment variables (AWS_ACCESS_KEY_ID)")
                .containsEntry("arn", "arn:aws:iam::" + account.world.accountId() + ":user/AKIDENV");

        // --profile names the profile to use: the variables no longer count, as in the AWS CLI.
        assertThat(whoami(account.cli(home), "--profile", "default"))
                .containsEntry("arn", "arn:aws:iam::" + account.world.accountId() + ":user/AKIDDEFAULT");
    }

    @Test
    void assumeRoleFromASourceProfileWithExternalIdAndSessionName() {
        home.credentials(BASE_KEYS).config("""
                [profile prod]
                role_arn = %s
                source_profile = base
                external_id = shop-42
                role_session_name = alice
                duration_seconds = 1800
                region = eu-west-1
                """.formatted(ROLE));
        java.time.Instant now = account.world.now();
        Map<String, Object> me = whoami(account.cli(home), "--profile", "prod");

        assertThat(me).containsEntry("account", "111122223333")
                .containsEntry("arn", "arn:aws:sts::111122223333:assumed-role/deploy/alice")
                .containsEntry("source", "profile prod: assume role " + ROLE + " from profile base");
        Sessions.Session session = sessions().get(0);
        assertThat(session.caller().arn()).endsWith(":user/AKIDBASE");
        assertThat(session.externalId()).isEqualTo("shop-42");
        assertThat(session.credentials().expiration()).isEqualTo(now.plus(Duration.ofMinutes(30)));
    }

    @Test
    void rolesChainThroughSourceProfiles() {
        home.credentials(BASE_KEYS).config("""
                [profile prod]
                role_arn = %s
                source_profile = base
                [profile audit]
                role_arn = arn:aws:iam::444455556666:role/audit
                source_profile = prod
                """.formatted(ROLE));
        Map<String, Object> me = whoami(account.cli(home), "--profile", "audit");

        assertThat((String) me.get("arn")).startsWith("arn:aws:sts::444455556666:assumed-role/audit/ami-factory-");
        assertThat(me).containsEntry("source", "profile audit: assume role arn:aws:iam::444455556666:role/audit "
                + "from profile prod");
        assertThat(sessions()).hasSize(2);
        assertThat(sessions().get(1).caller().arn()).startsWith("arn:aws:sts::111122223333:assumed-role/deploy/");
    }

    @Test
    void credentialSourceEnvironmentAssumesTheRoleWithTheVariables() {
        home.config("[profile ci]\nrole_arn = " + ROLE + "\ncredential_source = Environment\n")
                .env("AWS_ACCESS_KEY_ID", "AKIDCI").env("AWS_SECRET_ACCESS_KEY", "c");
        Map<String, Object> me = whoami(account.cli(home), "--profile", "ci");

        assertThat(me).containsEntry("source", "profile ci: assume role " + ROLE
                + " with credentials from Environment (credential_source)");
        assertThat(sessions().get(0).caller().arn()).endsWith(":user/AKIDCI");
    }

    @Test
    void mfaSerialAsksForTheCodeAtTheTerminal() {
        home.credentials(BASE_KEYS).config("[profile admin]\nrole_arn = " + ROLE + "\nsource_profile = base\n"
                + "mfa_serial = arn:aws:iam::111122223333:mfa/alice\n");
        List<String> asked = new ArrayList<>();
        CliHarness cli = account.cli(home).with(c -> c.withPrompt(q -> {
            asked.add(q);
            return Optional.of("123456");
        }));
        Map<String, Object> me = whoami(cli, "--profile", "admin");

        assertThat(asked).containsExactly("Enter MFA code for arn:aws:iam::111122223333:mfa/alice: ");
        assertThat(me).containsEntry("source", "profile admin: assume role " + ROLE
                + " with MFA arn:aws:iam::111122223333:mfa/alice from profile base");
        assertThat(sessions().get(0).mfaSerial()).isEqualTo("arn:aws:iam::111122223333:mfa/alice");
    }

    @Test
    void webIdentityFromTheEnvironmentAndFromAProfile() {
        Path token = home.file("token", jwt("system:serviceaccount:ci:deployer"));
        CliHarness fromEnv = account.cli(home.env("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString())
                .env("AWS_ROLE_ARN", ROLE).env("AWS_ROLE_SESSION_NAME", "pod-1"));
        assertThat(whoami(fromEnv)).containsEntry("arn", "arn:aws:sts::111122223333:assumed-role/deploy/pod-1")
                .containsEntry("source", "web identity token " + token + " for role " + ROLE
                        + " (AWS_WEB_IDENTITY_TOKEN_FILE)");

        AwsHome other = new AwsHome(dir.resolve("other"));
        other.config("[profile eks]\nrole_arn = " + ROLE + "\nweb_identity_token_file = " + token + "\n");
        assertThat(whoami(account.cli(other), "--profile", "eks"))
                .containsEntry("source", "profile eks: web identity token " + token + " for role " + ROLE);
        assertThat(sessions()).extracting(Sessions.Session::issuedBy).containsOnly("AssumeRoleWithWebIdentity");
    }

    @Test
    void iamIdentityCenterWithAnSsoSessionAndTheOlderKind() {
        home.config(ssoProfile("ReadOnly") + """
                [profile legacy]
                sso_start_url = https://legacy.awsapps.com/start
                sso_region = eu-west-1
                sso_account_id = 444455556666
                sso_role_name = Admin
                """).ssoLogin("my-sso", "token-1", account.world.now().plus(Duration.ofHours(8)))
                .ssoLogin("https://legacy.awsapps.com/start", "token-2", account.world.now().plus(Duration.ofHours(1)));

        assertThat(whoami(account.cli(home), "--profile", "dev"))
                .containsEntry("arn", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly/sso-user")
                .containsEntry("source", "profile dev: SSO session my-sso, account 111122223333, role ReadOnly");
        assertThat(whoami(account.cli(home), "--profile", "legacy"))
                .containsEntry("source", "profile legacy: IAM Identity Center https://legacy.awsapps.com/start, "
                        + "account 444455556666, role Admin");
        assertThat(account.server.faults().count("sso", "GetRoleCredentials")).isEqualTo(2);
    }

    @Test
    void aRoleAssumedWithIamIdentityCenterCredentials() {
        home.config(ssoProfile("Deploy") + "[profile prod]\nrole_arn = " + ROLE + "\nsource_profile = dev\n")
                .ssoLogin("my-sso", "token-1", account.world.now().plus(Duration.ofHours(8)));
        Map<String, Object> me = whoami(account.cli(home), "--profile", "prod");

        assertThat(me).containsEntry("source", "profile prod: assume role " + ROLE + " from profile dev");
        assertThat(sessions()).extracting(s -> s.issuedBy()).containsExactly("GetRoleCredentials", "AssumeRole");
        assertThat(sessions().get(1).caller().arn()).endsWith(":assumed-role/AWSReservedSSO_Deploy/sso-user");
    }

    @Test
    void credentialProcessRunsTheCommand() {
        Path script = home.file("creds.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                + "\"SecretAccessKey\": \"p\"}'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        home.config("[profile tool]\ncredential_process = " + script + "\n");

        assertThat(whoami(account.cli(home), "--profile", "tool"))
                .containsEntry("arn", "arn:aws:iam::" + account.world.accountId() + ":user/AKIDPROC")
                .containsEntry("source", "profile tool: credential_process");
    }

    @Test
    void theProfileGivesTheRegionWhenTheCommandNamesNone() {
        home.credentials(BASE_KEYS).config("[profile base]\nregion = " + account.world.defaultRegion() + "\n");
        CliHarness cli = account.cli(home);
        int code = cli.run("plan", "--asg", "web", "--instance", account.shop.webInstances().get(0), "--profile", "base",
                "--endpoint-url", account.server.endpoint().toString());

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("PLANNED: nothing was changed in AWS");
    }

    @Test
    void plainOutputNamesAccountIdentityAndSource() {
        home.credentials(BASE_KEYS);
        CliHarness cli = account.cli(home);
        assertThat(cli.run(account.command("whoami", "--profile", "base"))).isZero();
        assertThat(cli.out()).isEqualTo("Account:  " + account.world.accountId() + "\n"
                + "Identity: arn:aws:iam::" + account.world.accountId() + ":user/AKIDBASE\n"
                + "Source:   profile base: access key (aws_access_key_id)\n");
    }

    static String jwt(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"https://oidc.example\",\"sub\":\"" + subject + "\",\"aud\":\"sts\"}")
                .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
