package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One Image for several groups from the command line: --target, --parallel, --on-failure, --kms-key. */
class FleetCommandTest {

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
    void aSecondTargetGetsTheSameImageAndTheJsonListsEveryTarget() {
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--target", "api",
                "--json"));

        assertThat(code).as(cli.err()).isZero();
        Map<String, Object> result = JsonReader.object(cli.out());
        assertThat(result).containsEntry("status", "SUCCEEDED").containsEntry("asg", "web");
        List<?> targets = (List<?>) result.get("targets");
        assertThat(targets).hasSize(2);
        Map<?, ?> api = (Map<?, ?>) targets.get(1);
        assertThat(api.get("target")).isEqualTo("api@" + account.world.defaultRegion());
        assertThat(api.get("imageId")).isEqualTo(result.get("imageId"));
        assertThat(account.imagesOf("api")).containsOnly((String) result.get("imageId"));
        assertThat(account.imagesOf("web")).containsOnly((String) result.get("imageId"));
        assertThat(cli.err()).contains("Wave 2 of 2: api@");
    }

    @Test
    void theSummarySaysWhereEachTargetIs() {
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--target", "api",
                "--parallel", "--on-failure", "rollback-failed"));

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("SUCCEEDED: 2 groups are on Image ami-")
                .containsPattern("web@us-east-1 +SUCCEEDED, web-lc-1 -> ")
                .containsPattern("api@us-east-1 +SUCCEEDED, ");
    }

    @Test
    void fleetOptionsAreCheckedBeforeAnythingRuns() {
        String instance = account.shop.webInstances().get(0);
        CliHarness dup = account.cli();
        assertThat(dup.run(account.args("rollout", "web", instance, "--target", "web"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dup.err()).contains("--target: group 'web' in us-east-1 is named twice");

        CliHarness key = account.cli();
        assertThat(key.run(account.args("rollout", "web", instance, "--target", "api@eu-west-1", "--kms-key",
                "eu-west-1=not a key"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(key.err()).contains("--kms-key: 'not a key' is not a KMS key id");

        CliHarness lonely = account.cli();
        assertThat(lonely.run(account.args("rollout", "web", instance, "--parallel"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(lonely.err()).contains("--target: --parallel, --on-failure and --kms-key apply to more than one group");

        CliHarness policy = account.cli();
        assertThat(policy.run(account.args("rollout", "web", instance, "--target", "api", "--on-failure", "retry")))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(policy.err()).contains("--on-failure: 'retry' is not a failure policy");
        assertThat(account.server.faults().mutatingCalls()).isZero();
    }

    @Test
    void aPlanShowsEveryTarget() {
        CliHarness cli = account.cli();
        int code = cli.run(account.args("plan", "web", account.shop.webInstances().get(0), "--target", "api"));

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("Plan for web@us-east-1:", "Plan for api@us-east-1:",
                "Image: the fleet's, made once from", "PLANNED: nothing was changed in AWS");
        assertThat(account.server.faults().mutatingCalls()).isZero();
    }

    @Test
    void alarmsReachEveryTargetsRefresh() {
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--target", "api",
                "--alarm", "web-5xx", "--alarm", "web-latency"));

        assertThat(code).as(cli.out() + cli.err()).isZero();
        for (String group : List.of("web", "api")) {
            assertThat(account.refreshes(group).get(0).preferences().alarmSpecification().alarms())
                    .as(group).containsExactly("web-5xx", "web-latency");
        }
    }

    @Test
    void ctrlCInTheSecondWaveRollsEveryWaveBackAndExitsFive() {
        String webBefore = account.groupConfiguration("web");
        String apiBefore = account.groupConfiguration("api");
        java.time.Instant start = account.world.now();
        // The first wave takes about seven minutes; the second is then under way.
        account.ctrlCWhen(w -> java.time.Duration.between(start, w.now()).compareTo(java.time.Duration.ofMinutes(9)) > 0);
        CliHarness cli = account.cli();
        int code = cli.run(account.args("rollout", "web", account.shop.webInstances().get(0), "--target", "api"));

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.ABORTED);
        assertThat(cli.err()).contains("Stopping: applying --on-abort rollback to every group the fleet is rolling out");
        assertThat(account.groupConfiguration("web")).isEqualTo(webBefore);
        assertThat(account.groupConfiguration("api")).isEqualTo(apiBefore);
        assertThat(cli.out()).contains("ABORTED: ");
    }
}
