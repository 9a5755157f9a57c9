package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.groupName;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.instanceIds;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.requiredBool;

/** DescribeAutoScalingInstances, EnterStandby, ExitStandby, SetInstanceProtection. */
final class GroupInstanceActions {

    /** SetInstanceProtection answers with an empty Result element, unlike the actions that have none. */
    private static final Consumer<Xml> EMPTY_RESULT = x -> { };

    private GroupInstanceActions() {
    }

    static void register(Map<String, AutoScalingProtocol.Action> actions) {
        actions.put("DescribeAutoScalingInstances", GroupInstanceActions::describeAutoScalingInstances);
        actions.put("EnterStandby", (asg, q) -> activities(asg.enterStandby(groupName(q), instanceIds(q),
                requiredBool(q, "ShouldDecrementDesiredCapacity"))));
        actions.put("ExitStandby", (asg, q) -> activities(asg.exitStandby(groupName(q), instanceIds(q))));
        actions.put("SetInstanceProtection", (asg, q) -> {
            asg.setInstanceProtection(groupName(q), instanceIds(q), requiredBool(q, "ProtectedFromScaleIn"));
            return EMPTY_RESULT;
        });
    }

    private static Consumer<Xml> describeAutoScalingInstances(AutoScalingWorld asg, QueryRequest q) {
        List<String> ids = q.list("InstanceIds");
        record Member(AutoScalingGroup group, GroupInstance instance) {}
        List<Member> all = new ArrayList<>();
        for (AutoScalingGroup g : asg.groups()) {
            for (GroupInstance gi : g.instances.values()) {
                if (ids.isEmpty() || ids.contains(gi.instanceId)) {
                    all.add(new Member(g, gi));
                }
            }
        }
        Paging.Page<Member> page = Paging.page(all, q, 50, 50);
        return x -> x.list("AutoScalingInstances", "member", page.items(),
                (m, e) -> AutoScalingXml.autoScalingInstance(m, e.group(), e.instance()))
                .el("NextToken", page.nextToken());
    }

    private static Consumer<Xml> activities(List<ScalingActivity> activities) {
        return x -> x.list("Activities", "member", activities, AutoScalingXml::activity);
    }
}
