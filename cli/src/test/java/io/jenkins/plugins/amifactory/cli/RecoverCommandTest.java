package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code recover} against the simulator, after rollouts whose process died: the lease each left on its group
 * is read, reported, and (once it lapsed, or with --force) what the rollout left running is stopped.
 */
class RecoverCommandTest {

    /** Longer than the engine's lease term (GroupLease.TERM, 15 min): the dead rollout's lease has lapsed. */
    private static final Duration PAST_THE_LEASE = Duration.ofMinutes(16);

    private SimulatedAccount account;
    private String baseImage;

    @BeforeEach
    void start() throws IOException {
        account = new SimulatedAccount();
        baseImage = account.shop.baseImageId();
    }

    @AfterEach
    void stop() {
        account.close();
    }

    @Test
    void aGroupNoRolloutHoldsIsLeftAsItIs() {
        CliHarness cli = account.cli();
        int code = cli.run(account.command("recover", "--asg", "web"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).isEqualTo("No rollout holds group 'web'.\n"
                + "Group 'web' is on launch configuration web-lc-1; its 3 instances run " + baseImage + " (3).\n");
    }

    @Test
    void aLiveLeaseIsReportedAndKeptUnlessForced() {
        killDuringTheRefresh("api");
        String lease = account.lease("api");
        String refresh = account.refreshes("api").get(0).instanceRefreshId();
        assertThat(lease).contains("refresh=" + refresh, "by=recover-test", "until=");

        CliHarness refused = account.cli();
        int code = refused.run(account.command("recover", "--asg", "api"));

        assertThat(code).as(refused.out() + refused.err()).isEqualTo(ExitCodes.HELD);
        assertThat(refused.out()).containsPattern("Group 'api' is held by rollout \\S+ by recover-test until "
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ min from now\\); nothing was changed\\.")
                .contains("or now with --force.",
                        // A refresh with a desired configuration points the group at it only once it succeeds.
                        "Group 'api' is on launch template api-lt:1; its 2 instances run ");
        assertThat(account.lease("api")).isEqualTo(lease);
        assertThat(account.refreshes("api").get(0).statusAsString()).isEqualTo("InProgress");

        CliHarness forced = account.cli();
        code = forced.run(account.command("recover", "--asg", "api", "--force"));

        assertThat(code).as(forced.out() + forced.err()).isEqualTo(ExitCodes.OK);
        assertThat(forced.out()).contains("--force: taking group 'api' from rollout ",
                "Its instance refresh " + refresh + " was InProgress at 50%: rolled it back",
                "Instance refresh " + refresh + " ended RollbackSuccessful after ",
                "Removed the lease (tag ami-factory:lease) from group 'api'.",
                "Group 'api' is on launch template api-lt:1; its 2 instances run " + baseImage + " (2).");
        assertThat(account.lease("api")).isNull();
        assertThat(account.imagesOf("api")).containsOnly(baseImage);
    }

    @Test
    void aLapsedLeaseOnATemplateGroupHasItsRefreshRolledBack() {
        killDuringTheRefresh("api");
        String refresh = account.refreshes("api").get(0).instanceRefreshId();
        assertThat(account.imagesOf("api")).as("one instance replaced before the process died")
                .hasSize(2).contains(baseImage).anyMatch(i -> !i.equals(baseImage));
        account.world.advance(PAST_THE_LEASE);

        CliHarness cli = account.cli();
        int code = cli.run(account.command("recover", "--asg", "api"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out().lines()).hasSize(5);
        assertThat(cli.out()).containsPattern("Rollout \\S+ by recover-test was cut off: its lease on group 'api' "
                        + "lapsed at .* UTC \\(\\d+ min( \\d+ s)? ago\\)\\.")
                .contains("Its instance refresh " + refresh + " was InProgress at 50%: rolled it back",
                        "Instance refresh " + refresh + " ended RollbackSuccessful after ",
                        "Removed the lease",
                        "Group 'api' is on launch template api-lt:1; its 2 instances run " + baseImage + " (2).");
        assertThat(account.refreshes("api").get(0).statusAsString()).isEqualTo("RollbackSuccessful");
        assertThat(account.groupConfiguration("api")).isEqualTo("api-lt:1");
        assertThat(account.lease("api")).isNull();
    }

    @Test
    void aLapsedLeaseOnALaunchConfigurationGroupHasItsRefreshCancelled() {
        killDuringTheRefresh("web");
        String refresh = account.refreshes("web").get(0).instanceRefreshId();
        String newConfiguration = account.groupConfiguration("web");
        assertThat(newConfiguration).isNotEqualTo("web-lc-1");
        account.world.advance(PAST_THE_LEASE);

        CliHarness cli = account.cli();
        int code = cli.run(account.command("recover", "--asg", "web"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("Its instance refresh " + refresh + " was InProgress at 33%: cancelled it",
                "Instance refresh " + refresh + " ended Cancelled after ", "Removed the lease");
        assertThat(account.refreshes("web").get(0).statusAsString()).isEqualTo("Cancelled");
        // AWS cannot roll back a refresh that set no launch template: the group stays where the rollout put it.
        assertThat(account.groupConfiguration("web")).isEqualTo(newConfiguration);
        String newImage = account.imagesOf("web").stream().filter(i -> !i.equals(baseImage)).findFirst().orElseThrow();
        assertThat(cli.out()).contains("Group 'web' is on launch configuration " + newConfiguration + "; its 3 instances run "
                + String.join(", ", java.util.stream.Stream.of(baseImage + " (2)", newImage + " (1)").sorted().toList()) + ".");
        assertThat(account.lease("web")).isNull();
    }

    @Test
    void aLapsedLeaseWithoutARefreshIsRemoved() {
        Instant start = account.world.now();
        account.killWhen(w -> Duration.between(start, w.now()).toSeconds() > 20);
        account.runUntilKilled(account.cli(), account.args("rollout", "web", account.shop.webInstances().get(0),
                "--caller-reference", "recover-test"));
        assertThat(account.lease("web")).doesNotContain("refresh=");
        account.world.advance(PAST_THE_LEASE);
        account.server.faults().resetCounters();

        CliHarness cli = account.cli();
        int code = cli.run(account.command("recover", "--asg", "web"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("was cut off", "It had started no instance refresh.",
                "Removed the lease", "Group 'web' is on launch configuration web-lc-1; its 3 instances run "
                        + baseImage + " (3).");
        assertThat(account.lease("web")).isNull();
        assertThat(account.server.faults().mutatingCalls()).as("only the lease was removed").isEqualTo(1);
    }

    @Test
    void aRolloutRefusedByALiveLeaseExitsHeldAndRunsOnceRecoverFreedTheGroup() {
        killDuringTheRefresh("web");
        String lease = account.lease("web");
        String[] rollout = account.args("rollout", "web", account.shop.webInstances().get(1), "--json");

        CliHarness second = account.cli();
        int code = second.run(rollout);

        assertThat(code).as(second.out() + second.err()).isEqualTo(ExitCodes.HELD);
        assertThat(JsonReader.object(second.out())).containsEntry("status", "REJECTED");
        assertThat(second.err()).contains("Held: --asg: group 'web' is being rolled out by rollout ")
                .doesNotContain("Bad input", "Usage:");
        assertThat(account.lease("web")).isEqualTo(lease);

        assertThat(account.cli().run(account.command("recover", "--asg", "web", "--force"))).isEqualTo(ExitCodes.OK);
        CliHarness third = account.cli();
        assertThat(third.run(rollout)).as(third.out() + third.err()).isEqualTo(ExitCodes.OK);
        assertThat(account.lease("web")).isNull();
    }

    @Test
    void anUnknownGroupIsBadInput() {
        CliHarness cli = account.cli();
        assertThat(cli.run(account.command("recover", "--asg", "nope"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: --asg: there is no Auto Scaling group 'nope' in us-east-1");
    }

    /**
     * A rollout whose refresh pauses at a checkpoint for an hour, so that it still runs when the lease lapses;
     * its process dies once the first instance was replaced.
     */
    private void killDuringTheRefresh(String group) {
        Instant start = account.world.now();
        account.killWhen(w -> Duration.between(start, w.now()).compareTo(Duration.ofMinutes(5)) > 0);
        String instance = group.equals("api") ? account.shop.apiInstances().get(0) : account.shop.webInstances().get(0);
        account.runUntilKilled(account.cli(), account.args("rollout", group, instance, "--caller-reference",
                "recover-test", "--checkpoints", group.equals("api") ? "50,100" : "33,100", "--checkpoint-delay", "3600"));
    }
}
