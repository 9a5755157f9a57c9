package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.model.Item;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Freestyle build step on the blocking driver, against the simulator; its sleeps move simulated time. */
class AmiFactoryBuilderTest extends SimulatedControllerTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final TaskListener listener = () -> new PrintStream(log, true, StandardCharsets.UTF_8);
    private final FakeJenkins.TestRun run = FakeJenkins.run();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void sleepOnSimulatedTime() {
        controller.runtime.sleeper = d -> {
            sleeps.add(d);
            controller.world.advance(d);
        };
    }

    @Test
    void aRolloutAddsItsResultToTheBuildAndItsEnvironment() throws Exception {
        controller.builder("web").perform(run, new EnvVars(), listener);
        AmiFactoryAction action = run.getAction(AmiFactoryAction.class);
        assertThat(action).isNotNull();
        EnvVars env = new EnvVars();
        action.buildEnvironment(run, env);
        assertThat(env).containsEntry("AMI_FACTORY_STATUS", "SUCCEEDED").containsKeys("AMI_FACTORY_IMAGE_ID",
                "AMI_FACTORY_LAUNCH_CONFIGURATION", "AMI_FACTORY_REFRESH_ID");
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo(env.get("AMI_FACTORY_LAUNCH_CONFIGURATION"));
        String console = log.toString(StandardCharsets.UTF_8);
        assertThat(console.lines().findFirst()).hasValue("[AMI Factory] AMI Factory "
                + System.getProperty("ami-factory.version") + ": rollout of group 'web' from instance "
                + controller.instanceOf("web"));
        assertThat(console).contains("Rollout of group 'web' SUCCEEDED: group 'web' is on ");
        assertThat(controller.runtime.credentials.tracked).containsExactly(SimulatedController.CREDENTIALS_ID);
    }

    @Test
    void storedCredentialsAreResolvedAtMostOncePerPollAndSleepsStayWithinTheBounds() throws Exception {
        controller.runtime.configuration.setMinPollSeconds(10);
        controller.runtime.configuration.setMaxPollSeconds(20);
        controller.builder("api").perform(run, new EnvVars(), listener);
        int resolutions = controller.runtime.credentials.byId.get(SimulatedController.CREDENTIALS_ID).resolutions.get();
        assertThat(resolutions).isPositive().isLessThanOrEqualTo(sleeps.size() + 1);
        assertThat(sleeps).isNotEmpty().allSatisfy(d -> assertThat(d.isZero()
                || (d.compareTo(Duration.ofSeconds(10)) >= 0 && d.compareTo(Duration.ofSeconds(20)) <= 0)).isTrue());
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getLaunchTemplateId()).isEqualTo(controller.shop.apiLaunchTemplateId());
    }

    @Test
    void aFailedRolloutFailsTheBuildAndStillRecordsWhatHappened() throws Exception {
        controller.failTheNextRefresh();
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), listener))
                .isInstanceOf(AbortException.class).hasMessage("Rollout of group 'web' FAILED: the Refresh failed "
                        + "(reason above). Group 'web' is on web-lc-1 (its previous configuration).");
        assertThat(log.toString(StandardCharsets.UTF_8).split("of group 'web' ended Failed", -1)).hasSize(2);
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("FAILED");
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
    }

    @Test
    void abortingTheBuildAppliesTheAbortOutcomeFirst() {
        controller.runtime.sleeper = d -> {
            if (controller.calls("autoscaling", "StartInstanceRefresh") > 0
                    && controller.calls("autoscaling", "CancelInstanceRefresh") == 0 && sleeps.add(d)) {
                throw new InterruptedException("the executor was interrupted");
            }
            controller.world.advance(d);
        };
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), listener))
                .isInstanceOf(InterruptedException.class).hasMessageStartingWith("Rollout of group 'web' ABORTED: it was "
                        + "aborted (reason above).");
        assertThat(controller.calls("autoscaling", "CancelInstanceRefresh")).isEqualTo(1);
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo("web-lc-1");
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("ABORTED");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt became the exception").isFalse();
    }

    @Test
    void aSecondInterruptStopsTheRevertAtOnce() {
        List<Duration> afterSecond = new ArrayList<>();
        int[] interrupts = {0};
        controller.runtime.sleeper = d -> {
            if (interrupts[0] == 2) {
                afterSecond.add(d);
            }
            boolean refreshRuns = controller.calls("autoscaling", "StartInstanceRefresh") > 0;
            boolean reverting = controller.calls("autoscaling", "CancelInstanceRefresh") > 0;
            if (refreshRuns && interrupts[0] == 0 || reverting && interrupts[0] == 1) {
                interrupts[0]++;
                throw new InterruptedException("the executor was interrupted");
            }
            controller.world.advance(d);
        };
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), listener))
                .isInstanceOf(InterruptedException.class).hasMessageStartingWith("Rollout of group 'web' ABORTED");
        assertThat(interrupts[0]).isEqualTo(2);
        assertThat(afterSecond).as("no wait after the second interrupt").isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("Stopped reverting: the revert was stopped by a second abort");
        assertThat(controller.group("web").launchConfigurationName()).as("the revert stopped before the group went back")
                .isNotEqualTo("web-lc-1");
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("ABORTED");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptWhileAFailureIsRevertedEndsTheBuildAbortedNotFailed() {
        controller.failTheNextRefresh();
        boolean[] interrupted = {false};
        controller.runtime.sleeper = d -> {
            if (!interrupted[0] && log.toString(StandardCharsets.UTF_8).contains("Reverting: ")) {
                interrupted[0] = true;
                throw new InterruptedException("the executor was interrupted");
            }
            controller.world.advance(d);
        };
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), listener))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("The build was aborted; the rollout of group 'web' had ended FAILED (see above).");
        assertThat(interrupted[0]).as("interrupted while reverting").isTrue();
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("FAILED");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt became the exception").isFalse();
    }

    @Test
    void anInterruptJustAfterASuccessfulRolloutStillEndsTheBuildAborted() {
        TaskListener interruptedAtTheEnd = () -> new PrintStream(log, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line.contains("SUCCEEDED: group")) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), interruptedAtTheEnd))
                .isInstanceOf(InterruptedException.class).hasMessageContaining("had ended SUCCEEDED");
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("SUCCEEDED");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aBuildAbortedBeforeTheRolloutStartsChangesNothing() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> controller.builder("web").perform(run, new EnvVars(), listener))
                .isInstanceOf(InterruptedException.class).hasMessageContaining("nothing was changed in AWS");
        assertThat(controller.server.faults().mutatingCalls()).isZero();
        assertThat(run.getAction(AmiFactoryAction.class)).isNull();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void credentialsAndRegionComeFromTheBuildEnvironmentToo() throws Exception {
        AmiFactoryBuilder builder = controller.builder("web");
        builder.setCredentialsId(null);
        builder.setRegion(null);
        builder.setEndpointUrl(null);
        EnvVars withAws = new EnvVars("AWS_ACCESS_KEY_ID", "AKIDFROMWITHAWS", "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY,
                "AWS_REGION", SimulatedController.REGION, "AWS_ENDPOINT_URL", controller.server.endpoint().toString());
        builder.setPlanOnly(true);
        builder.perform(run, withAws, listener);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("credentials of the build environment")
                .doesNotContain("AKIDFROMWITHAWS").doesNotContain(TestSecrets.SECRET_KEY).doesNotContain("Warning");
        assertThat(run.getAction(AmiFactoryAction.class).getLast().getStatus()).isEqualTo("PLANNED");
    }

    @Test
    void aFleetAllAtOnceRunsOnTheBuildsThreadAndSetsTheFirstTargetsVariablesAndEachTargets() throws Exception {
        AmiFactoryBuilder builder = controller.builder("web");
        builder.setTargets(List.of(SimulatedController.target("api", null, null)));
        builder.setParallel(true);
        builder.perform(run, new EnvVars(), listener);

        AmiFactoryAction action = run.getAction(AmiFactoryAction.class);
        assertThat(action.getRollouts()).extracting(RolloutRecord::getAsg, RolloutRecord::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", "SUCCEEDED"),
                        org.assertj.core.groups.Tuple.tuple("api", "SUCCEEDED"));
        EnvVars env = new EnvVars();
        action.buildEnvironment(run, env);
        String image = env.get("AMI_FACTORY_IMAGE_ID");
        assertThat(env).containsEntry("AMI_FACTORY_STATUS", "SUCCEEDED").containsEntry("AMI_FACTORY_TARGETS", "2")
                .containsEntry("AMI_FACTORY_LAUNCH_CONFIGURATION", controller.group("web").launchConfigurationName())
                .containsEntry("AMI_FACTORY_TARGET_1_ASG", "web").containsEntry("AMI_FACTORY_TARGET_2_ASG", "api")
                .containsEntry("AMI_FACTORY_TARGET_2_REGION", SimulatedController.REGION)
                .containsEntry("AMI_FACTORY_TARGET_2_STATUS", "SUCCEEDED")
                .containsEntry("AMI_FACTORY_TARGET_2_IMAGE_ID", image);
        assertThat(controller.imagesOfInstances("api")).containsOnly(image);
        assertThat(controller.calls("ec2", "CreateImage")).isEqualTo(1);
        var web = controller.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName("web"))
                .instanceRefreshes().get(0);
        var api = controller.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName("api"))
                .instanceRefreshes().get(0);
        assertThat(api.startTime()).as("all at once: the Refreshes overlap").isBefore(web.endTime());
        String console = log.toString(StandardCharsets.UTF_8);
        assertThat(console.lines().findFirst()).hasValue("[AMI Factory] AMI Factory "
                + System.getProperty("ami-factory.version") + ": rollout of 2 groups from instance "
                + controller.instanceOf("web") + " in us-east-1, all at once");
        assertThat(console).contains("[AMI Factory] Rollout of 2 groups SUCCEEDED: every group is on Image " + image + ".");
        assertThat(controller.runtime.credentials.tracked).containsExactly(SimulatedController.CREDENTIALS_ID);
    }

    @Test
    void aFleetWhoseSecondWaveFailsWithRollbackFailedKeepsTheFirstOnTheNewImageAndFailsTheBuild() {
        boolean[] fired = {false};
        controller.runtime.sleeper = d -> {
            if (!fired[0] && log.toString(StandardCharsets.UTF_8).contains("web@us-east-1: Refresh healthy; held")) {
                controller.alarm(SimulatedController.REGION, "api-latency", Alarms.State.ALARM);
                fired[0] = true;
            }
            controller.world.advance(d);
        };
        AmiFactoryBuilder builder = controller.builder("web");
        builder.setTargets(List.of(SimulatedController.target("api", null, null)));
        builder.setOnFailure("rollbackFailed");
        // As the form's text area gives them: one value, one alarm per line.
        builder.setAlarms(List.of("api-5xx\napi-latency"));
        assertThatThrownBy(() -> builder.perform(run, new EnvVars(), listener)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Rollout of 2 groups FAILED: api@us-east-1: ")
                .hasMessageContaining("web@us-east-1: on the new Image (");
        assertThat(fired[0]).isTrue();
        RolloutRecord web = run.getAction(AmiFactoryAction.class).getRollouts().get(0);
        assertThat(web.getStatus()).as("rollbackFailed: the wave done keeps the new Image").isEqualTo("SUCCEEDED");
        assertThat(controller.group("web").launchConfigurationName()).isEqualTo(web.getLaunchConfiguration());
        assertThat(controller.imagesOfInstances("web")).containsOnly(web.getImageId());
        assertThat(run.getAction(AmiFactoryAction.class).getEnvironment()).containsEntry("AMI_FACTORY_STATUS", "FAILED");
    }

    @Test
    void testConnectionDescribesTheGroup() {
        AmiFactoryBuilder.DescriptorImpl descriptor = new AmiFactoryBuilder.DescriptorImpl();
        descriptor.useRuntime(controller.runtime.build());
        FakeJenkins.Permissions job = new FakeJenkins.Permissions(Item.CONFIGURE);
        String endpoint = controller.server.endpoint().toString();
        FormValidation web = descriptor.doTestConnection(job, "web", "us-east-1", SimulatedController.CREDENTIALS_ID, endpoint,
                null, null);
        assertThat(web.kind).as(web.getMessage()).isEqualTo(FormValidation.Kind.OK);
        assertThat(web.getMessage()).isEqualTo("Connected: group 'web' has 3 instances (min 2, desired 3, max 6) "
                + "and launches from launch configuration web-lc-1");
        assertThat(descriptor.doTestConnection(job, "api", "us-east-1", SimulatedController.CREDENTIALS_ID, endpoint, null, null)
                .getMessage()).containsPattern("launch template (api-lt|lt-\\w+) version \\$Default");
        assertThat(descriptor.doTestConnection(job, "shop", "us-east-1", SimulatedController.CREDENTIALS_ID, endpoint, null, null)
                .getMessage()).isEqualTo("There is no Auto Scaling group 'shop' in us-east-1.");
        assertThat(controller.runtime.credentials.tracked).as("a form is not a build").isEmpty();
    }

    @Test
    void testConnectionReachesEachServiceAtItsOwnEndpointAndNamesTheOneItCouldNotReach() {
        AmiFactoryBuilder.DescriptorImpl descriptor = new AmiFactoryBuilder.DescriptorImpl();
        descriptor.useRuntime(controller.runtime.build());
        FakeJenkins.Permissions job = new FakeJenkins.Permissions(Item.CONFIGURE);
        String sim = controller.server.endpoint().toString();

        FormValidation split = descriptor.doTestConnection(job, "web", "us-east-1", SimulatedController.CREDENTIALS_ID,
                null, sim, sim);
        assertThat(split.kind).as(split.getMessage()).isEqualTo(FormValidation.Kind.OK);

        FormValidation deadEc2 = descriptor.doTestConnection(job, "web", "us-east-1",
                SimulatedController.CREDENTIALS_ID, sim, "http://127.0.0.1:1", null);
        assertThat(deadEc2.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(deadEc2.getMessage()).startsWith("Could not reach EC2 at http://127.0.0.1:1: ");

        long before = controller.server.faults().counters().values().stream().mapToLong(Long::longValue).sum();
        FormValidation refused = descriptor.doTestConnection(job, "web", "us-east-1",
                SimulatedController.CREDENTIALS_ID, sim, null, "http://10.0.0.1:8080");
        assertThat(refused.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(refused.getMessage()).startsWith("autoScalingEndpointUrl: 'http://10.0.0.1:8080' is not an endpoint");
        assertThat(controller.server.faults().counters().values().stream().mapToLong(Long::longValue).sum())
                .as("a refused endpoint is not called, nor is any other").isEqualTo(before);
    }
}
