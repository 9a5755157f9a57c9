package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The next configuration: writes the group's next launch configuration, its template's next version, or
 * (moving off launch configurations) a new launch template, from what {@link NextConfiguration} builds. Each
 * is written once: a resumed rollout finds what an earlier attempt wrote by its name, its description or its
 * tag. A template group that names an alias is first pinned to the number the alias means.
 */
final class ConfigurationPhase {

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;

    ConfigurationPhase(RolloutContext ctx) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
    }

    Next run(Instant now) {
        Image image = ctx.aws.describeImage(state.image.id);
        RolloutState.Written w = state.written;
        if (w.template && w.migratesToTemplate) {
            writeTemplateFrom(ctx.aws.describeLaunchConfiguration(state.before.launchConfiguration), image);
        } else if (w.template) {
            writeTemplateVersion(image);
        } else {
            String refused = writeLaunchConfiguration(image);
            if (refused != null) {
                return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK,
                        "AWS no longer lets this account create launch configurations", "This AWS account can no longer create "
                        + "launch configurations (" + refused + "). Run the rollout with strategy: launchTemplate to move group '"
                        + request.asg() + "' to a launch template made from " + state.before.launchConfiguration
                        + "; the Image " + state.image.id + " is kept for it");
            }
        }
        ctx.enter(Phase.GROUP_UPDATE, now, "pointing group '" + request.asg() + "' at " + state.newConfiguration());
        return Next.again(Duration.ZERO);
    }

    /**
     * Null when written; AWS's refusal when the account may not create launch configurations at all (every
     * account created since 2024-10-01).
     */
    private String writeLaunchConfiguration(Image image) {
        String name = launchConfigurationName(ctx);
        LaunchConfiguration existing = ctx.aws.findLaunchConfiguration(name);
        if (existing != null && !state.image.id.equals(existing.imageId())) {
            name = state.image.name + "-" + state.rolloutId.substring(0, 8);
            existing = ctx.aws.findLaunchConfiguration(name);
        }
        if (existing != null) {
            ctx.listener.info("Found launch configuration " + name + " from an earlier attempt of this rollout; using it");
        } else {
            LaunchConfiguration current = ctx.aws.describeLaunchConfiguration(state.before.launchConfiguration);
            var create = NextConfiguration.launchConfiguration(current, image, name);
            try {
                ctx.aws.call("CreateLaunchConfiguration", () -> ctx.aws.autoScaling().createLaunchConfiguration(create));
            } catch (AwsServiceException e) {
                if ("UnsupportedOperation".equals(AwsErrors.errorCode(e))) {
                    return AwsErrors.describe(e);
                }
                throw e;
            }
        }
        String written = name;
        if (request.givenImage() == null) {
            // Before the group names it: a resumed rollout tags again, which changes nothing. A given Image is not
            // this rollout's to tag: other groups' configurations name it too.
            ctx.aws.call("CreateTags", () -> ctx.aws.ec2().createTags(r -> r.resources(state.image.id)
                    .tags(Tag.builder().key(Rollout.TAG_LAUNCH_CONFIGURATION).value(written).build())));
        }
        state.written.launchConfiguration = name;
        state.record("launch configuration", name, "created");
        return null;
    }

    /**
     * The name of the next launch configuration: the Image's name, unique in the region. A given Image is
     * rolled out to several groups, so its configurations are named after the group and this rollout, and an
     * earlier attempt's is never confused with another group's that names the same Image.
     */
    static String launchConfigurationName(RolloutContext ctx) {
        RolloutRequest request = ctx.request;
        if (request.givenImage() == null) {
            return ctx.state.image.name;
        }
        return ImageNames.expand(request.image().nameTemplate(), request.asg(), request.instance(), ctx.state.startedAt)
                + "-" + ctx.state.rolloutId.substring(0, 8);
    }

    private void writeTemplateVersion(Image image) {
        RolloutState.Written w = state.written;
        RolloutState.Before b = state.before;
        if (request.refresh().enabled() && !w.groupPinned && b.templateVersion.startsWith("$")) {
            new GroupPointer(ctx).atTemplateVersion(String.valueOf(b.templateVersionNumber));
            w.groupPinned = true;
            state.record("group", request.asg(), "pinned to " + state.templateLabel() + ":" + b.templateVersionNumber
                    + " (was " + b.templateVersion + ")");
            ctx.listener.info("Pinned group '" + request.asg() + "' to version " + b.templateVersionNumber + " of "
                    + state.templateLabel() + ", which " + b.templateVersion + " meant, so the Refresh can roll back to it");
        }
        LaunchTemplateVersion latest = ctx.aws.describeTemplateVersion(w.templateId, null, "$Latest");
        if (latest.versionDescription() != null && latest.versionDescription().contains(state.rolloutId)) {
            ctx.listener.info("Found version " + latest.versionNumber() + " of " + state.templateLabel()
                    + " from an earlier attempt of this rollout; using it");
            w.templateVersion = latest.versionNumber();
        } else {
            String sourceVersion = String.valueOf(b.templateVersionNumber);
            LaunchTemplateVersion source = ctx.aws.describeTemplateVersion(w.templateId, null, sourceVersion);
            RequestLaunchTemplateData data = NextConfiguration.templateVersion(source.launchTemplateData(), image);
            w.templateVersion = ctx.aws.call("CreateLaunchTemplateVersion", () -> ctx.aws.ec2()
                    .createLaunchTemplateVersion(r -> r.launchTemplateId(w.templateId).sourceVersion(sourceVersion)
                            .clientToken(state.rolloutId).versionDescription(ctx.versionDescription())
                            .launchTemplateData(data))).launchTemplateVersion().versionNumber();
        }
        state.record("launch template version", w.templateId + ":" + w.templateVersion, "created");
    }

    /** Moves the group off its launch configuration: a launch template made from it, with the new Image. */
    private void writeTemplateFrom(LaunchConfiguration lc, Image image) {
        RolloutState.Written w = state.written;
        List<LaunchTemplate> existing = ctx.aws.call("DescribeLaunchTemplates", () -> ctx.aws.ec2()
                .describeLaunchTemplates(r -> r.filters(Filter.builder().name("tag:" + Rollout.TAG_ROLLOUT)
                        .values(state.rolloutId).build()))).launchTemplates();
        LaunchTemplate template;
        if (!existing.isEmpty()) {
            template = existing.get(0);
            ctx.listener.info("Found launch template " + template.launchTemplateId()
                    + " from an earlier attempt of this rollout; using it");
        } else {
            RequestLaunchTemplateData data = NextConfiguration.templateFrom(lc, image);
            template = ctx.aws.call("CreateLaunchTemplate", () -> ctx.aws.ec2().createLaunchTemplate(r -> r
                    .launchTemplateName(request.asg() + "-ami-factory-" + state.rolloutId.substring(0, 8))
                    .clientToken(state.rolloutId)
                    .versionDescription(ctx.versionDescription())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
                            .tags(ctx.tags()).build())
                    .launchTemplateData(data))).launchTemplate();
        }
        w.templateId = template.launchTemplateId();
        w.templateName = template.launchTemplateName();
        w.templateVersion = template.latestVersionNumber();
        state.record("launch template", w.templateId, "created from launch configuration " + lc.launchConfigurationName());
        state.record("launch template version", w.templateId + ":" + w.templateVersion, "created");
    }
}
