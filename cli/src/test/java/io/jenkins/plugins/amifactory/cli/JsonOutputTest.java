package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonOutputTest {

    @Test
    void aGroupAwsDoesNotKnowIsBadInputAndStillAnswersInJson() throws Exception {
        try (SimulatorKit sim = SimulatorKit.start()) {
            CliHarness cli = new CliHarness();
            int code = cli.run("plan", "--json", "--asg", "nosuch", "--instance", "i-0abc1234def567890",
                    "--region", "us-east-1", "--endpoint-url", sim.endpoint().toString());

            assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
            Map<String, Object> result = JsonReader.object(cli.out());
            assertThat(result).containsEntry("status", "REJECTED").containsEntry("asg", "nosuch");
            assertThat((String) result.get("message")).startsWith("asg: there is no Auto Scaling group 'nosuch'");
            assertThat(cli.err()).contains("Bad input: --asg: there is no Auto Scaling group 'nosuch' in us-east-1 "
                    + "(check the group name and the region)");
            assertThat(sim.faults().counters()).isNotEmpty();
            assertThat(sim.faults().mutatingCalls()).as("calls that change something").isZero();
        }
    }

    @Test
    void withoutJsonTheRefusalIsOneProgressLineAndTheBadInputBlock() throws Exception {
        try (SimulatorKit sim = SimulatorKit.start()) {
            CliHarness cli = new CliHarness();
            int code = cli.run("rollout", "--asg", "nosuch", "--instance", "i-0abc1234def567890",
                    "--region", "us-east-1", "--endpoint-url", sim.endpoint().toString());

            assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(cli.out()).contains("Refused: --asg: there is no Auto Scaling group 'nosuch'")
                    .doesNotContain("REJECTED");
            assertThat(cli.err()).startsWith("Bad input: --asg: there is no Auto Scaling group 'nosuch'");
            assertThat(sim.faults().mutatingCalls()).isZero();
        }
    }
}
