package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.tagKey;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.tagValue;

/** CreateOrUpdateTags, DeleteTags, DescribeTags: the tags of groups, changed after their creation. */
final class TagActions {

    static final String RESOURCE_TYPE = "auto-scaling-group";

    private TagActions() {
    }

    static void register(Map<String, AutoScalingProtocol.Action> actions) {
        actions.put("CreateOrUpdateTags", (asg, q) -> {
            asg.createOrUpdateTags(changes(q));
            return null;
        });
        actions.put("DeleteTags", (asg, q) -> {
            asg.deleteTags(changes(q));
            return null;
        });
        actions.put("DescribeTags", TagActions::describeTags);
    }

    /** {@code Tags.member.N}: each names its group by ResourceId and ResourceType, as AWS requires. */
    private static List<GroupTags.Change> changes(QueryRequest q) {
        List<GroupTags.Change> out = new ArrayList<>();
        for (QueryRequest t : AutoScalingRequests.requiredStructs(q, "Tags")) {
            String key = tagKey(t);
            String value = tagValue(t);
            Boolean propagate = t.bool("PropagateAtLaunch");
            String id = t.get("ResourceId");
            String type = t.get("ResourceType");
            if (id == null || id.isEmpty() || type == null || type.isEmpty()) {
                // AWS's own wording, which lists the tag as it understood it.
                throw new AwsException("ValidationError", "Incomplete tags information for these tags. Tag - 'Key:"
                        + key + ",PropagateAtLaunch:" + propagate + ",ResourceId:" + id + ",ResourceType:" + type
                        + "' , ");
            }
            if (!RESOURCE_TYPE.equals(type)) {
                throw t.invalid("ResourceType", type, "The only supported resource type is " + RESOURCE_TYPE + ".");
            }
            out.add(new GroupTags.Change(id, key, value, propagate));
        }
        return out;
    }

    /** One tag of one group, as DescribeTags lists it. */
    private record Described(String groupName, GroupTag tag) {}

    private static Consumer<Xml> describeTags(AutoScalingWorld asg, QueryRequest q) {
        List<QueryRequest> filters = q.structs("Filters");
        // By group, then by key: a stable order, so that NextToken offsets stay valid between pages.
        List<Described> all = asg.groups().stream()
                .flatMap(g -> g.tags.values().stream().sorted(Comparator.comparing(GroupTag::key))
                        .map(t -> new Described(g.name, t)))
                .filter(d -> filters.stream().allMatch(f -> matches(d, f))).toList();
        Paging.Page<Described> page = Paging.page(all, q, 50, 100);
        return x -> x.list("Tags", "member", page.items(),
                (m, d) -> AutoScalingXml.tagDescription(m, d.groupName(), d.tag())).el("NextToken", page.nextToken());
    }

    /** DescribeTags' filters; a tag matches one of them if it matches any of its values. */
    private static boolean matches(Described d, QueryRequest filter) {
        String name = filter.required("Name");
        List<String> values = filter.list("Values");
        return switch (name) {
            case "auto-scaling-group" -> values.contains(d.groupName());
            case "key" -> values.contains(d.tag().key());
            case "value" -> values.contains(d.tag().value());
            case "propagate-at-launch" -> values.stream()
                    .anyMatch(v -> v.equalsIgnoreCase(String.valueOf(d.tag().propagateAtLaunch())));
            default -> throw new AwsException("ValidationError", "Filter name '" + name + "' is not supported; use "
                    + "auto-scaling-group, key, value or propagate-at-launch.");
        };
    }
}
