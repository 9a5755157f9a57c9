package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void twoRolloutsSucceedTheUnhealthyOneFailsAndTheGroupIsBack() {
        CliHarness cli = new CliHarness();
        // A time scale this high makes the waits vanish; the simulated timings are the same as at any speed.
        int code = cli.run("demo", "--time-scale", "100000", "--json");

        assertThat(code).as(cli.err()).isZero();
        String human = cli.err();
        assertThat(human).contains("== 1/3 Roll out group web (launch configuration)",
                "== 2/3 Roll out group api (launch template)",
                "== 3/3 Roll out group api with an Image whose instances never pass their health checks",
                "Summary: all 3 rollouts behaved as expected");
        assertThat(human).containsPattern("1 +web +SUCCEEDED +SUCCEEDED +web-lc-1 +web-\\S+ +ami-\\S+ +yes")
                .containsPattern("2 +api +SUCCEEDED +SUCCEEDED +api-lt:\\$Default +api-lt:2 +ami-\\S+ +yes")
                .containsPattern("3 +api +FAILED +FAILED +api-lt:2 +api-lt:2 +ami-\\S+ +yes")
                .containsPattern("image wait +1 min 25 s +1 min 5 s +1 min 5 s")
                .contains("ledger: what each rollout created or changed");

        Map<String, Object> json = JsonReader.object(cli.out());
        assertThat(json).containsEntry("asExpected", true);
        List<Map<String, Object>> rollouts = (List<Map<String, Object>>) json.get("rollouts");
        assertThat(rollouts).extracting(r -> r.get("status")).containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED");
        Map<String, Object> failed = rollouts.get(2);
        assertThat(failed.get("groupAfter")).isEqualTo(failed.get("groupBefore")).isEqualTo("api-lt:2");
        assertThat((String) failed.get("message")).contains("Group 'api' is on api-lt:2 (its previous configuration)");
    }
}
