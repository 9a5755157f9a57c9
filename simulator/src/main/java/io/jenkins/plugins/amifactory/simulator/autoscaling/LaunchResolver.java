package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ec2.LaunchSpec;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.Map;

/**
 * What a group's launch source resolves to now: a launch configuration by name, or a launch template
 * version (through a mixed instances policy's first override, if any) as EC2 answers for it. Resolved
 * at every launch, so that {@code $Latest} or {@code $Default} follow the template, and once when a
 * group or refresh is given the source, to refuse one that cannot launch. Guarded by the world's lock.
 */
final class LaunchResolver {

    /** What to launch, where it comes from, and the instance tags a launch template version adds. */
    record ResolvedLaunch(LaunchSpec spec, LaunchedFrom from, Map<String, String> templateTags) {}

    private final Ec2World ec2;
    private final Map<String, LaunchConfiguration> launchConfigurations;

    LaunchResolver(Ec2World ec2, Map<String, LaunchConfiguration> launchConfigurations) {
        this.ec2 = ec2;
        this.launchConfigurations = launchConfigurations;
    }

    /** @throws AwsException when the launch configuration, template or version does not exist */
    ResolvedLaunch resolve(LaunchSource source) {
        if (source.isLaunchConfiguration()) {
            LaunchConfiguration lc = launchConfigurations.get(source.launchConfigurationName());
            if (lc == null) {
                throw new AwsException("ValidationError", "Launch configuration name not found - Launch configuration "
                        + source.launchConfigurationName() + " not found");
            }
            return new ResolvedLaunch(lc.toLaunchSpec(),
                    new LaunchedFrom(lc.name(), null, null, null, lc.instanceType(), lc.imageId()), Map.of());
        }
        LaunchTemplateRef template = source.template();
        String instanceType = null;
        String imageId = null;
        MixedInstancesPolicy mip = source.mixedInstancesPolicy();
        if (mip != null) {
            // On-Demand "prioritized": the first override wins.
            MixedInstancesPolicy.Override first = mip.overrides().stream()
                    .filter(o -> o.instanceType() != null).findFirst().orElse(null);
            if (first != null) {
                instanceType = first.instanceType();
                imageId = first.imageId();
                if (first.launchTemplate() != null) {
                    template = first.launchTemplate();
                }
            }
        }
        LaunchSpec spec = ec2.launchSpecFromTemplate(template.id(), template.name(), template.version())
                .withImageAndType(imageId, instanceType);
        long version = ec2.resolveTemplateVersion(template.id(), template.name(), template.version());
        return new ResolvedLaunch(spec, new LaunchedFrom(null, template.id(), template.name(), String.valueOf(version),
                spec.instanceType(), spec.imageId()),
                ec2.tagsFromTemplate(template.id(), template.name(), template.version(), "instance"));
    }

    /**
     * Checks that the launch configuration or template exists and can launch, in Auto Scaling's terms, and
     * returns the source with its templates named by both id and name.
     */
    LaunchSource validate(LaunchSource source) {
        if (source.isLaunchConfiguration()) {
            if (!launchConfigurations.containsKey(source.launchConfigurationName())) {
                throw new AwsException("ValidationError", "Launch configuration name not found - A launch "
                        + "configuration with the name: " + source.launchConfigurationName() + " does not exist");
            }
            return source;
        }
        try {
            resolve(source);
            return source.identified(ec2);
        } catch (AwsException e) {
            throw new AwsException("ValidationError", "You must use a valid fully-formed launch template. "
                    + e.getMessage());
        }
    }

    /** The version number a template reference resolves to now, or -1 when it no longer resolves. */
    long resolveVersion(LaunchTemplateRef t) {
        try {
            return ec2.resolveTemplateVersion(t.id(), t.name(), t.version());
        } catch (AwsException e) {
            return -1;
        }
    }
}
