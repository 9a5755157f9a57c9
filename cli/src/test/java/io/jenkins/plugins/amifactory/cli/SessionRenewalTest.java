package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts longer than the sessions they run on, against the simulator, whose sessions expire on its clock:
 * a role session and IAM Identity Center role credentials are renewed while the rollout waits, and what cannot
 * be renewed ends the rollout with a message that says what to do.
 */
class SessionRenewalTest extends SimulatedProfiles {

    /** Runs a rollout of group web with {@code bakeSeconds} of bake time, and JSON output. */
    private int rollout(CliHarness cli, int bakeSeconds, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--bake-time",
                String.valueOf(bakeSeconds), "--json"));
        args.addAll(java.util.List.of(more));
        return cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), args.toArray(String[]::new)));
    }

    @Test
    void aRoleSessionThatExpiresMidRolloutIsRenewedAndTheRolloutSucceeds() {
        home.credentials(BASE_KEYS)
                .config("[profile prod]\nrole_arn = " + ROLE + "\nsource_profile = base\nduration_seconds = 900\n");
        Instant start = account.world.now();
        CliHarness cli = account.cli(home);
        int code = rollout(cli, 1200, "--profile", "prod");

        assertThat(code).as(cli.err()).isZero();
        assertThat(JsonReader.object(cli.out())).containsEntry("status", "SUCCEEDED");
        assertThat(Duration.between(start, account.world.now())).as("the rollout outlasts one session by far")
                .isGreaterThan(Duration.ofMinutes(25));
        // A 15-minute session is renewed at the first look in its last 5 minutes; looks may be minutes apart, so
        // what holds whatever the rhythm is a first session and at least one renewal (without it: ExpiredToken).
        assertThat(account.server.faults().count("sts", "AssumeRole")).isGreaterThanOrEqualTo(2);
        assertThat(account.world.call(() -> account.world.sts().issued()))
                .allSatisfy(s -> assertThat(s.identity().arn()).contains(":assumed-role/deploy/"));
    }

    @Test
    void theSameRolloutOnASessionThatIsNotRenewedFailsWhenItExpires() {
        exportSession(Duration.ofMinutes(15));
        CliHarness cli = account.cli(home);
        int code = rollout(cli, 1200);

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.FAILED);
        assertThat((String) JsonReader.object(cli.out()).get("message")).contains("ExpiredToken");
    }

    @Test
    void iamIdentityCenterCredentialsAreRenewedFromTheLoginWhileItLasts() {
        home.config(ssoProfile("Deploy")).ssoLogin("my-sso", "token", account.world.now().plus(Duration.ofHours(8)));
        CliHarness cli = account.cli(home);
        int code = rollout(cli, 3600, "--profile", "dev");

        assertThat(code).as(cli.err()).isZero();
        assertThat(account.server.faults().count("sso", "GetRoleCredentials")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anSsoLoginThatExpiresMidRolloutEndsItWithTheFix() {
        home.config(ssoProfile("Deploy")).ssoLogin("my-sso", "token", account.world.now().plus(Duration.ofMinutes(30)));
        CliHarness cli = account.cli(home);
        int code = rollout(cli, 3600, "--profile", "dev");

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.FAILED);
        Map<String, Object> result = JsonReader.object(cli.out());
        assertThat((String) result.get("message")).contains("the IAM Identity Center login for sso-session 'my-sso' "
                + "expired at").contains("log in again with 'aws sso login --profile dev'");
    }
}
