package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What survives a controller restart (the execution as saved, read back into a new controller), and what stopping
 * the step does: the abort outcome is applied in AWS before the step ends with the cause.
 */
class RestartAndStopTest extends SimulatedControllerTest {

    private static Predicate<TestStepContext> inPhase(AmiFactoryStepExecution execution, String phase) {
        return c -> execution.getStatus().contains("': " + phase + ",") || execution.getStatus().endsWith("': " + phase);
    }

    @Test
    void aRestartMidRefreshContinuesWithoutRepeatingAnything() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, inPhase(execution, "refresh wait"));
        controller.poll();
        TestStepContext.Save last = context.saves().get(context.saves().size() - 1);
        assertThat(last.status()).contains("refresh wait");

        TestStepContext after = restartFrom(last, context);
        assertThat(((Map<?, ?>) after.result).get("status")).isEqualTo("SUCCEEDED");
        assertThat(after.log()).contains("Resuming the rollout of group 'web' after a restart: refresh wait");
        assertThat(controller.calls("ec2", "CreateImage")).isEqualTo(1);
        assertThat(controller.calls("autoscaling", "CreateLaunchConfiguration")).isEqualTo(1);
        assertThat(controller.calls("autoscaling", "StartInstanceRefresh")).isEqualTo(1);
        assertThat(context.completions).as("the old execution never completes").isZero();
    }

    @Test
    void aCrashRightAfterStartingTheRefreshFollowsItInsteadOfStartingAnother() throws Exception {
        crashAfterTheCallOf("refresh start", "refresh wait", "autoscaling", "StartInstanceRefresh");
    }

    @Test
    void aCrashRightAfterCreateImageFindsTheImageInsteadOfMakingAnother() throws Exception {
        crashAfterTheCallOf("image", "image wait", "ec2", "CreateImage");
    }

    /**
     * Runs to {@code after}, then restarts from the last save made in {@code phase}: what a controller that died
     * just after the phase's call, before it saved, comes back with. The call must not be made again.
     */
    private void crashAfterTheCallOf(String phase, String after, String service, String action) throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, inPhase(execution, after));
        assertThat(controller.calls(service, action)).isEqualTo(1);
        TestStepContext resumed = restartFrom(lastSave(context, phase), context);
        assertThat(controller.calls(service, action)).isEqualTo(1);
        assertThat(resumed.log()).contains("from an earlier attempt");
    }

    /** Reads the save back into a new execution, resumes it and runs it to its successful end. */
    private TestStepContext restartFrom(TestStepContext.Save save, TestStepContext before) throws Exception {
        AmiFactoryStepExecution revived = controller.revive(save, before);
        revived.onResume();
        TestStepContext after = (TestStepContext) revived.getContext();
        controller.pollToEnd(after);
        assertThat(after.failure).as(after.log()).isNull();
        return after;
    }

    @Test
    void stopWithRollbackPutsALaunchTemplateGroupBackBeforeTheStepEnds() throws Exception {
        Map<String, Object> outcome = stopDuringRefresh("api", "rollback");
        assertThat(controller.calls("autoscaling", "RollbackInstanceRefresh")).isEqualTo(1);
        assertThat(controller.group("api").launchTemplate().version()).isEqualTo(outcome.get("previousVersion"));
    }

    @Test
    void stopWithCancelCancelsTheRefreshAndPointsTheGroupBack() throws Exception {
        stopDuringRefresh("web", "cancel");
        assertThat(controller.calls("autoscaling", "CancelInstanceRefresh")).isEqualTo(1);
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void stopWithLeaveOnlyStopsWaiting() throws Exception {
        stopDuringRefresh("web", "leave");
        assertThat(controller.calls("autoscaling", "CancelInstanceRefresh")).isZero();
        assertThat(controller.calls("autoscaling", "RollbackInstanceRefresh")).isZero();
        assertThat(controller.group("web").launchConfigurationName()).isNotEqualTo("web-lc-1");
    }

    /** Rolls group web out with onAbort cancel, stops it with {@code cause} mid-refresh and polls into the revert. */
    private AmiFactoryStepExecution stoppedIntoTheRevert(TestStepContext context, Exception cause) throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setOnAbort("cancel");
        AmiFactoryStepExecution execution = controller.start(step, context);
        controller.pollUntil(context, inPhase(execution, "refresh wait"));
        execution.stop(cause);
        controller.pollUntil(context, inPhase(execution, "reverting"));
        assertThat(context.isDone()).as("the first stop reverts").isFalse();
        return execution;
    }

    @Test
    void aStopThatOutlivesARestartStillEndsWithItsCause() throws Exception {
        TestStepContext context = controller.context();
        Exception cause = new InterruptedException("Aborted by alice");
        stoppedIntoTheRevert(context, cause);
        TestStepContext.Save save = context.saves().get(context.saves().size() - 1);
        assertThat(save.status()).contains("reverting");

        AmiFactoryStepExecution revived = controller.revive(save, context);
        revived.onResume();
        TestStepContext after = (TestStepContext) revived.getContext();
        controller.pollToEnd(after);
        assertThat(after.failure).isInstanceOf(InterruptedException.class).hasMessage("Aborted by alice");
        assertThat(after.failure).as("the cause itself, read back").isNotSameAs(cause);
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(after.log()).as("the stop passed on before the restart is not passed on again")
                .doesNotContain("Aborted again").doesNotContain("Stopped reverting");
    }

    @Test
    void aSecondStopDuringTheRevertEndsTheStepAtOnceWithTheFirstCause() throws Exception {
        TestStepContext context = controller.context();
        Exception first = new InterruptedException("Aborted by alice");
        AmiFactoryStepExecution execution = stoppedIntoTheRevert(context, first);

        execution.stop(new InterruptedException("Aborted by bob"));
        assertThat(controller.poll()).isTrue();
        assertThat(context.isDone()).as("one poll after the second stop").isTrue();
        assertThat(context.failure).isSameAs(first);
        assertThat(context.completions).isEqualTo(1);
        assertThat(context.log()).contains("Stopped reverting: the revert was stopped by a second abort");
        assertThat(controller.group("web").launchConfigurationName()).as("the revert stopped where it was")
                .isNotEqualTo("web-lc-1");
        assertThat(controller.timer.live()).as("nothing left on the timer").isEmpty();
    }

    @Test
    void aSecondStopAfterARestartStillStopsTheRevert() throws Exception {
        TestStepContext context = controller.context();
        stoppedIntoTheRevert(context, new InterruptedException("Aborted by alice"));
        TestStepContext.Save save = context.saves().get(context.saves().size() - 1);

        AmiFactoryStepExecution revived = controller.revive(save, context);
        revived.onResume();
        revived.stop(new InterruptedException("Aborted by bob"));
        TestStepContext after = (TestStepContext) revived.getContext();
        controller.pollToEnd(after);
        assertThat(after.failure).isInstanceOf(InterruptedException.class).hasMessage("Aborted by alice");
        assertThat(after.log()).contains("Stopped reverting: the revert was stopped by a second abort");
        assertThat(after.completions).isEqualTo(1);
    }

    @Test
    void aStopWhileAFailureIsRevertedEndsTheStepWithTheStopsCause() throws Exception {
        controller.failTheNextRefresh();
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        controller.pollUntil(context, inPhase(execution, "reverting"));
        assertThat(context.isDone()).as(context.log()).isFalse();
        Exception cause = new InterruptedException("Aborted by alice");
        execution.stop(cause);
        controller.pollToEnd(context);
        assertThat(context.failure).as("an aborted build, not a failed one").isSameAs(cause);
        assertThat(context.log()).contains("Rollout of group 'web' FAILED: the Refresh failed (reason above)");
    }

    @Test
    void stoppingBeforeTheFirstPollEndsAtOnce() throws Exception {
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), context);
        Exception cause = new InterruptedException("Aborted");
        execution.stop(cause);
        execution.stop(new InterruptedException("again"));
        controller.pollToEnd(context);
        assertThat(context.failure).isSameAs(cause);
        assertThat(context.completions).isEqualTo(1);
        assertThat(controller.server.faults().mutatingCalls()).isZero();
    }

    /** Starts a rollout of {@code group} with onAbort {@code outcome}, stops it mid-refresh, runs it to its end. */
    private Map<String, Object> stopDuringRefresh(String group, String outcome) throws Exception {
        String previousVersion = group.equals("api") ? controller.group("api").launchTemplate().version() : null;
        AmiFactoryStep step = controller.step(group);
        step.setOnAbort(outcome);
        TestStepContext context = controller.context();
        AmiFactoryStepExecution execution = controller.start(step, context);
        controller.pollUntil(context, inPhase(execution, "refresh wait"));
        controller.poll();
        Exception cause = new InterruptedException("Aborted by alice");
        execution.stop(cause);
        assertThat(execution.getStatus()).endsWith(", stopping");
        assertThat(context.isDone()).as("the step waits for the outcome").isFalse();
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isSameAs(cause);
        assertThat(context.completions).isEqualTo(1);
        assertThat(context.log()).contains("ABORTED");
        return previousVersion == null ? Map.of() : Map.of("previousVersion", previousVersion);
    }

    private static TestStepContext.Save lastSave(TestStepContext context, String phase) {
        TestStepContext.Save found = null;
        for (TestStepContext.Save s : context.saves()) {
            if (s.status().contains("': " + phase + ",") || s.status().endsWith("': " + phase)) {
                found = s;
            }
        }
        assertThat(found).as("a save in phase " + phase).isNotNull();
        return found;
    }
}
