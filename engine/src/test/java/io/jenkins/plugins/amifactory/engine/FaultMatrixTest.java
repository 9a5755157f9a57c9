package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.engine.matrix.Fault;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixDocs;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixPhase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability matrix on the engine: every fault in every phase, on a group with a launch configuration
 * and on one with a launch template. Each case checks the verdict, that the group is on the configuration the
 * verdict names, which Image each instance runs, that nothing was made twice, and that the ledger matches
 * what the simulator holds. The table in docs/reliability.md is generated from these cases.
 */
class FaultMatrixTest extends ShopTest {

    private static final Pattern WHERE = Pattern.compile("Group 'web' (?:is on (\\S+)|was not changed)");
    private static final Map<String, String> CELLS = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (boolean template : new boolean[] {false, true}) {
            for (Fault fault : Fault.values()) {
                for (MatrixPhase at : MatrixPhase.values()) {
                    all.add(Arguments.of(template ? "launch template" : "launch configuration", fault, at));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} during {2}")
    @MethodSource("cases")
    void eachFaultInEachPhaseEndsInATrueVerdict(String kind, Fault fault, MatrixPhase at) throws IOException {
        boolean template = kind.equals("launch template");
        shop = template ? Shop.onLaunchTemplate(3, "1") : Shop.onLaunchConfiguration(3);
        String oldImage = shop.imagesOfGroupInstances().get(0);
        FaultMatrixRun run = new FaultMatrixRun(shop, at, fault);
        RolloutResult result = run.run();
        String message = result.message() == null ? "" : result.message();

        assertThat(result.status()).as(message).isEqualTo(at.expected(fault, template));
        String groupNow = configurationOf(template);
        List<String> images = shop.imagesOfGroupInstances();
        if (result.succeeded()) {
            assertThat(groupNow).isEqualTo(result.newConfiguration());
            assertThat(images).as("every instance runs the new Image").containsOnly(result.imageId());
        } else {
            Matcher where = WHERE.matcher(message);
            assertThat(where.find()).as("the verdict says where the group is: " + message).isTrue();
            if (where.group(1) != null) {
                assertThat(groupNow).as(message).isEqualTo(where.group(1));
            }
            assertThat(images).as("instances run the old or the new Image").allMatch(i -> i.equals(oldImage)
                    || i.equals(result.imageId()));
            long onNew = images.stream().filter(i -> i.equals(result.imageId())).count();
            if (onNew > 0 && !message.contains("while reverting") && !message.contains("second abort")
                    && !message.contains("the revert left it") && !message.contains("could not")) {
                assertThat(message).as("instances on the new Image are named").contains(onNew + " instance");
            }
        }
        nothingMadeTwice(result, run);
        if (fault == Fault.CONCURRENT_ROLLOUT) {
            assertThat(run.concurrent.status()).isEqualTo(RolloutStatus.REJECTED);
            assertThat(run.concurrentMutations).as("the second rollout changed nothing").isZero();
        }
        ledgerMatchesTheWorld(result);
        CELLS.put(kind + "|" + fault + "|" + at, cell(result));
    }

    /** What AWS holds, not what was asked: a throttled or timed-out call made nothing, a retried one must not. */
    private void nothingMadeTwice(RolloutResult result, FaultMatrixRun run) {
        assertThat(shop.ec2.describeImages(r -> r.owners("self").filters(Filter.builder()
                .name("tag:" + Rollout.TAG_ROLLOUT).values(result.rolloutId()).build())).images())
                .as("one Image").hasSizeLessThanOrEqualTo(1);
        if (result.imageName() != null) {
            assertThat(shop.autoScaling.describeLaunchConfigurations().launchConfigurations())
                    .filteredOn(lc -> lc.launchConfigurationName().startsWith(result.imageName()))
                    .as("one launch configuration").hasSizeLessThanOrEqualTo(1);
        }
        if (shop.templateId != null) {
            assertThat(shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                    .launchTemplateVersions()).filteredOn(v -> v.versionDescription() != null
                            && v.versionDescription().contains(result.rolloutId()))
                    .as("one template version").hasSizeLessThanOrEqualTo(1);
        }
        var refreshes = shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP))
                .instanceRefreshes();
        assertThat(refreshes).as("a Refresh, and at most one back").hasSizeLessThanOrEqualTo(2);
        for (var refresh : refreshes) {
            assertThat(result.ledger()).as("refresh " + refresh.instanceRefreshId() + " is in the ledger")
                    .anyMatch(e -> e.kind().equals("instance refresh") && e.id().equals(refresh.instanceRefreshId()));
        }
    }

