package io.jenkins.plugins.amifactory.simulator.autoscaling;

/**
 * What a group launches its instances from: exactly one of a launch configuration (by name), a launch
 * template, or a mixed instances policy. An instance refresh's desired configuration is one too (never a
 * launch configuration).
 */
public record LaunchSource(String launchConfigurationName, LaunchTemplateRef launchTemplate,
                           MixedInstancesPolicy mixedInstancesPolicy) {

    public static LaunchSource of(String launchConfigurationName) {
        return new LaunchSource(launchConfigurationName, null, null);
    }

    public static LaunchSource of(LaunchTemplateRef launchTemplate) {
        return new LaunchSource(null, launchTemplate, null);
    }

    public static LaunchSource of(MixedInstancesPolicy policy) {
        return new LaunchSource(null, null, policy);
    }

    /** This source with its launch templates named by both id and name, as AWS describes them. */
    LaunchSource identified(io.jenkins.plugins.amifactory.simulator.ec2.Ec2World ec2) {
        if (launchTemplate != null) {
            return of(launchTemplate.identified(ec2));
        }
        if (mixedInstancesPolicy != null) {
            MixedInstancesPolicy p = mixedInstancesPolicy;
            return of(new MixedInstancesPolicy(p.launchTemplate().identified(ec2), p.overrides(), p.distribution()));
        }
        return this;
    }

    public boolean isLaunchConfiguration() {
        return launchConfigurationName != null;
    }

    /** The launch template behind this source, or null for a launch configuration. */
    public LaunchTemplateRef template() {
        return launchTemplate != null ? launchTemplate
                : mixedInstancesPolicy != null ? mixedInstancesPolicy.launchTemplate() : null;
    }

    /**
     * Whether a refresh can roll back to this source: AWS rolls back only to a numbered launch template
     * version, never to a launch configuration or to {@code $Latest}/{@code $Default}.
     */
    public boolean canBeRolledBackTo() {
        LaunchTemplateRef t = template();
        return t != null && t.hasNumberedVersion()
                && (mixedInstancesPolicy == null || mixedInstancesPolicy.overrides().stream()
                        .allMatch(o -> o.launchTemplate() == null || o.launchTemplate().hasNumberedVersion()));
    }

    String describe() {
        if (launchConfigurationName != null) {
            return "launch configuration " + launchConfigurationName;
        }
        return (mixedInstancesPolicy != null ? "mixed instances policy on launch template " : "launch template ")
                + template().describe();
    }
}
