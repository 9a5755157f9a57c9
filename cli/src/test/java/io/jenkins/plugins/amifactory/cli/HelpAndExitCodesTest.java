package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HelpAndExitCodesTest {

    @Test
    void exitCodesAreTheDocumentedOnes() {
        assertThat(ExitCodes.of(RolloutStatus.SUCCEEDED)).isZero();
        assertThat(ExitCodes.of(RolloutStatus.PLANNED)).isZero();
        assertThat(ExitCodes.of(RolloutStatus.REJECTED)).isEqualTo(2);
        assertThat(ExitCodes.of(RolloutStatus.FAILED)).isEqualTo(3);
        assertThat(ExitCodes.of(RolloutStatus.TIMED_OUT)).isEqualTo(4);
        assertThat(ExitCodes.of(RolloutStatus.ABORTED)).isEqualTo(5);
        assertThat(ExitCodes.of(RolloutStatus.RUNNING)).isEqualTo(1);
        assertThat(ExitCodes.HELD).isEqualTo(6);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out().replaceAll("\\s+", " ")).contains("rollout", "plan", "simulator", "demo",
                "0 success, 1 unexpected error, 2 bad input (nothing changed), 3 rollout failed, 4 timed out, 5 stopped by Ctrl-C, "
                        + "6 the group is held by another rollout", "recover", "whoami");
    }

    @Test
    void rolloutHelpShowsEveryOptionOfTheJenkinsStep() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("rollout", "--help")).isZero();
        assertThat(cli.out()).contains("--asg", "--instance", "--region", "--profile", "--endpoint-url", "--strategy",
                "--reboot", "--no-refresh", "--min-healthy", "--max-healthy", "--warmup", "--[no-]skip-matching",
                "--checkpoints", "--checkpoint-delay", "--bake-time", "--[no-]auto-rollback", "--set-default-version",
                "--image-timeout", "--rollout-timeout", "--timeout", "--on-timeout", "--on-abort", "--keep-images",
                "--image-name", "--image-description", "--tag", "--caller-reference", "--json", "--plain");
    }

    @Test
    void planHasTheSameOptionsAsRollout() {
        CliHarness rollout = new CliHarness();
        rollout.run("rollout", "--help");
        CliHarness plan = new CliHarness();
        assertThat(plan.run("help", "plan")).isZero();
        assertThat(optionLines(plan.out())).isEqualTo(optionLines(rollout.out()));
    }

    @Test
    void recoverHelpShowsItsOptionsAndExitCodes() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("recover", "--help")).isZero();
        assertThat(cli.out()).contains("--asg", "--force", "--timeout", "--region", "--profile", "--endpoint-url");
        assertThat(cli.out().replaceAll("\\s+", " ")).contains("6 held by a live rollout (nothing changed)");
    }

    @Test
    void whoamiHelpShowsItsOptionsAndExitCodes() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("whoami", "--help")).isZero();
        assertThat(cli.out()).contains("--profile", "--region", "--endpoint-url", "--json");
        assertThat(cli.out().replaceAll("\\s+", " ")).contains("0 shown, 2 no usable credentials (or AWS does not "
                + "accept them), 3 AWS could not be asked");
    }

    @Test
    void versionIsPrinted() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).isEqualTo("ami-factory " + System.getProperty("ami-factory.version")
                + System.lineSeparator());
    }

    private static java.util.List<String> optionLines(String help) {
        return help.lines().filter(l -> l.stripLeading().startsWith("--")).toList();
    }
}
