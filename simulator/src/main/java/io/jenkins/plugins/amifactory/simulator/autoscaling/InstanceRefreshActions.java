package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.groupName;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.oneOf;

/** StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh, RollbackInstanceRefresh. */
final class InstanceRefreshActions {

    private InstanceRefreshActions() {
    }

    static void register(Map<String, AutoScalingProtocol.Action> actions) {
        actions.put("StartInstanceRefresh", InstanceRefreshActions::startInstanceRefresh);
        actions.put("DescribeInstanceRefreshes", InstanceRefreshActions::describeInstanceRefreshes);
        actions.put("CancelInstanceRefresh", (asg, q) -> refreshId(asg.cancelInstanceRefresh(groupName(q))));
        actions.put("RollbackInstanceRefresh", (asg, q) -> refreshId(asg.rollbackInstanceRefresh(groupName(q))));
    }

    private static Consumer<Xml> startInstanceRefresh(AutoScalingWorld asg, QueryRequest q) {
        String group = groupName(q);
        String strategy = oneOf(q, "Strategy", Set.of("Rolling", "ReplaceRootVolume"));
        if ("ReplaceRootVolume".equals(strategy)) {
            throw new AwsException("ValidationError",
                    "The simulator supports only the Rolling strategy for instance refreshes.");
        }
        String id = asg.startInstanceRefresh(group, AutoScalingRequests.desiredConfiguration(q),
                AutoScalingRequests.preferences(q));
        return refreshId(id);
    }

    private static Consumer<Xml> describeInstanceRefreshes(AutoScalingWorld asg, QueryRequest q) {
        AutoScalingGroup g = asg.group(groupName(q));
        List<String> ids = q.list("InstanceRefreshIds");
        List<InstanceRefreshRun> newestFirst = new ArrayList<>(g.refreshes);
        Collections.reverse(newestFirst);
        List<InstanceRefreshRun> all = newestFirst.stream().filter(r -> ids.isEmpty() || ids.contains(r.id)).toList();
        Paging.Page<InstanceRefreshRun> page = Paging.page(all, q, 50, 100);
        return x -> x.list("InstanceRefreshes", "member", page.items(), AutoScalingXml::refresh)
                .el("NextToken", page.nextToken());
    }

    private static Consumer<Xml> refreshId(String id) {
        return x -> x.el("InstanceRefreshId", id);
    }
}
