package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.groupName;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.intInRange;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.oneOf;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.requiredString;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.string;

/** CreateAutoScalingGroup, UpdateAutoScalingGroup, DescribeAutoScalingGroups, DescribeScalingActivities. */
final class GroupActions {

    private GroupActions() {
    }

    static void register(Map<String, AutoScalingProtocol.Action> actions) {
        actions.put("CreateAutoScalingGroup", GroupActions::createAutoScalingGroup);
        actions.put("UpdateAutoScalingGroup", GroupActions::updateAutoScalingGroup);
        actions.put("DescribeAutoScalingGroups", GroupActions::describeAutoScalingGroups);
        actions.put("DescribeScalingActivities", GroupActions::describeScalingActivities);
    }

    private static Consumer<Xml> createAutoScalingGroup(AutoScalingWorld asg, QueryRequest q) {
        String name = requiredString(q, "AutoScalingGroupName", 255);
        q.required("MinSize");
        q.required("MaxSize");
        asg.createAutoScalingGroup(name, settings(q, AutoScalingRequests.tags(q), 0));
        return null;
    }

    private static Consumer<Xml> updateAutoScalingGroup(AutoScalingWorld asg, QueryRequest q) {
        asg.updateAutoScalingGroup(groupName(q), settings(q, null, -1));
        return null;
    }

    /** The settings Create and UpdateAutoScalingGroup share; Update may reset DefaultInstanceWarmup with -1. */
    private static AutoScalingWorld.GroupSettings settings(QueryRequest q, List<GroupTag> tags, int minWarmup) {
        return new AutoScalingWorld.GroupSettings(AutoScalingRequests.groupLaunchSource(q),
                intInRange(q, "MinSize", 0, Integer.MAX_VALUE), intInRange(q, "MaxSize", 0, Integer.MAX_VALUE),
                intInRange(q, "DesiredCapacity", 0, Integer.MAX_VALUE),
                q.has("AvailabilityZones") ? q.list("AvailabilityZones") : null, string(q, "VPCZoneIdentifier", 5000),
                oneOf(q, "HealthCheckType", Set.of("EC2", "ELB", "VPC_LATTICE", "EBS")),
                intInRange(q, "HealthCheckGracePeriod", 0, Integer.MAX_VALUE),
                intInRange(q, "DefaultInstanceWarmup", minWarmup, Integer.MAX_VALUE),
                intInRange(q, "DefaultCooldown", 0, Integer.MAX_VALUE), q.bool("NewInstancesProtectedFromScaleIn"),
                q.bool("CapacityRebalance"), tags);
    }

    private static Consumer<Xml> describeAutoScalingGroups(AutoScalingWorld asg, QueryRequest q) {
        List<String> names = q.list("AutoScalingGroupNames");
        List<QueryRequest> filters = q.structs("Filters");
        List<AutoScalingGroup> all = asg.groups().stream()
                .filter(g -> names.isEmpty() || names.contains(g.name))
                .filter(g -> filters.stream().allMatch(f -> matches(g, f))).toList();
        boolean includeInstances = q.bool("IncludeInstances", true);
        Paging.Page<AutoScalingGroup> page = Paging.page(all, q, 50, 100);
        return x -> x.list("AutoScalingGroups", "member", page.items(), (m, g) -> AutoScalingXml.group(m, g,
                includeInstances)).el("NextToken", page.nextToken());
    }

    /** The tag filters DescribeAutoScalingGroups takes: {@code tag:<key>}, {@code tag-key}, {@code tag-value}. */
    private static boolean matches(AutoScalingGroup g, QueryRequest filter) {
        String name = filter.required("Name");
        List<String> values = filter.list("Values");
        if (name.startsWith("tag:")) {
            GroupTag t = g.tags.get(name.substring(4));
            return t != null && values.contains(t.value());
        }
        return switch (name) {
            case "tag-key" -> g.tags.keySet().stream().anyMatch(values::contains);
            case "tag-value" -> g.tags.values().stream().anyMatch(t -> values.contains(t.value()));
            default -> throw new AwsException("ValidationError", "Filter name '" + name + "' is not supported; use "
                    + "tag:<key>, tag-key or tag-value.");
        };
    }

    private static Consumer<Xml> describeScalingActivities(AutoScalingWorld asg, QueryRequest q) {
        String group = string(q, "AutoScalingGroupName", 255);
        List<String> ids = q.list("ActivityIds");
        List<ScalingActivity> all = asg.activities(group).stream()
                .filter(a -> ids.isEmpty() || ids.contains(a.id)).toList();
        Paging.Page<ScalingActivity> page = Paging.page(all, q, 100, 100);
        return x -> x.list("Activities", "member", page.items(), AutoScalingXml::activity)
                .el("NextToken", page.nextToken());
    }
}
