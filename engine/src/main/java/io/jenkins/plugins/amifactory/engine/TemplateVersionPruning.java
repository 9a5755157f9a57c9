package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the template versions this tool wrote around Images that retention removes. Every older version
 * still names its Image, so without this an Image on a launch template would never become unreferenced and
 * retention would keep them all. Which versions may go is the {@link RetentionScan}'s decision: written by
 * this tool for the Image's rollout, neither the template's default nor its latest, and named by no group and
 * no active Refresh. A warm pool has no configuration of its own (it launches from the group's), and its
 * instances, stopped or not, keep their Image through the instance check.
 */
final class TemplateVersionPruning {

    /** DeleteLaunchTemplateVersions takes at most this many versions a call. */
    static final int PER_CALL = 200;

    private final RolloutContext ctx;

    TemplateVersionPruning(RolloutContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Deletes up to {@link #PER_CALL} {@code versions} of {@code templateId} in one call and records each one's
     * fate; answers the versions that stay. Transient errors are thrown, so that the call is made again.
     */
    Set<Long> delete(String templateId, List<Long> versions) {
        Set<Long> left = new HashSet<>(versions);
        try {
            var answer = ctx.aws.call("DeleteLaunchTemplateVersions", () -> ctx.aws.ec2()
                    .deleteLaunchTemplateVersions(r -> r.launchTemplateId(templateId)
                            .versions(versions.stream().map(String::valueOf).toList())));
            // AWS answers per version: some may go while others stay, and each gets its own fate.
            answer.successfullyDeletedLaunchTemplateVersions().forEach(v -> {
                left.remove(v.versionNumber());
                ctx.state.record("launch template version", templateId + ":" + v.versionNumber(), "deleted by retention");
            });
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
        return left;
    }

    /** The description {@link RolloutContext#versionDescription()} writes. */
    static boolean writtenByThisTool(LaunchTemplateVersion v) {
        String d = v.versionDescription();
        return d != null && d.startsWith("ami-factory ") && d.contains("(rollout ");
    }
}
