package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.Rollout;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.engine.matrix.Fault;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixDocs;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixPhase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reliability matrix on the amiFactory Pipeline step: every fault in every phase, on group {@code web} (a launch
 * configuration) and group {@code api} (a launch template) of the demo shop. Each case checks how the step ends
 * (the build's result), the verdict the console gives, that the group is on the configuration the verdict names,
 * which Image each instance runs, that nothing was made twice, that the ledger the step reports matches what the
 * simulator holds, and that the console shows no stack trace and no missing configuration. The plugin's table in
 * docs/reliability.md is generated from these cases.
 */
class FaultMatrixTest extends SimulatedControllerTest {

    private static final String[] KINDS = {"launch configuration", "launch template"};
    private static final Pattern VERDICT = Pattern.compile("(?m)^\\[AMI Factory] (Rollout of group '\\w+' (\\w+): .*)$");
    private static final Pattern IMAGE = Pattern.compile("\\[AMI Factory]   Image: (ami-\\w+) ");
    private static final String LEDGER_KINDS = "image|snapshot|launch configuration|launch template version"
            + "|launch template|instance refresh|standby|group";
    /** One ledger entry as the summary writes it, one a line: kind, id, and the fate as a plain phrase. */
    private static final Pattern LEDGER_ENTRY = Pattern.compile("(?m)^\\[AMI Factory]     (" + LEDGER_KINDS
            + ") (\\S+): (.*)$");
    private static final Map<String, String> CELLS = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String kind : KINDS) {
            for (Fault fault : Fault.values()) {
                for (MatrixPhase at : MatrixPhase.values()) {
                    all.add(Arguments.of(kind, fault, at));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} during {2}")
    @MethodSource("cases")
    void eachFaultInEachPhaseEndsTheBuildAsTheVerdictSays(String kind, Fault fault, MatrixPhase at) throws Exception {
        boolean template = kind.equals(KINDS[1]);
        FaultMatrixRun run = new FaultMatrixRun(controller, template, at, fault);
        int versionsBefore = template ? templateVersions().size() : 0;
        run.run();
        TestStepContext context = run.context;
        String log = context.log();
        Matcher verdict = VERDICT.matcher(log);
        assertThat(verdict.find()).as("the console gives the verdict: " + log).isTrue();
        RolloutStatus status = RolloutStatus.valueOf(verdict.group(2));
        assertThat(status).as(log).isEqualTo(at.expected(fault, template));
        String result = buildResult(run, status);
        RolloutRecord kept = context.run.getAction(AmiFactoryAction.class).getLast();
        assertThat(kept.getStatus()).as("the build keeps the verdict the console gives").isEqualTo(status.name());
        String message = status == RolloutStatus.SUCCEEDED ? "" : kept.getMessage();
        if (result.equals("FAILURE")) {
            assertThat(context.failure.getMessage()).as("the build fails with the console's verdict line")
                    .isEqualTo(verdict.group(1));
        }
        if (status != RolloutStatus.SUCCEEDED) {
            // The message is the reason, then where the group is; the reason was printed once, when it happened.
            String where = kept.getWhere() == null ? "" : ". " + kept.getWhere();
            assertThat(message).endsWith(where);
            // What the revert met follows after "; ", each part printed on a line of its own.
            String reason = LogText.oneLine(message.substring(0, message.length() - where.length()).split("; ")[0]);
            String start = reason.substring(0, Math.min(60, reason.length()));
            assertThat(log.split(Pattern.quote(start), -1)).as("the reason is on the console once: " + log).hasSize(2);
        }

        List<Map<String, String>> ledger = ledgerOnTheConsole(log);
        String imageId = match(IMAGE, log);
        String groupNow = configurationOf(run.group, template);
        List<String> images = controller.imagesOfInstances(run.group);
        if (status == RolloutStatus.SUCCEEDED && result.equals("SUCCESS")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> returned = (Map<String, Object>) context.result;
            assertThat(returned.get("ledger")).as("the console shows the ledger the step returns").isEqualTo(ledger);
            assertThat(returned.get("imageId")).isEqualTo(imageId);
            assertThat(groupNow).isEqualTo(returned.get("newConfiguration"));
        }
        if (status == RolloutStatus.SUCCEEDED) {
            assertThat(images).as("every instance runs the new Image").containsOnly(imageId);
        } else {
            groupIsWhereTheVerdictSays(run.group, message, groupNow);
            String oldImage = controller.shop.baseImageId();
            assertThat(images).as("instances run the old or the new Image")
                    .allMatch(i -> i.equals(oldImage) || i.equals(imageId));
            long onNew = images.stream().filter(i -> i.equals(imageId)).count();
            if (onNew > 0 && !message.contains("while reverting") && !message.contains("second abort")
                    && !message.contains("the revert left it") && !message.contains("could not")) {
                assertThat(message).as("instances on the new Image are named").contains(onNew + " instance");
            }
        }
        if (fault != Fault.SECOND_ABORT && !(fault == Fault.ABORT && at == MatrixPhase.REVERT)) {
            // A stop passed on to the engine before a restart must not be passed on again after it.
            assertThat(message).as("only a second stop stops the revert").doesNotContain("second abort");
        }
        nothingMadeTwice(run, ledger, versionsBefore);
        if (fault == Fault.CONCURRENT_ROLLOUT) {
            theSecondBuildWasRefused(run);
        }
        ledgerMatchesTheWorld(run.group, ledger);
        assertThat(log).as("no configuration is missing from the console").doesNotContain("is on null")
                .doesNotContain("Configuration: null");
        assertThat(log).as("no stack trace on the console").doesNotContainPattern("(?m)^\\s+at [\\w$.]+\\(")
                .doesNotContain("Caused by:");
        CELLS.put(kind + "|" + fault + "|" + at, cell(result, status, message));
    }

    /**
     * How the step ended, as the build's result, after checking that it ended once and the way Pipeline expects: a
     * success with the returned map, a failure with the engine's message, or, once the user stopped it, with the
     * stop's cause whatever the rollout's verdict (the build is aborted; the console says how the rollout ended).
     */
    private static String buildResult(FaultMatrixRun run, RolloutStatus status) {
        TestStepContext context = run.context;
        String log = context.log();
        assertThat(context.completions).as("the step ends once").isEqualTo(1);
        if (run.restarted) {
            assertThat(run.first.completions).as("the execution before the restart never ends").isZero();
        }
        if (run.firstStop != null) {
            assertThat(context.failure).as(log).isInstanceOf(InterruptedException.class)
                    .hasMessage(run.firstStop.getMessage());
            if (!run.restarted) {
                assertThat(context.failure).as("the first stop's own cause").isSameAs(run.firstStop);
            }
            return "ABORTED";
        }
        if (status == RolloutStatus.SUCCEEDED) {
            assertThat(context.failure).as(log).isNull();
            assertThat(context.result).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) context.result).get("status")).isEqualTo("SUCCEEDED");
            return "SUCCESS";
        }
        assertThat(context.failure).as(log).isExactlyInstanceOf(AbortException.class);
        assertThat(context.result).isNull();
        return "FAILURE";
    }

    private void groupIsWhereTheVerdictSays(String group, String message, String groupNow) {
        Matcher where = Pattern.compile("Group '" + group + "' (?:is on (\\S+)|was not changed)").matcher(message);
        assertThat(where.find()).as("the verdict says where the group is: " + message).isTrue();
        if (where.group(1) != null) {
            assertThat(groupNow).as(message).isEqualTo(where.group(1));
        }
    }

    private void theSecondBuildWasRefused(FaultMatrixRun run) {
        assertThat(run.concurrent.isDone()).as("the second build ends within "
                + FaultMatrixRun.CONCURRENT_POLLS + " polls: " + run.concurrent.log()).isTrue();
        assertThat(run.concurrent.failure).isExactlyInstanceOf(AbortException.class)
                .hasMessage("Rollout of group '" + run.group + "' REJECTED: nothing was changed in AWS (reason above).");
        assertThat(run.concurrent.log()).contains("Refused: asg: group '" + run.group + "' is being rolled out by rollout "
                + run.leaseHolder);
        assertThat(run.leaseHolder).as("the group's lease names the first build's rollout").isNotNull();
        assertThat(run.concurrentMutations).as("the second build changed nothing").isZero();
    }

    /** What AWS holds, not what was asked: a throttled or timed-out call made nothing, a retried one must not. */
    private void nothingMadeTwice(FaultMatrixRun run, List<Map<String, String>> ledger, int versionsBefore) {
        assertThat(controller.ec2().describeImages(r -> r.owners("self")).images())
                .filteredOn(i -> i.tags().stream().anyMatch(t -> t.key().equals(Rollout.TAG_ROLLOUT)))
                .as("one Image").hasSizeLessThanOrEqualTo(1);
        assertThat(controller.autoScaling().describeLaunchConfigurations().launchConfigurations())
                .filteredOn(lc -> !lc.launchConfigurationName().equals(controller.shop.webLaunchConfiguration()))
                .as("one launch configuration").hasSizeLessThanOrEqualTo(run.template ? 0 : 1);
        if (run.template) {
            assertThat(templateVersions().size() - versionsBefore).as("one template version").isLessThanOrEqualTo(1);
        }
        var refreshes = controller.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(run.group))
                .instanceRefreshes();
        assertThat(refreshes).as("a Refresh, and at most one back").hasSizeLessThanOrEqualTo(2);
        for (var refresh : refreshes) {
            assertThat(ledger).as("refresh " + refresh.instanceRefreshId() + " is in the ledger")
                    .anyMatch(e -> e.get("kind").equals("instance refresh")
                            && e.get("id").equals(refresh.instanceRefreshId()));
        }
    }

    /** Everything tagged as the rollout's is in the ledger, and every fate is true in the simulator. */
    private void ledgerMatchesTheWorld(String group, List<Map<String, String>> ledger) {
        var images = controller.ec2().describeImages(r -> r.owners("self")).images();
        for (var image : images) {
            if (image.tags().stream().anyMatch(t -> t.key().equals(Rollout.TAG_ROLLOUT))) {
                assertThat(ledger).as("image " + image.imageId() + " is in the ledger")
                        .anyMatch(e -> e.get("kind").equals("image") && e.get("id").equals(image.imageId()));
            }
        }
        for (Map<String, String> e : ledger) {
            String id = e.get("id");
            String fate = e.get("fate");
            switch (e.get("kind")) {
                case "image" -> {
                    var found = images.stream().filter(i -> i.imageId().equals(id)).findFirst();
                    if (fate.startsWith("deregistered") || fate.equals("gone")) {
                        assertThat(found).as(e.toString()).isEmpty();
                    } else if (!fate.startsWith("left behind")) {
                        assertThat(found).as(e.toString()).isPresent();
                        assertThat(found.get().stateAsString()).as(e.toString()).isIn("available", "pending");
                    }
                }
                case "launch configuration" -> {
                    boolean exists = !controller.autoScaling().describeLaunchConfigurations(r -> r
                            .launchConfigurationNames(id)).launchConfigurations().isEmpty();
                    assertThat(exists).as(e.toString()).isEqualTo(!fate.startsWith("deleted"));
                }
                case "launch template version" -> {
                    String version = id.substring(id.lastIndexOf(':') + 1);
                    boolean exists = templateVersions().stream().anyMatch(v -> String.valueOf(v.versionNumber())
                            .equals(version));
                    assertThat(exists).as(e.toString()).isEqualTo(!fate.startsWith("deleted"));
                }
                case "instance refresh" -> {
                    var refresh = controller.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(group)
                            .instanceRefreshIds(id)).instanceRefreshes();
                    assertThat(refresh).as(e.toString()).hasSize(1);
                    if (!fate.startsWith("started")) {
                        assertThat(fate).as("the fate is the status AWS shows")
                                .startsWith(fateOf(refresh.get(0).statusAsString()));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A finished Refresh's status in the ledger's words. */
    private static String fateOf(String refreshStatus) {
        return switch (refreshStatus) {
            case "RollbackSuccessful" -> "rolled back";
            case "RollbackFailed" -> "rollback failed";
            default -> refreshStatus.toLowerCase(Locale.ROOT);
        };
    }

    private List<software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion> templateVersions() {
        return controller.ec2().describeLaunchTemplateVersions(r -> r.launchTemplateId(
                controller.shop.apiLaunchTemplateId())).launchTemplateVersions();
    }

    /** The group's configuration in the words of the rollout's messages. */
    private String configurationOf(String group, boolean template) {
        var g = controller.group(group);
        return template ? g.launchTemplate().launchTemplateName() + ":" + g.launchTemplate().version()
                : g.launchConfigurationName();
    }

    /** The summary's resource lines read back into the rows of the step's returned ledger. */
    private static List<Map<String, String>> ledgerOnTheConsole(String log) {
        List<Map<String, String>> rows = new ArrayList<>();
        Matcher m = LEDGER_ENTRY.matcher(log);
        while (m.find()) {
            rows.add(Map.of("kind", m.group(1), "id", m.group(2), "fate", m.group(3)));
        }
        return rows;
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The build's result, the rollout's verdict where the result does not say it, and where the revert left it. */
    private static String cell(String result, RolloutStatus status, String message) {
        String verdict = switch (status) {
            case SUCCEEDED -> result.equals("SUCCESS") ? "" : ", rollout succeeded";
            case TIMED_OUT -> ", timed out";
            case FAILED -> result.equals("FAILURE") ? "" : ", rollout failed";
            default -> "";
        };
        String how = message.contains("second abort") ? ", revert stopped"
                : message.contains("while reverting") ? ", revert cut short"
                : message.contains("(its previous configuration)") ? ", back"
                : message.contains("(the new configuration)") ? ", on new"
                : message.contains("meant when the rollout started)") ? ", pinned"
                : "";
        return result + verdict + how;
    }

    /** Renders the matrix and checks (or, asked to, writes) the docs page's copy of it. */
    @AfterAll
    static void theDocsShowThisMatrix() throws IOException {
        if (CELLS.size() != KINDS.length * Fault.values().length * MatrixPhase.values().length) {
            return; // a filtered run: the table would be partial
        }
        StringBuilder tables = new StringBuilder();
        for (String kind : KINDS) {
            tables.append(tables.isEmpty() ? "" : "\n").append(MatrixDocs.table("A group on a " + kind,
                    (fault, at) -> CELLS.get(kind + "|" + fault + "|" + at)));
        }
        MatrixDocs.checkOrWrite("<!-- plugin matrix: generated by the plugin's FaultMatrixTest -->",
                "<!-- end of plugin matrix -->", tables.toString(), "mvn -B verify -pl plugin -am "
                        + "-Dtest=io.jenkins.plugins.amifactory.FaultMatrixTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dami-factory.writeDocs=true");
    }
}
