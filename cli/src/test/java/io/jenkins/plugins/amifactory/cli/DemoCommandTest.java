package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole demo, run once (a few seconds) and read by each test for its act. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCommandTest {

    private int code;
    private String human;
    private Map<String, Object> json;

    @BeforeAll
    void runTheDemo() {
        CliHarness cli = new CliHarness();
        // A time scale this high makes the waits vanish; the simulated timings are the same as at any speed.
        code = cli.run("demo", "--time-scale", "100000", "--json");
        human = cli.err();
        json = JsonReader.object(cli.out());
    }

    @Test
    void exitsZeroWhenAllFourBehaveAsExpected() {
        assertThat(code).as(human).isZero();
        assertThat(human).contains("Summary: all 4 rollouts behaved as expected");
        assertThat(json).containsEntry("asExpected", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoRolloutsSucceedTheUnhealthyOneFailsAndTheGroupIsBack() {
        assertThat(human).contains("== 1/4 Roll out group web (launch configuration)",
                "== 2/4 Roll out group api (launch template)",
                "== 3/4 Roll out group api with an Image whose instances never pass their health checks");
        assertThat(human).containsPattern("\n  1 +web +SUCCEEDED +SUCCEEDED +web-lc-1 +web-\\S+ +ami-\\S+ +yes")
                .containsPattern("\n  2 +api +SUCCEEDED +SUCCEEDED +api-lt:\\$Default +api-lt:2 +ami-\\S+ +yes")
                .containsPattern("\n  3 +api +FAILED +FAILED +api-lt:2 +api-lt:2 +ami-\\S+ +yes")
                .containsPattern("image wait +1 min 25 s +1 min 5 s +1 min 5 s")
                .contains("ledger: what each rollout created or changed");

        List<Map<String, Object>> rollouts = (List<Map<String, Object>>) json.get("rollouts");
        assertThat(rollouts).extracting(r -> r.get("status"))
                .startsWith("SUCCEEDED", "SUCCEEDED", "FAILED");
        Map<String, Object> failed = rollouts.get(2);
        assertThat(failed.get("groupAfter")).isEqualTo(failed.get("groupBefore")).isEqualTo("api-lt:2");
        assertThat((String) failed.get("message")).contains("Group 'api' is on api-lt:2 (its previous configuration)");
    }

    @Test
    void theShopHasAWorkerAndAWebInTheSecondRegion() {
        assertThat(human).containsPattern("\n  group worker: launch template lt-\\S+, instances i-\\S+ i-\\S+\n")
                .containsPattern("\n  group web in eu-west-1: launch template lt-\\S+ on Image ami-\\S+, instances i-\\S+ i-\\S+\n");
    }

    @Test
    void theFourthActRollsWebThenWorkerThenTheSecondRegionEachAfterTheLastIsHealthy() {
        assertThat(human).contains("== 4/4 Roll out one Image to every group and region: web and worker here, "
                + "web in eu-west-1, in waves");
        assertThat(human).contains("rollout of 3 groups from instance i-", " in us-east-1, in waves: web@us-east-1, "
                + "then worker@us-east-1, then web@eu-west-1");
        String act = human.substring(human.indexOf("== 4/4"));
        assertThat(act).containsSubsequence(
                "[web@us-east-1] creating Image",
                "web@us-east-1: Refresh healthy; held until the fleet's verdict",
                "Wave 2 of 3: worker@us-east-1 with Image ami-",
                "worker@us-east-1: Refresh healthy; held until the fleet's verdict",
                "Wave 3 of 3: web@eu-west-1 with Image ami-",
                "web@eu-west-1: Refresh healthy; held until the fleet's verdict",
                "Every wave is healthy: finishing each",
                "SUCCEEDED: 3 groups are on Image ami-",
                "Checked in the simulator:",
                "Summary: all 4 rollouts behaved as expected");
        // Summary.print's rows line up however long a target's name is.
        assertThat(act).containsPattern("\n  web@us-east-1     SUCCEEDED, web-\\S+ -> web-\\S+, refresh Successful\n")
                .containsPattern("\n  worker@us-east-1  SUCCEEDED, worker-lt:\\$Default -> worker-lt:2, refresh Successful\n")
                .containsPattern("\n  web@eu-west-1     SUCCEEDED, web-lt:\\$Default -> web-lt:2, refresh Successful\n");
        assertThat(human).containsPattern("\n  4a +web +SUCCEEDED +SUCCEEDED +web-\\S+ +web-\\S+ +ami-\\S+ +yes")
                .containsPattern("\n  4b +worker +SUCCEEDED +SUCCEEDED +worker-lt:\\$Default +worker-lt:2 +ami-\\S+ +yes")
                .containsPattern("\n  4c +web@eu-west-1 +SUCCEEDED +SUCCEEDED +web-lt:\\$Default +web-lt:2 +ami-\\S+ +yes")
                .containsPattern("phase \\(simulated\\) +#1 +#2 +#3 +#4a +#4b +#4c");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCopyInTheSecondRegionIsEncryptedWithTheDemoKey() {
        Map<String, Object> fleet = (Map<String, Object>) json.get("fleet");
        String copy = (String) ((Map<String, Object>) fleet.get("copies")).get("eu-west-1");
        assertThat(copy).startsWith("ami-").isNotEqualTo(fleet.get("imageId"));
        assertThat(human).contains("Copying Image " + fleet.get("imageId") + " to eu-west-1 as " + copy
                + ", encrypted with alias/ami-factory-demo");
        assertThat(check(fleet, "copy in eu-west-1")).containsEntry("ok", true);
        assertThat((String) check(fleet, "copy in eu-west-1").get("found"))
                .matches(copy + ", 2 snapshots, encrypted with arn:aws:kms:eu-west-1:\\d{12}:key/\\S+");
        assertThat(human).containsPattern("\n  copy in eu-west-1 +" + copy + ", 2 snapshots, encrypted with arn:aws:kms:eu-west-1:");
        assertThat((List<Map<String, Object>>) fleet.get("copyLedger")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("id", copy)
                        .containsEntry("fate", "in use by group 'web' in eu-west-1"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGroupEndsOnTheNewImageOrItsCopyInItsRegion() {
        Map<String, Object> fleet = (Map<String, Object>) json.get("fleet");
        assertThat(fleet).containsEntry("status", "SUCCEEDED");
        String image = (String) fleet.get("imageId");
        String copy = (String) ((Map<String, Object>) fleet.get("copies")).get("eu-west-1");
        assertThat(check(fleet, "web@us-east-1")).containsEntry("ok", true)
                .containsEntry("found", "3 instances, all on " + image + " (the Image)");
        assertThat(check(fleet, "worker@us-east-1")).containsEntry("ok", true)
                .containsEntry("found", "2 instances, all on " + image + " (the Image)");
        assertThat(check(fleet, "web@eu-west-1")).containsEntry("ok", true)
                .containsEntry("found", "2 instances, all on " + copy + " (its copy in eu-west-1)");

        List<Map<String, Object>> rollouts = (List<Map<String, Object>>) json.get("rollouts");
        assertThat(rollouts).extracting(r -> r.get("number")).containsExactly("1", "2", "3", "4a", "4b", "4c");
        assertThat(rollouts.subList(3, 6)).extracting(r -> r.get("group"), r -> r.get("imageId"), r -> r.get("status"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", image, "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("worker", image, "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("web@eu-west-1", copy, "SUCCEEDED"));
        assertThat(rollouts.subList(3, 6)).allSatisfy(r -> {
            assertThat(r.get("groupAfter")).isEqualTo(r.get("newConfiguration")).isNotEqualTo(r.get("groupBefore"));
            assertThat(r).containsEntry("asExpected", true);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> check(Map<String, Object> fleet, String what) {
        return ((List<Map<String, Object>>) fleet.get("checks")).stream().filter(c -> what.equals(c.get("what")))
                .findFirst().orElseThrow(() -> new AssertionError("no check of " + what + " in " + fleet));
    }
}
