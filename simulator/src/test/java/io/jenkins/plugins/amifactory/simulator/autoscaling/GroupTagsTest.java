package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.DescribeTagsResponse;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AsgTestSupport.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * CreateOrUpdateTags, DeleteTags and DescribeTags through the real SDK: what they change, what new instances
 * inherit, filters and paging, each error AWS documents, and how the calls are counted.
 */
class GroupTagsTest {

    private SimulatorKit sim;
    private AsgTestSupport asg;
    private String ami;

    /** Every test starts with group "web": one instance, InService, no tags. */
    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        asg = new AsgTestSupport(sim);
        ami = asg.image("base");
        asg.runningGroup("web", ami, 1);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static Tag tag(String group, String key, String value, Boolean propagate) {
        return Tag.builder().resourceId(group).resourceType("auto-scaling-group").key(key).value(value)
                .propagateAtLaunch(propagate).build();
    }

    private void put(Tag... tags) {
        sim.autoScaling.createOrUpdateTags(r -> r.tags(tags));
    }

    private void delete(Tag... tags) {
        sim.autoScaling.deleteTags(r -> r.tags(tags));
    }

    /** The group's tags as DescribeAutoScalingGroups shows them: key → "value/propagate". */
    private Map<String, String> groupTags(String group) {
        return asg.describe(group).tags().stream()
                .collect(Collectors.toMap(TagDescription::key, t -> t.value() + "/" + t.propagateAtLaunch()));
    }

