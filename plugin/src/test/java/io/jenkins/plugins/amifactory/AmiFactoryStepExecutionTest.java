package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The amiFactory step driven the way Pipeline drives it, against the simulator on simulated time: what it returns,
 * how it fails, and that it waits without holding a thread.
 */
class AmiFactoryStepExecutionTest extends SimulatedControllerTest {

    @Test
    void aRolloutReturnsWhatItDidAsAMap() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        assertThat(execution.getStatus()).startsWith("Rollout of group 'web': preflight");
        controller.pollToEnd(context);

        assertThat(context.failure).as(context.log()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) context.result;
        assertThat(r).containsEntry("status", "SUCCEEDED").containsEntry("asg", "web")
                .containsKeys("imageId", "launchConfiguration", "refreshId", "ledger", "phaseSeconds");
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo(r.get("launchConfiguration"));
        assertThat((String) r.get("imageId")).startsWith("ami-");
        assertThat(context.completions).isEqualTo(1);
        assertThat(controller.calls("ec2", "CreateImage")).isEqualTo(1);
        assertThat(controller.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(1);
        assertThat(controller.runtime.credentials.tracked).containsExactly(SimulatedController.CREDENTIALS_ID);
        assertThat(controller.runtime.credentials.byId.get(SimulatedController.CREDENTIALS_ID).resolutions.get())
                .as("once per poll at most").isLessThanOrEqualTo(context.saves().size() + 200);
        assertThat(controller.timer.live()).as("nothing left on the timer").isEmpty();

        String log = context.log();
        assertThat(log.lines().findFirst()).hasValue("[AMI Factory] AMI Factory " + System.getProperty("ami-factory.version")
                + ": rollout of group 'web' from instance " + controller.instanceOf("web"));
        assertThat(log).contains("[AMI Factory] Using AWS credentials 'aws-sim'")
                .contains("[AMI Factory] Image: creating Image")
                .contains("[AMI Factory] Refresh wait: waiting for instance refresh")
                .contains("[AMI Factory] Rollout of group 'web' SUCCEEDED: group 'web' is on ")
                .doesNotContain(TestSecrets.SECRET_KEY).doesNotContain("AKIDSTORED");
    }

