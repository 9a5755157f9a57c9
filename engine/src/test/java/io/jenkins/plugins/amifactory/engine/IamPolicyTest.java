package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/iam-policy.md grants exactly what the engine calls: every action a rollout was seen calling (by this
 * test's own rollouts, which take every path, and by every other test of the suite that ran before it) is in
 * the policy, and every action in the policy is one a rollout calls or one AWS checks on the side.
 */
@Order(Integer.MAX_VALUE)
class IamPolicyTest extends ShopTest {

    /** Permissions AWS checks on the side of a call, never called by name. */
    private static final Set<String> ON_THE_SIDE = Set.of("ec2:RunInstances", "iam:PassRole");

    @Test
    void thePolicyGrantsWhatRolloutsCallAndNothingElse() throws IOException {
        Set<String> called = new TreeSet<>(everyPath());
        called.addAll(Shop.CALLED);
        Set<String> granted = granted();

        assertThat(granted).as("the policy grants every action a rollout calls").containsAll(called);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(called);
        unused.removeAll(ON_THE_SIDE);
        assertThat(unused).as("the policy grants nothing a rollout does not call").isEmpty();
    }

    /** The rollouts that between them call every action: success, failure, abort, reboot, plan, retention, leases. */
    private Set<String> everyPath() throws IOException {
        Set<String> called = new TreeSet<>();
        try (Shop lc = Shop.onLaunchConfiguration(3)) {
            assertThat(lc.run(lc.request().reboot(true).keepImages(1).build()).succeeded()).isTrue();
            lc.world.advance(Duration.ofMinutes(1));
            assertThat(lc.run(lc.request().imageName("{group}-2-{yyyyMMdd-HHmmss}").keepImages(1).build())
                    .succeeded()).isTrue();
            assertThat(lc.run(lc.request().planOnly(true).build()).status()).isEqualTo(RolloutStatus.PLANNED);
            Rollout aborted = Rollout.start(lc.request().build(), lc.world.now(), RolloutListener.NONE);
            lc.stepUntil(aborted, Phase.REFRESH_WAIT);
            lc.step(aborted);
            aborted.abort("policy test");
            assertThat(lc.finish(aborted).status()).isEqualTo(RolloutStatus.ABORTED);
            lc.scenario(s -> s.unhealthyNextImages = 1);
            assertThat(lc.run(lc.request().strategy(Strategy.LAUNCH_TEMPLATE).build()).status())
                    .as("a failed move to a launch template removes the template").isEqualTo(RolloutStatus.FAILED);
        }
        try (Shop lt = Shop.onLaunchTemplate(3, "$Latest")) {
            lt.scenario(s -> s.unhealthyNextImages = 1);
            assertThat(lt.run(lt.request().setDefaultVersion(true).build()).status()).isEqualTo(RolloutStatus.FAILED);
            // A cut-off rollout's Refresh, found through its lapsed lease, is rolled back before the next one.
            lt.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(Shop.GROUP).desiredConfiguration(d -> d
                    .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(lt.templateId).version("1")
                            .build())).preferences(p -> p.skipMatching(false)));
            String orphan = lt.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(Shop.GROUP))
                    .instanceRefreshes().get(0).instanceRefreshId();
            lt.autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId(Shop.GROUP)
                    .resourceType("auto-scaling-group").key(GroupLease.TAG).propagateAtLaunch(false)
                    .value("rollout=dead;until=" + lt.world.now().minusSeconds(60) + ";refresh=" + orphan).build()));
            assertThat(lt.run(lt.request().keepImages(1).build()).succeeded()).isTrue();
        }
        try (FleetWorld fleet = new FleetWorld()) {
            FleetResult result = fleet.run(Fleet.start(fleet.fleet(fleet.request().build())
                    .kmsKey(FleetWorld.OTHER, "alias/ami-copies").build(), fleet.sim.world.now(), null));
            assertThat(result.succeeded()).as(result.message()).isTrue();
        }
        called.addAll(Shop.CALLED);
        return called;
    }

    /** Every action in the policy's JSON. */
    private static Set<String> granted() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "iam-policy.md"), StandardCharsets.UTF_8);
        String json = doc.substring(doc.indexOf("```json"), doc.indexOf("```", doc.indexOf("```json") + 7));
        Set<String> actions = new TreeSet<>();
        // Quoted service:Name strings that are not condition keys (those are followed by a colon).
        Matcher m = Pattern.compile("\"((?:ec2|autoscaling|iam):[A-Za-z]+)\"(?!\\s*:)").matcher(json);
        while (m.find()) {
            actions.add(m.group(1));
        }
        return actions;
    }
}
