package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.LedgerEntry;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.engine.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The build's record of its Rollouts, through the mirrored Run API: what it keeps, shows and hands on. */
class AmiFactoryActionTest {

    static RolloutResult templateResult() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("preflight", Duration.ofSeconds(2));
        phases.put("image wait", Duration.ofMinutes(3));
        phases.put("refresh wait", Duration.ofMinutes(6));
        return new RolloutResult("r-1", RolloutStatus.SUCCEEDED, "api", "ami-0123", "api-20260105", List.of("snap-1"),
                "api-lt:1", "api-lt:2", null, "lt-0abc", 2L, "ir-9", "Successful", 100, null, phases,
                Map.of("DescribeImages", 4, "CreateImage", 1), List.of(new LedgerEntry("image", "ami-0123", "in use")),
                List.of(), "eu-west-1", false, null, null);
    }

    static RolloutResult failedResult(String group) {
        return new RolloutResult("r-2", RolloutStatus.FAILED, group, "ami-0456", group + "-20260106", List.of(),
                group + "-lt:2", group + "-lt:3", null, "lt-0def", 3L, "ir-10", "RollbackSuccessful", 0,
                "Instance refresh ir-10 ended RollbackSuccessful. Group '" + group + "' is on " + group + "-lt:2",
                Map.of("refresh wait", Duration.ofSeconds(25)), Map.of(), List.of(
                        new LedgerEntry("image", "ami-0456", "kept, not in use (retention removes it in time)")),
                List.of(), "eu-west-1", false, "the Refresh was rolled back by AWS",
                "Group '" + group + "' is on " + group + "-lt:2 (its previous configuration)");
    }

    /** A fleet of api and web in eu-west-1 (as the results above), then web in me-central-1, whose wave never started. */
    static FleetResult failedFleet() {
        return new FleetResult("fleet-1", RolloutStatus.FAILED, "web@eu-west-1: the Refresh was rolled back. …",
                List.of(new Target("api", "eu-west-1"), new Target("web", "eu-west-1"), new Target("web", "me-central-1")),
                java.util.Arrays.asList(templateResult(), failedResult("web"), null), Map.of("me-central-1", "ami-0789"),
                List.of(new LedgerEntry("image copy", "ami-0789", "deregistered (no group in me-central-1 uses it)")),
                List.of(), Map.of("CopyImage", 1, "DeregisterImage", 1));
    }

    @Test
    void aFleetKeepsARecordPerStartedTargetAndHandsOnItsFirstTargetsValuesItsStatusAndEachTargets() {
        FakeJenkins.TestRun run = FakeJenkins.run();
        AmiFactoryAction.record(run, failedResult("before"));
        AmiFactoryAction action = AmiFactoryAction.record(run, failedFleet(), false);
        assertThat(action.getRollouts()).extracting(RolloutRecord::getAsg, RolloutRecord::getFleetId,
                RolloutRecord::getTargetNumber, RolloutRecord::getFleetStatus).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("before", null, null, null),
                        org.assertj.core.groups.Tuple.tuple("api", "fleet-1", 1, "FAILED"),
                        org.assertj.core.groups.Tuple.tuple("web", "fleet-1", 2, "FAILED"));
        assertThat(action.getEnvironment()).containsOnly(Map.entry("AMI_FACTORY_IMAGE_ID", "ami-0123"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_ID", "lt-0abc"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_VERSION", "2"),
                Map.entry("AMI_FACTORY_REFRESH_ID", "ir-9"),
                Map.entry("AMI_FACTORY_STATUS", "FAILED"),
                Map.entry("AMI_FACTORY_TARGETS", "3"),
                Map.entry("AMI_FACTORY_TARGET_1_ASG", "api"), Map.entry("AMI_FACTORY_TARGET_1_REGION", "eu-west-1"),
                Map.entry("AMI_FACTORY_TARGET_1_STATUS", "SUCCEEDED"), Map.entry("AMI_FACTORY_TARGET_1_IMAGE_ID", "ami-0123"),
                Map.entry("AMI_FACTORY_TARGET_2_ASG", "web"), Map.entry("AMI_FACTORY_TARGET_2_REGION", "eu-west-1"),
                Map.entry("AMI_FACTORY_TARGET_2_STATUS", "FAILED"), Map.entry("AMI_FACTORY_TARGET_2_IMAGE_ID", "ami-0456"));
        assertThat(action.getRollouts().get(2).getSummary()).startsWith("Target 2 of 3, in eu-west-1: group 'web' FAILED");

        // A lone Rollout after the fleet: the variables are its own again.
        AmiFactoryAction.record(run, templateResult());
        assertThat(action.getEnvironment()).doesNotContainKey("AMI_FACTORY_TARGETS")
                .containsEntry("AMI_FACTORY_STATUS", "SUCCEEDED");
    }

    @Test
    void aFleetThatStartedNoWaveIsKeptFromItsPlansOrItsRefusal() {
        List<Target> targets = List.of(new Target("web", "eu-west-1"), new Target("web", "me-central-1"));
        java.util.List<RolloutResult> none = java.util.Arrays.asList(null, null);
        FleetResult plan = new FleetResult("fleet-2", RolloutStatus.PLANNED, null, targets, none, Map.of(), List.of(),
                List.of(List.of("plan of web here"), List.of("plan of web there")), Map.of());
        List<RolloutRecord> planned = RolloutRecord.of(plan, true);
        assertThat(planned).extracting(RolloutRecord::getAsg, RolloutRecord::getRegion, RolloutRecord::getStatus,
                RolloutRecord::getPlanText, RolloutRecord::isCustomEndpoint).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web", "eu-west-1", "PLANNED", "plan of web here", true),
                        org.assertj.core.groups.Tuple.tuple("web", "me-central-1", "PLANNED", "plan of web there", true));

        FleetResult refused = new FleetResult("fleet-3", RolloutStatus.REJECTED, "web@me-central-1: asg: no group",
                targets, none, Map.of(), List.of(), List.of(List.of("plan of web here")), Map.of());
        assertThat(RolloutRecord.of(refused, false)).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo("REJECTED");
            assertThat(r.getMessage()).isEqualTo("web@me-central-1: asg: no group");
            assertThat(r.getVerdict()).isEqualTo("Refused before anything changed in AWS.");
        });
    }

    @Test
    void theBuildEnvironmentGetsTheResultAndNothingForWhatIsAbsent() {
        FakeJenkins.TestRun run = FakeJenkins.run();
        AmiFactoryAction action = AmiFactoryAction.record(run, templateResult());
        assertThat(action.getRun()).isSameAs(run);
        EnvVars env = new EnvVars();
        action.buildEnvironment(run, env);
        assertThat(env).containsOnly(Map.entry("AMI_FACTORY_IMAGE_ID", "ami-0123"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_ID", "lt-0abc"),
                Map.entry("AMI_FACTORY_LAUNCH_TEMPLATE_VERSION", "2"),
                Map.entry("AMI_FACTORY_REFRESH_ID", "ir-9"),
                Map.entry("AMI_FACTORY_STATUS", "SUCCEEDED"));
        assertThat(action.getIconFileName()).as("a side panel link").isEqualTo("symbol-cloud");
        assertThat(action.getUrlName()).isEqualTo("ami-factory");
        assertThat(action.getDisplayName()).isEqualTo("AMI Factory");
    }

    @Test
    void severalRolloutsInOneBuildShareOneActionAndTheLastOneSetsTheEnvironment() {
        FakeJenkins.TestRun run = FakeJenkins.run();
        AmiFactoryAction first = AmiFactoryAction.record(run, templateResult());
        AmiFactoryAction second = AmiFactoryAction.record(run, failedResult("web"));
        assertThat(second).isSameAs(first);
        assertThat(run.getActions(AmiFactoryAction.class)).hasSize(1);
        assertThat(first.getRollouts()).extracting(RolloutRecord::getAsg).containsExactly("api", "web");
        assertThat(first.getEnvironment()).containsEntry("AMI_FACTORY_STATUS", "FAILED")
                .containsEntry("AMI_FACTORY_IMAGE_ID", "ami-0456");
    }

    @Test
    void parallelBranchesFinishingTogetherStillShareOneAction() throws Exception {
        FakeJenkins.TestRun run = FakeJenkins.run();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String group = "g" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    return AmiFactoryAction.record(run, failedResult(group));
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(run.getActions(AmiFactoryAction.class)).hasSize(1);
        assertThat(run.getAction(AmiFactoryAction.class).getRollouts()).hasSize(8);
    }

    @Test
    void aRolloutReadsAsOneSummaryLineAndOneVerdict() {
        RolloutRecord ok = new RolloutRecord(templateResult());
        assertThat(ok.getSummary()).isEqualTo("group 'api' SUCCEEDED in 9 min 2 s. api-lt:1 \u2192 api-lt:2. "
                + "Image api-20260105 (ami-0123). Refresh ir-9: Successful.");
        assertThat(ok.getVerdict()).isEqualTo("Group 'api' is on api-lt:2 with Image ami-0123.");
        assertThat(ok.getIconName()).isEqualTo("symbol-status-blue");

        RolloutRecord failed = new RolloutRecord(failedResult("api"));
        assertThat(failed.getVerdict()).isEqualTo("The Refresh was rolled back by AWS. Group 'api' is on api-lt:2 "
                + "(its previous configuration).");
        assertThat(failed.getSummary()).startsWith("group 'api' FAILED in 25 s. The Refresh was rolled back by AWS.")
                .endsWith("Image api-20260106 (ami-0456). Refresh ir-10: RollbackSuccessful.");
        assertThat(failed.getMessage()).startsWith("Instance refresh ir-10 ended RollbackSuccessful");
        assertThat(failed.getIconName()).isEqualTo("symbol-status-red");
        assertThat(failed.getLedger()).extracting(RolloutRecord.LedgerRow::getFate)
                .containsExactly("kept, not in use (retention removes it in time)");
    }

    @Test
    void thePageHasTheCallsBusiestFirstTheTimelineAndTheConsoleLinks() {
        RolloutRecord r = new RolloutRecord(templateResult());
        assertThat(r.getCalls()).extracting(Map.Entry::getKey).containsExactly("DescribeImages", "CreateImage");
        assertThat(r.getTotalCalls()).isEqualTo(5);
        assertThat(r.getTimeline().getBars()).extracting(PhaseTimeline.Bar::getPhase)
                .containsExactly("preflight", "image wait", "refresh wait");
        assertThat(r.getConsoleLinks()).extracting(AwsConsoleLinks.Link::getUrl).containsExactly(
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ImageDetails:imageId=ami-0123",
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=api",
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"
                        + "#LaunchTemplateDetails:launchTemplateId=lt-0abc");
    }

    @Test
    void aRolloutThroughACustomEndpointGetsNoConsoleLinks() {
        RolloutResult r = templateResult();
        RolloutResult custom = new RolloutResult(r.rolloutId(), r.status(), r.asg(), r.imageId(), r.imageName(),
                r.snapshotIds(), r.previousConfiguration(), r.newConfiguration(), r.launchConfiguration(),
                r.launchTemplateId(), r.launchTemplateVersion(), r.refreshId(), r.refreshStatus(), r.refreshPercent(),
                r.message(), r.phaseDurations(), r.apiCalls(), r.ledger(), r.plan(), r.region(), true, null, null);
        assertThat(new RolloutRecord(custom).getConsoleLinks()).isEmpty();
    }

    /**
     * Jenkins saves the build with XStream: every value kept must be a plain JDK type it reads back (no immutable
     * JDK collections, which it cannot rebuild; no records; no SDK or engine classes, which the class filter refuses).
     */
    @Test
    void onlyPlainValuesAreKeptForXStream() throws Exception {
        FakeJenkins.TestRun run = FakeJenkins.run();
        AmiFactoryAction.record(run, templateResult());
        AmiFactoryAction action = AmiFactoryAction.record(run, failedResult("web"));
        Set<Class<?>> plain = Set.of(String.class, Integer.class, Long.class, Boolean.class, ArrayList.class,
                LinkedHashMap.class, AmiFactoryAction.class, RolloutRecord.class, RolloutRecord.LedgerRow.class);
        List<Class<?>> seen = new ArrayList<>();
        walk(action, plain, seen, new IdentityHashMap<>());
        assertThat(seen).contains(RolloutRecord.class, RolloutRecord.LedgerRow.class, LinkedHashMap.class);
        for (Class<?> c : List.of(AmiFactoryAction.class, RolloutRecord.class, RolloutRecord.LedgerRow.class)) {
            assertThat(c.isRecord()).as(c.getName()).isFalse();
        }
    }

    private static void walk(Object value, Set<Class<?>> plain, List<Class<?>> seen, Map<Object, Object> visited)
            throws IllegalAccessException {
        if (value == null || visited.put(value, value) != null) {
            return;
        }
        assertThat(plain).as("a kept value of " + value.getClass()).contains(value.getClass());
        seen.add(value.getClass());
        if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                walk(item, plain, seen, visited);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getKey(), plain, seen, visited);
                walk(e.getValue(), plain, seen, visited);
            }
        } else if (value.getClass().getPackageName().equals(AmiFactoryAction.class.getPackageName())) {
            for (Field f : value.getClass().getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                    f.setAccessible(true);
                    walk(f.get(value), plain, seen, visited);
                }
            }
        }
    }

    @Test
    void aBuildSavedWithoutRolloutsReadsBackEmpty() throws Exception {
        AmiFactoryAction action = new AmiFactoryAction();
        Field rollouts = AmiFactoryAction.class.getDeclaredField("rollouts");
        rollouts.setAccessible(true);
        rollouts.set(action, null);
        assertThat(action.readResolve()).isSameAs(action);
        assertThat(action.getRollouts()).isEmpty();
        assertThat(action.getLast()).isNull();
        assertThat(action.getEnvironment()).isEmpty();
    }
}