    /** Everything tagged with the rollout's id is in the ledger, and every fate is true in the simulator. */
    private void ledgerMatchesTheWorld(RolloutResult result) {
        var ours = shop.ec2.describeImages(r -> r.owners("self").filters(Filter.builder()
                .name("tag:" + Rollout.TAG_ROLLOUT).values(result.rolloutId()).build())).images();
        for (var image : ours) {
            assertThat(result.ledger()).as("image " + image.imageId() + " is in the ledger")
                    .anyMatch(e -> e.kind().equals("image") && e.id().equals(image.imageId()));
        }
        for (LedgerEntry e : result.ledger()) {
            switch (e.kind()) {
                case "image" -> {
                    var found = shop.ec2.describeImages(r -> r.owners("self")).images().stream()
                            .filter(i -> i.imageId().equals(e.id())).findFirst();
                    if (e.fate().startsWith("deregistered") || e.fate().equals("gone")) {
                        assertThat(found).as(e.toString()).isEmpty();
                    } else if (!e.fate().startsWith("left behind")) {
                        assertThat(found).as(e.toString()).isPresent();
                        assertThat(found.get().stateAsString()).as(e.toString()).isIn("available", "pending");
                    }
                }
                case "launch configuration" -> {
                    boolean exists = !shop.autoScaling.describeLaunchConfigurations(r -> r
                            .launchConfigurationNames(e.id())).launchConfigurations().isEmpty();
                    assertThat(exists).as(e.toString()).isEqualTo(!e.fate().startsWith("deleted"));
                }
                case "launch template version" -> {
                    String version = e.id().substring(e.id().lastIndexOf(':') + 1);
                    boolean exists = shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId))
                            .launchTemplateVersions().stream().anyMatch(v -> String.valueOf(v.versionNumber()).equals(version));
                    assertThat(exists).as(e.toString()).isEqualTo(!e.fate().startsWith("deleted"));
                }
                case "instance refresh" -> {
                    var refresh = shop.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP)
                            .instanceRefreshIds(e.id())).instanceRefreshes();
                    assertThat(refresh).as(e.toString()).hasSize(1);
                    String status = refresh.get(0).statusAsString();
                    if (!e.fate().startsWith("started")) {
                        assertThat(e.fate()).as("the fate is the status AWS shows").startsWith(RefreshPhase.fate(status));
                    }
                }
                default -> {
                }
            }
        }
    }

    private String configurationOf(boolean template) {
        var group = shop.group();
        return template ? "web-lt:" + group.launchTemplate().version() : group.launchConfigurationName();
    }

    private static String cell(RolloutResult result) {
        String message = result.message() == null ? "" : result.message();
        String how = switch (result.status()) {
            case SUCCEEDED -> "";
            default -> message.contains("second abort") ? ", revert stopped"
                    : message.contains("while reverting") ? ", revert cut short"
                    : message.contains("(its previous configuration)") ? ", back"
                    : message.contains("(the new configuration)") ? ", on new"
                    : "";
        };
        return result.status().name() + how;
    }

    /** Renders the matrix and checks (or, asked to, writes) the docs page's copy of it. */
    @AfterAll
    static void theDocsShowThisMatrix() throws IOException {
        int cases = 2 * Fault.values().length * MatrixPhase.values().length;
        if (CELLS.size() != cases) {
            return; // a filtered run: the table would be partial
        }
        StringBuilder legend = new StringBuilder("| fault | how it is made |\n|---|---|\n");
        for (Fault fault : Fault.values()) {
            legend.append("| ").append(fault.title).append(" | ").append(fault.how).append(" |\n");
        }
        String table = legend + "\n" + table("launch configuration") + "\n" + table("launch template");
        MatrixDocs.checkOrWrite("<!-- engine matrix: generated by FaultMatrixTest -->", "<!-- end of engine matrix -->",
                table, "mvn -B test -pl engine -am -Dtest=FaultMatrixTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dami-factory.writeDocs=true");
    }

    private static String table(String kind) {
        return MatrixDocs.table("A group on a " + kind, (fault, at) -> CELLS.get(kind + "|" + fault + "|" + at));
    }
}
