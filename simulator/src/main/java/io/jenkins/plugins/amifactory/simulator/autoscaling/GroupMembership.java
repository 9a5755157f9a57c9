package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.GroupReconciler.at;

/**
 * Moving a group's instances into and out of Standby and protecting them from scale-in, with AWS's rules
 * for it: only InService instances go to Standby, and the group's sizes must allow the change of
 * capacity. Guarded by the world's lock.
 */
final class GroupMembership {

    private final Function<String, AutoScalingGroup> groups;
    private final GroupReconciler reconciler;

    /** {@code groups} finds a group by name, or throws AWS's error for an unknown one. */
    GroupMembership(Function<String, AutoScalingGroup> groups, GroupReconciler reconciler) {
        this.groups = groups;
        this.reconciler = reconciler;
    }

    private Instant now() {
        return reconciler.now();
    }

    List<ScalingActivity> enterStandby(String groupName, List<String> instanceIds, boolean decrement) {
        AutoScalingGroup g = groups.apply(groupName);
        List<GroupInstance> members = members(g, instanceIds);
        for (GroupInstance gi : members) {
            if (gi.lifecycle != GroupInstance.Lifecycle.IN_SERVICE) {
                throw new AwsException("ValidationError", "The instance " + gi.instanceId + " is not in InService.");
            }
        }
        if (decrement && g.desiredCapacity - members.size() < g.minSize) {
            throw new AwsException("ValidationError", sizesMessage(g, "place into standby", members.size()));
        }
        String cause = at(now()) + " an instance was moved to standby in response to a user request"
                + (decrement ? ", shrinking the capacity from " + g.desiredCapacity + " to "
                        + (g.desiredCapacity - members.size()) : "");
        if (decrement) {
            g.desiredCapacity -= members.size();
        }
        List<ScalingActivity> out = new ArrayList<>();
        for (GroupInstance gi : members) {
            gi.lifecycle = GroupInstance.Lifecycle.STANDBY;
            ScalingActivity a = reconciler.activity(g, "Moving EC2 instance to Standby: " + gi.instanceId, cause + ".",
                    gi.availabilityZone);
            a.succeed(now());
            out.add(a);
        }
        reconciler.reconcile(g);
        return out;
    }

    List<ScalingActivity> exitStandby(String groupName, List<String> instanceIds) {
        AutoScalingGroup g = groups.apply(groupName);
        List<GroupInstance> members = members(g, instanceIds);
        for (GroupInstance gi : members) {
            if (gi.lifecycle != GroupInstance.Lifecycle.STANDBY) {
                throw new AwsException("ValidationError", "The instance " + gi.instanceId + " is not in Standby.");
            }
        }
        if (g.desiredCapacity + members.size() > g.maxSize) {
            throw new AwsException("ValidationError", sizesMessage(g, "exit standby", members.size()));
        }
        String cause = at(now()) + " instance was moved out of standby in response to a user request, increasing "
                + "the capacity from " + g.desiredCapacity + " to " + (g.desiredCapacity + members.size()) + ".";
        g.desiredCapacity += members.size();
        List<ScalingActivity> out = new ArrayList<>();
        for (GroupInstance gi : members) {
            gi.lifecycle = GroupInstance.Lifecycle.IN_SERVICE;
            gi.inServiceSince = now();
            ScalingActivity a = reconciler.activity(g, "Moving EC2 instance out of Standby: " + gi.instanceId, cause,
                    gi.availabilityZone);
            a.succeed(now());
            out.add(a);
        }
        reconciler.reconcile(g);
        return out;
    }

    private static String sizesMessage(AutoScalingGroup g, String what, int count) {
        return "AutoScalingGroup " + g.name + " has min-size=" + g.minSize + ", max-size=" + g.maxSize
                + ", and desired-size=" + g.desiredCapacity + ". To " + what + " " + count
                + " instances, please update the AutoScalingGroup sizes appropriately.";
    }

    void setInstanceProtection(String groupName, List<String> instanceIds, boolean protect) {
        AutoScalingGroup g = groups.apply(groupName);
        for (GroupInstance gi : members(g, instanceIds)) {
            gi.protectedFromScaleIn = protect;
        }
        reconciler.reconcile(g);
    }

    private static List<GroupInstance> members(AutoScalingGroup g, List<String> instanceIds) {
        List<GroupInstance> out = new ArrayList<>();
        for (String id : instanceIds) {
            GroupInstance gi = g.instance(id);
            if (gi == null || gi.lifecycle == GroupInstance.Lifecycle.TERMINATING) {
                throw new AwsException("ValidationError",
                        "The instance " + id + " is not part of Auto Scaling group " + g.name + ".");
            }
            out.add(gi);
        }
        return out;
    }
}
