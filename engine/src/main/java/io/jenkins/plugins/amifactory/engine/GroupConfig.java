package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;

/**
 * What a group launches from: a launch configuration, a launch template version, or a mixed instances
 * policy around a launch template.
 */
record GroupConfig(RolloutState.ConfigKind kind, String launchConfiguration, String templateId, String templateName,
                   String templateVersion, MixedInstancesPolicy mixedInstancesPolicy) {

    static GroupConfig of(AutoScalingGroup g) {
        if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null
                && g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() != null) {
            LaunchTemplateSpecification s = g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
            return new GroupConfig(RolloutState.ConfigKind.MIXED_INSTANCES, null, s.launchTemplateId(),
                    s.launchTemplateName(), versionOrDefault(s.version()), g.mixedInstancesPolicy());
        }
        if (g.launchTemplate() != null) {
            LaunchTemplateSpecification s = g.launchTemplate();
            return new GroupConfig(RolloutState.ConfigKind.LAUNCH_TEMPLATE, null, s.launchTemplateId(),
                    s.launchTemplateName(), versionOrDefault(s.version()), null);
        }
        if (g.launchConfigurationName() != null && !g.launchConfigurationName().isEmpty()) {
            return new GroupConfig(RolloutState.ConfigKind.LAUNCH_CONFIGURATION, g.launchConfigurationName(),
                    null, null, null, null);
        }
        return null;
    }

    /** The template and version as the group names them, for messages. */
    String label() {
        return (templateName != null ? templateName : templateId) + ":" + templateVersion;
    }

    /** A group that names no version launches {@code $Default}. */
    private static String versionOrDefault(String v) {
        return v == null || v.isEmpty() ? "$Default" : v;
    }
}