    private Map<String, String> instanceTags(String instanceId) {
        return sim.ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    @Test
    void createOrUpdateTagsAddsAndOverwritesWholeDefinitions() {
        put(tag("web", "lease", "run-1", false), tag("web", "team", "payments", true));
        assertThat(groupTags("web")).containsOnly(Map.entry("lease", "run-1/false"),
                Map.entry("team", "payments/true"));

        // Overwriting replaces the value and the propagation; an omitted PropagateAtLaunch is false.
        put(tag("web", "lease", "run-2", true), tag("web", "team", null, null));
        assertThat(groupTags("web")).containsOnly(Map.entry("lease", "run-2/true"), Map.entry("team", "/false"));
        assertThat(sim.autoScaling.describeTags().tags()).extracting(TagDescription::resourceId,
                TagDescription::resourceType).containsOnly(tuple("web", "auto-scaling-group"));
    }

    @Test
    void tagChangesReachOnlyInstancesLaunchedAfterwards() {
        String first = asg.instances("web").get(0).instanceId();
        put(tag("web", "lease", "run-1", true), tag("web", "cost-center", "42", false));
        assertThat(instanceTags(first)).doesNotContainKeys("lease", "cost-center");

        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(2));
        String second = newest("web", Set.of(first));
        assertThat(instanceTags(second)).containsEntry("lease", "run-1").doesNotContainKey("cost-center")
                .containsEntry("aws:autoscaling:groupName", "web");

        delete(tag("web", "lease", null, null));
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(3));
        String third = newest("web", Set.of(first, second));
        assertThat(instanceTags(third)).doesNotContainKey("lease");
        assertThat(instanceTags(second)).containsEntry("lease", "run-1");
    }

    private String newest(String group, Set<String> known) {
        return asg.instances(group).stream().map(Instance::instanceId).filter(id -> !known.contains(id))
                .findFirst().orElseThrow();
    }

    @Test
    void deleteTagsRemovesAKeyAndAGivenValueMustMatch() {
        put(tag("web", "a", "1", false), tag("web", "b", "2", false), tag("web", "c", "", false));

        delete(tag("web", "a", null, null), tag("web", "b", "wrong", null), tag("web", "absent", null, null));
        assertThat(groupTags("web")).containsOnlyKeys("b", "c");
        delete(tag("web", "b", "2", true), tag("web", "c", "", null));
        assertThat(groupTags("web")).isEmpty();
    }

    @Test
    void describeTagsFiltersByGroupKeyValueAndPropagation() {
        asg.runningGroup("api", ami, 0);
        put(tag("web", "tier", "front", true), tag("web", "lease", "run-1", false),
                tag("api", "tier", "back", true), tag("api", "owner", "front", false));

        assertThat(describe()).containsExactly("api:owner=front", "api:tier=back", "web:lease=run-1",
                "web:tier=front");
        assertThat(describe(filter("auto-scaling-group", "web"))).containsExactly("web:lease=run-1", "web:tier=front");
        assertThat(describe(filter("key", "tier", "owner"))).containsExactly("api:owner=front", "api:tier=back",
                "web:tier=front");
        assertThat(describe(filter("value", "front"))).containsExactly("api:owner=front", "web:tier=front");
        assertThat(describe(filter("propagate-at-launch", "true"))).containsExactly("api:tier=back", "web:tier=front");
        // Filters are joined with AND.
        assertThat(describe(filter("value", "front"), filter("propagate-at-launch", "false")))
                .containsExactly("api:owner=front");
        assertThat(describe(filter("auto-scaling-group", "nope"))).isEmpty();
        assertAwsError(() -> describe(filter("tag-key", "tier")), "ValidationError", "tag-key");
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private List<String> describe(Filter... filters) {
        return sim.autoScaling.describeTags(r -> r.filters(filters)).tags().stream()
                .map(t -> t.resourceId() + ":" + t.key() + "=" + t.value()).toList();
    }

    @Test
    void describeTagsPages() {
        put(IntStream.rangeClosed(1, 5).mapToObj(i -> tag("web", "k" + i, "v" + i, false)).toArray(Tag[]::new));

        DescribeTagsResponse first = sim.autoScaling.describeTags(r -> r.maxRecords(2));
        assertThat(first.tags()).extracting(TagDescription::key).containsExactly("k1", "k2");
        assertThat(sim.autoScaling.describeTags(r -> r.maxRecords(2).nextToken(first.nextToken())).tags())
                .extracting(TagDescription::key).containsExactly("k3", "k4");
        assertThat(sim.autoScaling.describeTagsPaginator(r -> r.maxRecords(2)).tags().stream()
                .map(TagDescription::key).toList()).containsExactly("k1", "k2", "k3", "k4", "k5");
        assertThat(sim.autoScaling.describeTags().nextToken()).isNull();

        assertAwsError(() -> sim.autoScaling.describeTags(r -> r.nextToken("not-a-token")), "InvalidNextToken",
                "not-a-token");
        assertAwsError(() -> sim.autoScaling.describeTags(r -> r.maxRecords(101)), "ValidationError",
                "less than or equal to 100");
    }

    @Test
    void tagsOfAGroupThatDoesNotExistAreAValidationError() {
        assertAwsError(() -> put(tag("web", "a", "1", false), tag("nope", "a", "1", false)), "ValidationError",
                "AutoScalingGroup not found - AutoScaling Group nope not found");
        assertAwsError(() -> delete(tag("nope", "a", null, null)), "ValidationError", "nope not found");
        // The call failed as a whole: the existing group got nothing either.
        assertThat(groupTags("web")).isEmpty();
        assertThatThrownBy(() -> put(tag("nope", "a", "1", false))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void aGroupHoldsAtMostFiftyTags() {
        for (int batch = 0; batch < 2; batch++) {
            int from = batch * 25;
            put(IntStream.range(from, from + 25).mapToObj(i -> tag("web", "k" + i, "v", false)).toArray(Tag[]::new));
        }
        assertThat(groupTags("web")).hasSize(50);

        assertThatThrownBy(() -> put(tag("web", "k50", "v", false))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("at most 50 tags");
                });
        // Overwriting a key does not add a tag, so a full group can still change its values.
        put(tag("web", "k0", "changed", true));
        assertThat(groupTags("web")).hasSize(50).containsEntry("k0", "changed/true");
        // So does removing one first.
        delete(tag("web", "k1", null, null));
        put(tag("web", "k50", "v", false));
        assertThat(groupTags("web")).hasSize(50).containsKey("k50");
    }

    @Test
    void tagsAreValidatedBeforeAnythingChanges() {
        put(tag("web", "keep", "1", false));

        assertAwsError(() -> put(tag("web", "k".repeat(129), "v", false)), "ValidationError",
                "Member must have length less than or equal to 128");
        assertAwsError(() -> put(tag("web", "k", "v".repeat(257), false)), "ValidationError", "at most 256");
        assertAwsError(() -> put(tag("web", "aws:lease", "v", false)), "ValidationError", "aws:");
        assertAwsError(() -> delete(tag("web", "aws:autoscaling:groupName", null, null)), "ValidationError", "aws:");
        assertAwsError(() -> put(Tag.builder().resourceId("web").key("k").value("v").build()), "ValidationError",
                "Incomplete tags information");
        assertAwsError(() -> put(Tag.builder().resourceType("auto-scaling-group").key("k").value("v").build()),
                "ValidationError", "ResourceId:null");
        assertAwsError(() -> put(Tag.builder().resourceId("web").resourceType("instance").key("k").build()),
                "ValidationError", "auto-scaling-group");
        assertAwsError(() -> put(IntStream.range(0, 26).mapToObj(i -> tag("web", "k" + i, "v", false))
                .toArray(Tag[]::new)), "ValidationError", "single call is 25");
        assertAwsError(() -> delete(IntStream.range(0, 26).mapToObj(i -> tag("web", "k" + i, null, null))
                .toArray(Tag[]::new)), "ValidationError", "single call is 25");
        assertAwsError(() -> sim.autoScaling.createOrUpdateTags(r -> r.tags(List.of())), "ValidationError",
                "'tags'");

        assertThat(groupTags("web")).containsOnly(Map.entry("keep", "1/false"));
        // The longest key and value AWS allows are accepted.
        put(tag("web", "k".repeat(128), "v".repeat(256), false));
        assertThat(groupTags("web")).containsEntry("k".repeat(128), "v".repeat(256) + "/false");
    }

    @Test
    void tagChangesAreMutatingCallsAndDescribeTagsIsNot() {
        sim.resetCounters();
        put(tag("web", "lease", "run-1", false));
        delete(tag("web", "lease", null, null));
        sim.autoScaling.describeTags();
        assertThat(sim.calls("autoscaling", "CreateOrUpdateTags")).isEqualTo(1);
        assertThat(sim.calls("autoscaling", "DeleteTags")).isEqualTo(1);
        assertThat(sim.calls("autoscaling", "DescribeTags")).isEqualTo(1);
        assertThat(sim.mutatingCalls()).isEqualTo(2);
    }
}
