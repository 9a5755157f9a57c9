package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a stopped rollout made, settled at the end of its revert: an Image that never became available goes
 * with its snapshots; the new launch configuration or template version goes once the group no longer launches
 * from it. An available Image is kept (tagged, and counted by retention), with a fate that says who still
 * uses it: it is what someone will want to look at. A given Image is not the rollout's: it is never looked at
 * here, and its ledger entry keeps saying so.
 */
final class Leftovers {

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;
    /** Whether the group still launches from the new configuration. */
    private final boolean groupOnNew;

    Leftovers(RolloutContext ctx, boolean groupOnNew) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
        this.groupOnNew = groupOnNew;
    }

    /** Settles every resource the rollout made, each on its own: one AWS refuses does not stop the others. */
    void remove() {
        RolloutState.Written w = state.written;
        boolean removeConfig = state.revert.action != StopAction.LEAVE && !groupOnNew;
        if (state.image.id != null && request.givenImage() == null) {
            settleImage();
        }
        if (removeConfig && w.launchConfiguration != null) {
            String name = w.launchConfiguration;
            remove(ctx, "launch configuration", name, "deleted", () -> ctx.aws.call("DeleteLaunchConfiguration",
                    () -> ctx.aws.autoScaling().deleteLaunchConfiguration(r -> r.launchConfigurationName(name))));
        }
        if (removeConfig && w.templateVersion != null && !w.migratesToTemplate) {
            removeTemplateVersion(ctx);
        }
        if (removeConfig && w.migratesToTemplate && w.templateId != null) {
            remove(ctx, "launch template", w.templateId, "deleted", () -> ctx.aws.call("DeleteLaunchTemplate",
                    () -> ctx.aws.ec2().deleteLaunchTemplate(r -> r.launchTemplateId(w.templateId))));
        }
    }

    /**
     * Deletes the new template version unless the revert already tried (before a Refresh back, so that the
     * alias the group names no longer means it); true once it is gone.
     */
    static boolean removeTemplateVersion(RolloutContext ctx) {
        RolloutState.Written w = ctx.state.written;
        String version = String.valueOf(w.templateVersion);
        String id = w.templateId + ":" + version;
        boolean tried = ctx.state.ledger.stream().anyMatch(e -> e.kind().equals("launch template version")
                && e.id().equals(id) && !e.fate().equals("created"));
        if (!tried) {
            remove(ctx, "launch template version", id, "deleted", () -> ctx.aws.call("DeleteLaunchTemplateVersions",
                    () -> ctx.aws.ec2().deleteLaunchTemplateVersions(r -> r.launchTemplateId(w.templateId)
                            .versions(version))));
        }
        return ctx.state.ledger.contains(new LedgerEntry("launch template version", id, "deleted"));
    }

    /** Keeps an available Image (saying whether the group uses it); removes one that never became available. */
    private void settleImage() {
        String imageId = state.image.id;
        Image image = ctx.aws.describeImage(imageId);
        if (image == null) {
            state.record("image", imageId, "gone");
            return;
        }
        if ("available".equals(image.stateAsString())) {
            // The fate says what is true in AWS now: who still launches from the Image, and who runs it.
            int running = ctx.aws.groupInstancesOn(imageId);
            String instances = running + (running == 1 ? " instance" : " instances");
            String fate = groupOnNew ? "in use by group '" + request.asg() + "'" + (running > 0 ? " and " + instances : "")
                    : running > 0 ? "in use by " + instances
                    : "kept, not in use (retention removes it in time)";
            state.record("image", imageId, fate);
            state.image.snapshotIds.forEach(id -> state.record("snapshot", id, fate));
            if (running > 0) {
                ctx.note(instances + " of group '" + request.asg() + "' run the new Image " + imageId);
            }
            return;
        }
        remove(ctx, "image", imageId, "deregistered", () -> ctx.aws.call("DeregisterImage",
                () -> ctx.aws.ec2().deregisterImage(r -> r.imageId(imageId))));
        removeSnapshots(image);
    }

    /**
     * Deletes a deregistered Image's snapshots: those its mappings name and those the rollout recorded (a
     * failed Image may list none), each only if it carries this rollout's tag, so that a snapshot someone
     * else made or reused is never touched.
     */
    private void removeSnapshots(Image image) {
        Set<String> ids = new LinkedHashSet<>(RetentionDecision.mappedSnapshots(image));
        ids.addAll(state.image.snapshotIds);
        if (ids.isEmpty()) {
            return;
        }
        var snapshots = ctx.aws.call("DescribeSnapshots", () -> ctx.aws.ec2().describeSnapshots(r -> r
                .ownerIds("self").filters(Filter.builder().name("tag:" + Rollout.TAG_ROLLOUT).values(state.rolloutId).build())))
                .snapshots();
        for (var snapshot : snapshots) {
            String id = snapshot.snapshotId();
            if (ids.contains(id)) {
                remove(ctx, "snapshot", id, "deleted", () -> ctx.aws.call("DeleteSnapshot",
                        () -> ctx.aws.ec2().deleteSnapshot(r -> r.snapshotId(id))));
            }
        }
    }

    /**
     * Removes one resource and records its fate; one AWS refuses is recorded as left behind, with the reason,
     * and the caller goes on with the next.
     */
    static void remove(RolloutContext ctx, String kind, String id, String fate, Runnable action) {
        try {
            action.run();
            ctx.state.record(kind, id, fate);
        } catch (SdkException e) {
            ctx.state.record(kind, id, "left behind: " + AwsErrors.describe(e));
            ctx.listener.info("Could not remove " + kind + " " + id + ": " + AwsErrors.describe(e));
        }
    }
}
