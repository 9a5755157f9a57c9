package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;

/**
 * Points the group at a configuration: the new one, the previous one, or a template version by number. A
 * mixed instances group keeps its policy and only the template inside it changes.
 */
final class GroupPointer {

    private final RolloutContext ctx;

    GroupPointer(RolloutContext ctx) {
        this.ctx = ctx;
    }

    void atNew() {
        RolloutState.Written w = ctx.state.written;
        if (w.template) {
            atTemplateVersion(String.valueOf(w.templateVersion));
        } else {
            atLaunchConfiguration(w.launchConfiguration);
        }
    }

    void back() {
        RolloutState.Before b = ctx.state.before;
        if (b.kind == RolloutState.ConfigKind.LAUNCH_CONFIGURATION) {
            atLaunchConfiguration(b.launchConfiguration);
        } else {
            atTemplateVersion(b.templateVersion);
        }
    }

    private void atLaunchConfiguration(String name) {
        ctx.aws.call("UpdateAutoScalingGroup", () -> ctx.aws.autoScaling().updateAutoScalingGroup(r -> r
                .autoScalingGroupName(ctx.request.asg()).launchConfigurationName(name)));
    }

    /** Names {@code version} of the rollout's template in the group (inside its mixed instances policy, if any). */
    void atTemplateVersion(String version) {
        LaunchTemplateSpecification spec = templateSpec(version);
        if (ctx.state.before.kind == RolloutState.ConfigKind.MIXED_INSTANCES) {
            MixedInstancesPolicy mip = withTemplate(ctx.aws.describeGroup().mixedInstancesPolicy(), spec);
            ctx.aws.call("UpdateAutoScalingGroup", () -> ctx.aws.autoScaling().updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(ctx.request.asg()).mixedInstancesPolicy(mip)));
        } else {
            ctx.aws.call("UpdateAutoScalingGroup", () -> ctx.aws.autoScaling().updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(ctx.request.asg()).launchTemplate(spec)));
        }
    }

    LaunchTemplateSpecification templateSpec(String version) {
        return LaunchTemplateSpecification.builder().launchTemplateId(ctx.state.written.templateId).version(version).build();
    }

    static MixedInstancesPolicy withTemplate(MixedInstancesPolicy mip, LaunchTemplateSpecification spec) {
        return mip.toBuilder().launchTemplate(mip.launchTemplate().toBuilder().launchTemplateSpecification(spec).build())
                .build();
    }
}
