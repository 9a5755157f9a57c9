package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the template versions this tool wrote around Images that retention removes. Every older version
 * still names its Image, so without this an Image on a launch template would never become unreferenced and
 * retention would keep them all. A version goes only when this tool wrote it (its description carries a
 * rollout id), it is neither the template's default nor its latest, no group names it (directly or in a
 * mixed instances policy) and no Refresh of the group wants it.
 */
final class TemplateVersionPruning {

    /** DeleteLaunchTemplateVersions takes at most this many versions a call. */
    private static final int PER_CALL = 200;

    private final RolloutContext ctx;
    private final List<AutoScalingGroup> groups;

    TemplateVersionPruning(RolloutContext ctx, List<AutoScalingGroup> groups) {
        this.ctx = ctx;
        this.groups = groups;
    }

    /** The versions of {@code templateId} this tool wrote around {@code imagesToRemove} that may go. */
    List<String> doomed(String templateId, Set<String> imagesToRemove) {
        LaunchTemplate template = ctx.aws.call("DescribeLaunchTemplates", () -> ctx.aws.ec2()
                .describeLaunchTemplates(r -> r.launchTemplateIds(templateId))).launchTemplates().get(0);
        Set<Long> named = namedVersions(template);
        named.add(template.defaultVersionNumber());
        named.add(template.latestVersionNumber());
        List<String> doomed = new ArrayList<>();
        AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchTemplateVersions", () -> ctx.aws.ec2()
                        .describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).maxResults(200).nextToken(token))),
                page -> page.nextToken(), page -> {
                    for (LaunchTemplateVersion v : page.launchTemplateVersions()) {
                        if (writtenByThisTool(v) && !named.contains(v.versionNumber())
                                && v.launchTemplateData() != null && imagesToRemove.contains(v.launchTemplateData().imageId())) {
                            doomed.add(String.valueOf(v.versionNumber()));
                        }
                    }
                });
        return doomed;
    }

    /** Deletes {@code versions} of {@code templateId}, at most 200 a call. */
    void delete(String templateId, List<String> versions) {
        for (int from = 0; from < versions.size(); from += PER_CALL) {
            deleteBatch(templateId, versions.subList(from, Math.min(versions.size(), from + PER_CALL)));
        }
    }

    /** AWS answers per version: some may go while others stay, and each gets its own fate. */
    private void deleteBatch(String templateId, List<String> versions) {
        try {
            var answer = ctx.aws.call("DeleteLaunchTemplateVersions", () -> ctx.aws.ec2()
                    .deleteLaunchTemplateVersions(r -> r.launchTemplateId(templateId).versions(versions)));
            answer.successfullyDeletedLaunchTemplateVersions().forEach(v -> ctx.state.record("launch template version",
                    templateId + ":" + v.versionNumber(), "deleted (retention)"));
            answer.unsuccessfullyDeletedLaunchTemplateVersions().forEach(v -> ctx.state.record("launch template version",
                    templateId + ":" + v.versionNumber(), "left behind: " + (v.responseError() == null ? "refused"
                            : v.responseError().codeAsString() + ": " + v.responseError().message())));
        } catch (SdkException e) {
            if (AwsErrors.isRetryable(e)) {
                throw e;
            }
            versions.forEach(v -> ctx.state.record("launch template version", templateId + ":" + v,
                    "left behind: " + AwsErrors.describe(e)));
            ctx.listener.info("Could not remove versions " + versions + " of " + templateId + ": " + AwsErrors.describe(e));
        }
    }

    /** The description {@link RolloutContext#versionDescription()} writes. */
    static boolean writtenByThisTool(LaunchTemplateVersion v) {
        String d = v.versionDescription();
        return d != null && d.startsWith("ami-factory ") && d.contains("(rollout ");
    }

    /** Version numbers of the template that a group names, or that a Refresh of this rollout's group wants. */
    private Set<Long> namedVersions(LaunchTemplate template) {
        Set<Long> named = new HashSet<>();
        for (AutoScalingGroup g : groups) {
            addIfThisTemplate(named, template, g.launchTemplate());
            if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
                addIfThisTemplate(named, template, g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification());
            }
        }
        for (InstanceRefresh r : ctx.aws.call("DescribeInstanceRefreshes", () -> ctx.aws.autoScaling()
                .describeInstanceRefreshes(q -> q.autoScalingGroupName(ctx.request.asg()))).instanceRefreshes()) {
            if (AwsLookups.ACTIVE_REFRESH.contains(r.statusAsString()) && r.desiredConfiguration() != null) {
                addIfThisTemplate(named, template, r.desiredConfiguration().launchTemplate());
                if (r.desiredConfiguration().mixedInstancesPolicy() != null
                        && r.desiredConfiguration().mixedInstancesPolicy().launchTemplate() != null) {
                    addIfThisTemplate(named, template, r.desiredConfiguration().mixedInstancesPolicy().launchTemplate()
                            .launchTemplateSpecification());
                }
            }
        }
        return named;
    }

    /** Aliases ($Latest, $Default) are covered by keeping the latest and the default version. */
    private static void addIfThisTemplate(Set<Long> named, LaunchTemplate template, LaunchTemplateSpecification spec) {
        if (spec == null || spec.version() == null || !spec.version().matches("\\d+")) {
            return;
        }
        if (template.launchTemplateId().equals(spec.launchTemplateId())
                || template.launchTemplateName().equals(spec.launchTemplateName())) {
            named.add(Long.parseLong(spec.version()));
        }
    }
}
