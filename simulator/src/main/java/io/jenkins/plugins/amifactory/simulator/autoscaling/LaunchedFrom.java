package io.jenkins.plugins.amifactory.simulator.autoscaling;

/**
 * What one group instance was launched from, as Auto Scaling reports it per instance: the launch
 * configuration's name, or the launch template with the version number it resolved to; plus the
 * instance type and image that came out of it.
 */
record LaunchedFrom(String launchConfigurationName, String templateId, String templateName, String templateVersion,
                    String instanceType, String imageId) {

    /** Whether an instance launched this way already has {@code source}'s configuration (skip matching). */
    boolean matches(LaunchSource source, LaunchResolver launches) {
        if (source.isLaunchConfiguration()) {
            return source.launchConfigurationName().equals(launchConfigurationName);
        }
        LaunchTemplateRef t = source.template();
        if (launchConfigurationName != null || !t.sameTemplate(templateId, templateName)) {
            return false;
        }
        if (!String.valueOf(launches.resolveVersion(t)).equals(templateVersion)) {
            return false;
        }
        MixedInstancesPolicy mip = source.mixedInstancesPolicy();
        return mip == null || mip.instanceTypes().isEmpty() || mip.instanceTypes().contains(instanceType);
    }
}
