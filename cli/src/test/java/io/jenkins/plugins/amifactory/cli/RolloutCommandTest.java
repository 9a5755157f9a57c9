package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole rollouts through the command line against the simulator, one per way a rollout can end. */
class RolloutCommandTest {

    private SimulatedAccount account;

    @BeforeEach
    void start() throws IOException {
        account = new SimulatedAccount();
    }

    @AfterEach
    void stop() {
        account.close();
    }

    @Test
    void launchConfigurationGroupRollsOutAndTheJsonSaysSo() {
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--json",
                "--tag", "team=shop", "--caller-reference", "TICKET-1"));

        assertThat(code).as(cli.err()).isZero();
        Map<String, Object> result = JsonReader.object(cli.out());
        assertThat(result).containsEntry("status", "SUCCEEDED").containsEntry("asg", "web")
                .containsEntry("previousConfiguration", "web-lc-1");
        String next = (String) result.get("newConfiguration");
        assertThat(next).startsWith("web-");
        assertThat(account.groupConfiguration("web")).isEqualTo(next);
        assertThat((String) result.get("imageId")).startsWith("ami-");
        assertThat(((Map<?, ?>) result.get("phaseSeconds")).keySet()).asString().contains("image wait", "refresh wait");
        assertThat((List<?>) result.get("ledger")).isNotEmpty();
        // Progress went to standard error, so standard output is nothing but the JSON.
        assertThat(cli.err()).contains("refresh wait");
    }

    @Test
    void launchTemplateGroupRollsOutWithProgressAndASummary() {
        CliHarness cli = account.cli();
        String instance = account.shop.apiInstances().get(0);
        int code = cli.run(account.args("rollout", "api", instance, "--set-default-version", "--min-healthy", "50"));

        assertThat(code).as(cli.out() + cli.err()).isZero();
        // The first line says which build ran the rollout.
        assertThat(cli.out().lines().findFirst()).hasValueSatisfying(first -> assertThat(first.replaceAll(" +", " "))
                .isEqualTo("[ 0:00] AMI Factory " + System.getProperty("ami-factory.version")
                        + ": rollout of group 'api' from instance " + instance));
        assertThat(cli.out()).contains("image wait", "refresh wait", "SUCCEEDED: group 'api' is on api-lt:2 with Image ami-",
                "configuration", "ledger");
        assertThat(account.groupConfiguration("api")).isEqualTo("api-lt:2");
    }

    @Test
    void eachServiceCanHaveItsOwnEndpointAndAnUnreachableOneIsNamed() {
        String sim = account.server.endpoint().toString();
        String instance = account.shop.webInstances().get(0);
        CliHarness split = account.cli();
        int code = split.run("plan", "--asg", "web", "--instance", instance, "--region", account.world.defaultRegion(),
                "--ec2-endpoint-url", sim, "--autoscaling-endpoint-url", sim);
        assertThat(code).as(split.out() + split.err()).isZero();
        assertThat(split.out()).contains("PLANNED");

        CliHarness dead = account.cli();
        code = dead.run(account.args("plan", "web", instance, "--ec2-endpoint-url", "http://127.0.0.1:1"));
        assertThat(code).as(dead.out() + dead.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dead.out() + dead.err()).contains("--ec2-endpoint-url: could not reach EC2 at http://127.0.0.1:1: "
                + "connection refused");
        assertThat(account.server.faults().counters()).as("the group was read at the common endpoint")
                .containsKey("autoscaling:DescribeAutoScalingGroups");
    }

    @Test
    void unhealthyImageFailsWithExitThreeAndTheGroupGoesBack() {
        String before = account.groupConfiguration("api");
        account.world.run(() -> account.world.scenario().unhealthyNextImages = 1);
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "api", account.shop.apiInstances().get(0)));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("FAILED: the Refresh was rolled back by AWS (reason above). Group 'api' is on "
                + before + " (its previous configuration).");
        assertThat(cli.out().split("ended RollbackSuccessful", -1)).as("the reason, printed once").hasSize(2);
        assertThat(account.groupConfiguration("api")).isEqualTo(before);
    }

    @Test
    void refreshOutlastingItsTimeoutExitsFourAfterRollingBack() {
        String before = account.groupConfiguration("web");
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0),
                "--rollout-timeout", "1", "--on-timeout", "rollback", "--json"));

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.TIMED_OUT);
        Map<String, Object> result = JsonReader.object(cli.out());
        assertThat(result).containsEntry("status", "TIMED_OUT");
        assertThat((String) result.get("message")).contains("(rolloutTimeoutMinutes)");
        assertThat(account.groupConfiguration("web")).isEqualTo(before);
    }

    @Test
    void ctrlCAppliesTheAbortOutcomeAndExitsFive() {
        String before = account.groupConfiguration("web");
        Instant start = account.world.now();
        account.ctrlCWhen(w -> Duration.between(start, w.now()).compareTo(Duration.ofMinutes(3)) > 0);
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--on-abort", "rollback"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.ABORTED);
        assertThat(cli.err()).contains("Stopping: applying --on-abort rollback to group 'web' before exiting (Ctrl-C again stops that too).");
        assertThat(cli.out()).contains("Aborted (Ctrl-C) during refresh wait",
                "ABORTED: it was aborted (reason above). Group 'web' is on " + before);
        assertThat(account.ctrlC.released).containsExactly(ExitCodes.ABORTED);
        assertThat(account.groupConfiguration("web")).isEqualTo(before);
    }

    @Test
    void planShowsTheDifferencesAndChangesNothing() {
        account.server.faults().resetCounters();
        assertThat(account.server.faults().counters()).isEmpty();
        CliHarness cli = account.cli();
        int code = cli.run(account.args("plan", "web", account.shop.webInstances().get(0)));

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("Plan for group 'web'", "Launch configuration: web-lc-1 -> new",
                "PLANNED: nothing was changed in AWS");
        assertThat(account.server.faults().mutatingCalls()).as("calls that change something").isZero();
        assertThat(account.groupConfiguration("web")).isEqualTo("web-lc-1");

        CliHarness json = account.cli();
        assertThat(json.run(account.args("plan", "web", account.shop.webInstances().get(0), "--json"))).isZero();
        Map<String, Object> result = JsonReader.object(json.out());
        assertThat(result).containsEntry("status", "PLANNED");
        assertThat((List<?>) result.get("plan")).isNotEmpty();
        assertThat(account.server.faults().mutatingCalls()).isZero();
    }
}
