package io.jenkins.plugins.amifactory;

import static io.jenkins.plugins.amifactory.SimulatedController.OTHER_REGION;
import static io.jenkins.plugins.amifactory.SimulatedController.REGION;
import static io.jenkins.plugins.amifactory.SimulatedController.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The amiFactory step with {@code targets}, driven as Pipeline drives it against the simulator: one Image made once,
 * copied to the other region (encrypted with the target's key), rolled out in waves, polled on the timer and the
 * shared call queue like a lone Rollout; a failing wave, a restart and a stop in the middle of a fleet; input a fleet
 * refuses before it calls AWS.
 */
class FleetStepTest extends SimulatedControllerTest {

    /** web (launch configuration) and api (launch template) here, then web in the other region on an encrypted copy. */
    private AmiFactoryStep threeTargets() {
        controller.seedOtherRegion();
        AmiFactoryStep step = controller.step("web");
        step.setTargets(List.of(target("api", null, null), target("web", OTHER_REGION, "alias/ami-copies")));
        return step;
    }

    /** web, then api, both here. */
    private AmiFactoryStep twoTargets() {
        AmiFactoryStep step = controller.step("web");
        step.setTargets(List.of(target("api", null, null)));
        return step;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(TestStepContext context) {
        return (Map<String, Object>) context.result;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> targets(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("targets");
    }

    @Test
    void aFleetTakesOneImageToEveryGroupAndRegionAndReturnsTheTargetsAndTheCopies() throws Exception {
        AmiFactoryStep step = threeTargets();
        String otherBase = controller.imagesOfInstances("web", OTHER_REGION).get(0);
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(step, context);
        assertThat(execution.getStatus()).isEqualTo("Rollout of 3 groups: checking 0 of 3 targets");
        controller.pollToEnd(context);

        assertThat(context.failure).as(context.log()).isNull();
        Map<String, Object> r = result(context);
        assertThat(r).containsEntry("status", "SUCCEEDED").containsEntry("asg", "web")
                .containsKeys("fleetId", "imageId", "launchConfiguration", "copyLedger").doesNotContainKey("message");
        String image = (String) r.get("imageId");
        @SuppressWarnings("unchecked")
        Map<String, String> copies = (Map<String, String>) r.get("copies");
        assertThat(copies).containsOnlyKeys(OTHER_REGION);
        String copy = copies.get(OTHER_REGION);
        assertThat(copy).startsWith("ami-").isNotEqualTo(image);
        assertThat(targets(r)).extracting(t -> t.get("target"), t -> t.get("status"), t -> t.get("imageId"))
                .containsExactly(tuple("web@us-east-1", "SUCCEEDED", image), tuple("api@us-east-1", "SUCCEEDED", image),
                        tuple("web@eu-west-1", "SUCCEEDED", copy));

        // In AWS: every group runs the Image, or its region's copy, which is encrypted with that region's key.
        assertThat(controller.imagesOfInstances("web")).containsOnly(image);
        assertThat(controller.imagesOfInstances("api")).containsOnly(image);
        assertThat(controller.imagesOfInstances("web", OTHER_REGION)).containsOnly(copy);
        assertThat(otherBase).as("the group there ran its own region's Image before").isNotEqualTo(copy);
        try (Ec2Client ec2 = controller.ec2(OTHER_REGION)) {
            Image copied = ec2.describeImages(q -> q.imageIds(copy)).images().get(0);
            assertThat(ec2.describeSnapshots(q -> q.snapshotIds(copied.blockDeviceMappings().stream()
                    .map(m -> m.ebs().snapshotId()).toList())).snapshots()).isNotEmpty().allSatisfy(s -> {
                        assertThat(s.encrypted()).isTrue();
                        assertThat(s.kmsKeyId()).startsWith("arn:aws:kms:" + OTHER_REGION + ":");
                    });
        }
        assertThat(controller.calls("ec2", "CreateImage")).as("one Image for the fleet").isEqualTo(1);
        assertThat(controller.calls("ec2", "CopyImage")).isEqualTo(1);
        assertThat(controller.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(3);
        assertThat(controller.timer.live()).as("nothing left on the timer").isEmpty();
        assertThat(controller.runtime.credentials.tracked).containsExactly(SimulatedController.CREDENTIALS_ID);

        String log = context.log();
        assertThat(log.lines().findFirst()).hasValue("[AMI Factory] AMI Factory " + System.getProperty("ami-factory.version")
                + ": rollout of 3 groups from instance " + controller.instanceOf("web") + " in us-east-1, in waves: "
                + "web@us-east-1, then api@us-east-1, then web@eu-west-1");
        assertThat(log).contains("[AMI Factory] Rollout of 3 groups SUCCEEDED: every group is on Image " + image
                        + " or its copy in the group's region (" + copy + " in eu-west-1).\n"
                        + "[AMI Factory]   web@us-east-1: SUCCEEDED: group 'web' is on ")
                .contains("[AMI Factory]   api@us-east-1: SUCCEEDED: group 'api' is on ")
                .contains("[AMI Factory]   web@eu-west-1: SUCCEEDED: group 'web' is on ")
                .contains("[AMI Factory]     image copy " + copy + ": in use by group 'web' in eu-west-1");

        // The build keeps one record per target, in wave order; its variables are the first target's.
        AmiFactoryAction action = context.run.getAction(AmiFactoryAction.class);
        assertThat(action.getRollouts()).extracting(RolloutRecord::getAsg, RolloutRecord::getRegion,
                RolloutRecord::getStatus, RolloutRecord::getTargetNumber).containsExactly(
                        tuple("web", REGION, "SUCCEEDED", 1), tuple("api", REGION, "SUCCEEDED", 2),
                        tuple("web", OTHER_REGION, "SUCCEEDED", 3));
        assertThat(action.getRollouts().get(2).getSummary()).startsWith("Target 3 of 3, in eu-west-1: group 'web' "
                + "SUCCEEDED in ");
        EnvVars env = new EnvVars();
        action.buildEnvironment(context.run, env);
        assertThat(env).containsEntry("AMI_FACTORY_STATUS", "SUCCEEDED").containsEntry("AMI_FACTORY_IMAGE_ID", image)
                .containsEntry("AMI_FACTORY_LAUNCH_CONFIGURATION", controller.group("web").launchConfigurationName())
                .containsEntry("AMI_FACTORY_TARGETS", "3").containsEntry("AMI_FACTORY_TARGET_2_ASG", "api")
                .containsEntry("AMI_FACTORY_TARGET_3_REGION", OTHER_REGION)
                .containsEntry("AMI_FACTORY_TARGET_3_IMAGE_ID", copy);
    }

    @Test
    void aFailingSecondWaveRollsTheFirstBackAndTheBuildFailsWithTheFleetsVerdict() throws Exception {
        AmiFactoryStep step = twoTargets();
        step.setAlarms(List.of("api-5xx"));
        String apiBefore = controller.group("api").launchTemplate().version();
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(step, context);
        controller.pollUntil(context, c -> execution.getStatus().contains("web@us-east-1: held (refresh healthy"));
        assertThat(context.isDone()).as(context.log()).isFalse();
        assertThat(controller.group("web").launchConfigurationName()).as("the first wave is on the new Image")
                .isNotEqualTo("web-lc-1");
        // The alarm that watches every wave's Refresh goes off during the second.
        controller.alarm(REGION, "api-5xx", Alarms.State.ALARM);
        controller.pollToEnd(context);

        assertThat(context.result).isNull();
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rollout of 2 groups FAILED: api@us-east-1: ")
                .hasMessageContaining("api-5xx")
                .hasMessageEndingWith("web@us-east-1: Group 'web' is on web-lc-1 (its previous configuration); "
                        + "api@us-east-1: Group 'api' is on api-lt:" + apiBefore + " (its previous configuration).");
        assertThat(context.failure.getMessage()).doesNotContain("\n");
        assertThat(controller.group("web").launchConfigurationName()).as("rollbackAll").isEqualTo("web-lc-1");
        assertThat(controller.imagesOfInstances("web")).as("the Refresh back ran").containsOnly(controller.shop.baseImageId());
        assertThat(controller.group("api").launchTemplate().version()).isEqualTo(apiBefore);
        AmiFactoryAction action = context.run.getAction(AmiFactoryAction.class);
        assertThat(action.getRollouts()).extracting(RolloutRecord::getAsg, RolloutRecord::getStatus)
                .containsExactly(tuple("web", "FAILED"), tuple("api", "FAILED"));
        assertThat(action.getEnvironment()).containsEntry("AMI_FACTORY_STATUS", "FAILED");
        assertThat(context.log()).contains("[AMI Factory] Stopping the fleet: the rollout of api@us-east-1 failed; "
                + "rolling back every wave");
    }

    @Test
    void aRestartMidFleetContinuesWithoutMakingAnythingTwice() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(threeTargets(), context);
        controller.pollUntil(context, c -> execution.getStatus().contains("api@us-east-1: refresh wait"));
        controller.poll();
        TestStepContext.Save last = context.saves().get(context.saves().size() - 1);
        assertThat(last.status()).startsWith("Rollout of 3 groups: web@us-east-1: held")
                .contains("api@us-east-1: refresh wait");

        AmiFactoryStepExecution revived = controller.revive(last, context);
        revived.onResume();
        TestStepContext after = (TestStepContext) revived.getContext();
        controller.pollToEnd(after);
        assertThat(after.failure).as(after.log()).isNull();
        assertThat(result(after)).containsEntry("status", "SUCCEEDED");
        assertThat(after.log()).contains("[AMI Factory] Resuming the rollout of 3 groups after a restart: "
                + "web@us-east-1: held");
        assertThat(controller.calls("ec2", "CreateImage")).isEqualTo(1);
        assertThat(controller.calls("ec2", "CopyImage")).isEqualTo(1);
        assertThat(controller.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(3);
        assertThat(context.completions).as("the old execution never completes").isZero();
        assertThat(controller.imagesOfInstances("web", OTHER_REGION)).containsOnly(
                (String) ((Map<?, ?>) result(after).get("copies")).get(OTHER_REGION));
    }

    @Test
    void stoppingMidFleetRollsEveryWaveBackBeforeTheStepEnds() throws Exception {
        String apiBefore = controller.group("api").launchTemplate().version();
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(twoTargets(), context);
        controller.pollUntil(context, c -> execution.getStatus().contains("api@us-east-1: refresh wait"));
        Exception cause = new InterruptedException("Aborted by alice");
        execution.stop(cause);
        assertThat(execution.getStatus()).endsWith(", stopping");
        assertThat(context.isDone()).as("the step waits for every wave's outcome").isFalse();
        controller.pollToEnd(context);

        assertThat(context.failure).as(context.log()).isSameAs(cause);
        assertThat(context.completions).isEqualTo(1);
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(controller.group("api").launchTemplate().version()).isEqualTo(apiBefore);
        assertThat(controller.calls("autoscaling", "RollbackInstanceRefresh")).isEqualTo(1);
        assertThat(context.log()).contains("[AMI Factory] Rollout of 2 groups ABORTED: Aborted (Aborted by alice)");
        assertThat(context.run.getAction(AmiFactoryAction.class).getEnvironment())
                .containsEntry("AMI_FACTORY_STATUS", "ABORTED");
        assertThat(controller.timer.live()).isEmpty();
    }

    @Test
    void aTargetNamedTwiceABadKeyOrAFleetOptionWithoutTargetsIsRefusedBeforeAnyCall() {
        controller.seedOtherRegion();
        AmiFactoryStep twice = controller.step("web");
        twice.setTargets(List.of(target("api", null, null), target("api", REGION, null)));
        assertThatThrownBy(() -> controller.start(twice, controller.context())).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("targets: group 'api' in us-east-1 is named twice");

        AmiFactoryStep badKey = controller.step("web");
        badKey.setTargets(List.of(target("web", OTHER_REGION, "my key")));
        assertThatThrownBy(() -> controller.start(badKey, controller.context())).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("kmsKeyId: 'my key' is not a KMS key id, key ARN, alias or alias ARN");

        AmiFactoryStep keyOfAnotherRegion = controller.step("web");
        keyOfAnotherRegion.setTargets(List.of(target("web", OTHER_REGION,
                "arn:aws:kms:us-east-1:123456789012:alias/ami-copies")));
        assertThatThrownBy(() -> controller.start(keyOfAnotherRegion, controller.context()))
                .hasMessageStartingWith("kmsKeyId: the key for eu-west-1 is in us-east-1");

        AmiFactoryStep twoKeys = controller.step("web");
        twoKeys.setTargets(List.of(target("web", OTHER_REGION, "alias/a"), target("api", OTHER_REGION, "alias/b")));
        assertThatThrownBy(() -> controller.start(twoKeys, controller.context()))
                .hasMessageStartingWith("kmsKeyId: the targets in eu-west-1 give two keys ('alias/a' and 'alias/b')");

        AmiFactoryStep parallelAlone = controller.step("web");
        parallelAlone.setParallel(true);
        assertThatThrownBy(() -> controller.start(parallelAlone, controller.context()))
                .hasMessageStartingWith("targets: parallel and onFailure apply to more than one group");

        assertThat(controller.server.faults().counters().values().stream().mapToLong(Long::longValue).sum())
                .as("no AWS call at all").isZero();
    }

    @Test
    void anUnknownGroupInALaterTargetIsRefusedWhileTheTargetsAreCheckedAndNothingChanges() throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setTargets(List.of(target("api", null, null), target("shop", null, null)));
        TestStepContext context = controller.context();
        controller.start(step, context);
        controller.pollToEnd(context);

        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rollout of 3 groups REJECTED: shop@us-east-1: asg: ");
        assertThat(controller.server.faults().mutatingCalls()).isZero();
        RolloutRecord refused = context.run.getAction(AmiFactoryAction.class).getLast();
        assertThat(refused.getStatus()).isEqualTo("REJECTED");
        assertThat(refused.getMessage()).startsWith("shop@us-east-1: asg: ");
    }
}