    @Test
    void sessionCredentialsFromWithAwsAreWarnedAboutOnceAtTheStart() throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setCredentialsId(null);
        step.setPlanOnly(true);
        TestStepContext context = controller.context();
        context.env.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDFROMWITHAWS", "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY,
                "AWS_SESSION_TOKEN", TestSecrets.SESSION_TOKEN));
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        String log = context.log();
        assertThat(log).contains("[AMI Factory] Using the AWS credentials of the build environment (AWS_ACCESS_KEY_ID)\n"
                + "[AMI Factory] Warning: the AWS credentials of the build environment are temporary");
        assertThat(log.split("Warning: the AWS credentials", -1)).hasSize(2);
        assertThat(log).doesNotContain("AKIDFROMWITHAWS").doesNotContain(TestSecrets.SECRET_KEY).doesNotContain(TestSecrets.SESSION_TOKEN);
    }

    /** Starts a plan of group web in {@code context} and runs it to its end; returns the log. */
    private String plan(TestStepContext context) throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setPlanOnly(true);
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        return context.log();
    }

    @ParameterizedTest
    @EnumSource(FlowDurabilityHint.class)
    void aDurabilityThatDoesNotSaveEveryStepIsWarnedAbout(FlowDurabilityHint hint) throws Exception {
        TestStepContext context = controller.context();
        context.flow = new TestStepContext.Flow(hint);
        String log = plan(context);
        if (hint == FlowDurabilityHint.PERFORMANCE_OPTIMIZED) {
            assertThat(log).contains("[AMI Factory] Warning: this Pipeline runs with durability PERFORMANCE_OPTIMIZED, "
                    + "which does not save every step")
                    .contains("Set durabilityHint('MAX_SURVIVABILITY') in the Jenkinsfile's options, or "
                            + "MAX_SURVIVABILITY in the job's 'Pipeline speed/durability override'.");
            assertThat(log.split("runs with durability", -1)).as("once").hasSize(2);
        } else {
            assertThat(log).as("%s saves every step", hint).doesNotContain("durability");
        }
    }

    @Test
    void withoutAPipelineToAskThereIsNoDurabilityWarningAndNoFailure() throws Exception {
        assertThat(plan(controller.context())).doesNotContain("durability");
        TestStepContext unavailable = controller.context();
        unavailable.flowUnavailable = new IOException("the build failed to load");
        assertThat(plan(unavailable)).doesNotContain("durability");
    }

    @Test
    void aLaunchTemplateGroupReturnsItsNewVersion() throws Exception {
        TestStepContext context = controller.context();
        controller.start(controller.step("api"), context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) context.result;
        assertThat(r).containsEntry("status", "SUCCEEDED").containsEntry("launchTemplateId", controller.shop.apiLaunchTemplateId())
                .containsKey("launchTemplateVersion");
        assertThat(controller.group("api").launchTemplate().version()).isEqualTo(r.get("launchTemplateVersion"));
    }

    @Test
    void progressLinesAreThrottledAndQuietDropsThem() throws Exception {
        TestStepContext loud = controller.context();
        controller.start(controller.step("web"), loud);
        controller.pollToEnd(loud);
        List<String> progress = loud.log().lines().filter(l -> l.matches(".*Refresh wait: \\d+%.*")).toList();
        assertThat(progress).isNotEmpty();

        AmiFactoryStep quietStep = controller.step("api");
        quietStep.setQuiet(true);
        TestStepContext quiet = controller.context();
        controller.start(quietStep, quiet);
        controller.pollToEnd(quiet);
        assertThat(quiet.log()).doesNotContainPattern("Refresh wait: \\d+%").contains("Refresh wait: waiting for")
                .contains("SUCCEEDED");
    }

    @Test
    void aFailedRefreshFailsTheBuildWithOnlyTheReason() throws Exception {
        controller.failTheNextRefresh();
        TestStepContext context = controller.context();
        controller.start(controller.step("web"), context);
        controller.pollToEnd(context);
        // The reason is on the console once, in full; the build's last line refers to it.
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessage("Rollout of group 'web' FAILED: "
                + "the Refresh failed (reason above). Group 'web' is on web-lc-1 (its previous configuration).");
        assertThat(context.log().split("of group 'web' ended Failed", -1)).as(context.log()).hasSize(2);
        assertThat(context.log()).doesNotContain("((");
        assertThat(context.result).isNull();
        assertThat(controller.group("web").launchConfigurationName()).as("rolled back").isEqualTo("web-lc-1");
    }

    @Test
    void aTimeoutAppliesOnTimeoutThenFailsTheBuild() throws Exception {
        controller.scenario(s -> s.imageBaseTime = Duration.ofMinutes(30));
        AmiFactoryStep step = controller.step("web");
        step.setImageTimeoutMinutes(2);
        TestStepContext context = controller.context();
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rollout of group 'web' TIMED_OUT: the Image was not ready in time (reason above).");
        assertThat(context.log().split("\\(imageTimeoutMinutes\\)", -1)).as(context.log()).hasSize(2);
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void aRefusedRequestFailsBeforeAnythingChanges() throws Exception {
        AmiFactoryStep step = controller.step("no-such-group");
        TestStepContext context = controller.context();
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessage("Rollout of group 'no-such-group' REJECTED: nothing was changed in AWS (reason above).");
        assertThat(context.log()).contains("[AMI Factory] Refused: asg: ").contains("no-such-group");
        assertThat(controller.server.faults().mutatingCalls()).isZero();
    }

    @Test
    void badInputIsRefusedWhenTheStepStarts() {
        AmiFactoryStep step = controller.step("web");
        step.setMinHealthyPercentage(150);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> controller.start(step, controller.context()))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("minHealthyPercentage: ");
    }

    @Test
    void aPlanChangesNothingAndReturnsThePlan() throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setPlanOnly(true);
        TestStepContext context = controller.context();
        controller.start(step, context);
        controller.pollToEnd(context);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) context.result;
        assertThat(r).containsEntry("status", "PLANNED").containsKey("plan");
        assertThat(controller.server.faults().mutatingCalls()).isZero();
    }

    @Test
    void theBuildKeepsEachRolloutForItsPageAndSummary() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStep plan = controller.step("web");
        plan.setPlanOnly(true);
        controller.start(plan, context);
        controller.pollToEnd(context);
        TestStepContext second = new TestStepContext(context.run, new hudson.EnvVars());
        controller.failTheNextRefresh();
        controller.start(controller.step("web"), second);
        controller.pollToEnd(second);

        AmiFactoryAction action = context.run.getAction(AmiFactoryAction.class);
        assertThat(action.getRollouts()).extracting(RolloutRecord::getStatus).containsExactly("PLANNED", "FAILED");
        RolloutRecord planned = action.getRollouts().get(0);
        assertThat(planned.getPlan()).as("the plan, in words").anySatisfy(l -> assertThat(l).startsWith("    /dev/xvda  "))
                .noneMatch(l -> l.contains("BlockDeviceMapping("));
        RolloutRecord failed = action.getLast();
        assertThat(failed.getRegion()).isEqualTo(SimulatedController.REGION);
        assertThat(failed.getConsoleLinks()).as("the simulator is a custom endpoint").isEmpty();
        assertThat(failed.getVerdict()).isEqualTo("The Refresh failed. Group 'web' is on web-lc-1 (its previous configuration).");
        assertThat(failed.getMessage()).contains("ended Failed");
        assertThat(failed.getPhases()).containsKeys("preflight", "image wait", "refresh wait", "reverting");
        assertThat(failed.getLedger()).extracting(RolloutRecord.LedgerRow::getKind).contains("image", "launch configuration");
        assertThat(second.log()).as("the plan's lines keep their indentation on the console")
                .doesNotContain("BlockDeviceMapping(");
        assertThat(context.log()).contains("[AMI Factory]       /dev/xvda  ");
    }

    @Test
    void theStatusSaysThePhaseAndTheProgress() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, c -> execution.getStatus().contains("refresh wait"));
        assertThat(execution.getStatus()).matches("Rollout of group 'web': refresh wait, image ami-\\w+, refresh \\w+ .*");
    }

    @Test
    void insideWithAwsTheStepUsesTheBlocksEnvironment() throws Exception {
        AmiFactoryStep step = new AmiFactoryStep("web", controller.instanceOf("web"));
        TestStepContext context = controller.context();
        context.env = new hudson.EnvVars("AWS_ACCESS_KEY_ID", "AKIDFROMWITHAWS", "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY,
                "AWS_SESSION_TOKEN", TestSecrets.SESSION_TOKEN, "AWS_REGION", SimulatedController.REGION,
                "AWS_ENDPOINT_URL", controller.server.endpoint().toString());
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(context.log()).contains("credentials of the build environment").doesNotContain("AKIDFROMWITHAWS")
                .doesNotContain(TestSecrets.SECRET_KEY).doesNotContain(TestSecrets.SESSION_TOKEN);
        assertThat(controller.runtime.credentials.tracked).isEmpty();
    }

    @Test
    void aRolloutWithAnEndpointForEachServiceFromTheBuildEnvironmentSucceeds() throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setEndpointUrl(null);
        TestStepContext context = controller.context();
        context.env = new hudson.EnvVars("AWS_ENDPOINT_URL_EC2", controller.server.endpoint().toString(),
                "AWS_ENDPOINT_URL_AUTO_SCALING", controller.server.endpoint().toString());
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(((Map<?, ?>) context.result).get("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void credentialsDeletedMidRolloutEndTheStepWithTheReason() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, c -> execution.getStatus().contains("image wait"));
        controller.runtime.credentials.byId.clear();
        controller.pollToEnd(context);
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("credentialsId: ").hasMessageContaining("'aws-sim'");
        assertThat(controller.timer.live()).isEmpty();
    }

    @Test
    void aPollThatFailsForAnotherReasonIsTriedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(2);
        PluginRuntime.ClientFactory real = controller.runtime.clients;
        controller.runtime.clients = (region, credentials, endpoint) -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("connection pool shut down");
            }
            return real.create(region, credentials, endpoint);
        };
        TestStepContext context = controller.context();
        controller.start(controller.step("web"), context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(context.log()).contains("A poll failed (java.lang.IllegalStateException: connection pool shut down); "
                + "trying again in 30 s");
    }

    @Test
    void aPollThatKeepsFailingGivesUpWithAWarning() throws Exception {
        controller.runtime.clients = (region, credentials, endpoint) -> {
            throw new IllegalStateException("connection pool shut down");
        };
        TestStepContext context = controller.context();
        controller.start(controller.step("web"), context);
        controller.pollToEnd(context);
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("Gave up")
                .hasMessageContaining("check the group");
    }
}
