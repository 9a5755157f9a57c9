package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * After a revert: removes what this rollout created and nothing uses any more, so a failed rollout leaves
 * no orphans. An Image that never became available goes with its snapshots, whatever the outcome. The
 * new launch configuration or template version goes when the group is back on its previous configuration.
 * An available Image is kept (tagged, and counted by retention): it is what someone will want to look at.
 * A step AWS refuses is recorded in the ledger as left behind, with the reason, and the others still run.
 */
final class Cleanup {

    private Cleanup() {
    }

    static void afterRevert(Rollout rollout) {
        RolloutState s = rollout.state();
        boolean groupOnPrevious = !s.groupUpdated || s.revertGroupDone;
        boolean removeConfig = s.outcome != Outcome.LEAVE && groupOnPrevious;
        if (s.imageId != null) {
            image(rollout, s);
        }
        if (removeConfig && s.newLaunchConfiguration != null) {
            String name = s.newLaunchConfiguration;
            attempt(rollout, "launch configuration", name, "deleted", () -> rollout.call("DeleteLaunchConfiguration",
                    () -> rollout.aws().autoScaling().deleteLaunchConfiguration(r -> r.launchConfigurationName(name))));
        }
        if (removeConfig && s.newTemplateVersion != null && !s.migratesToTemplate) {
            String version = String.valueOf(s.newTemplateVersion);
            attempt(rollout, "launch template version", s.templateId + ":" + version, "deleted", () -> rollout.call(
                    "DeleteLaunchTemplateVersions", () -> rollout.aws().ec2().deleteLaunchTemplateVersions(r -> r
                            .launchTemplateId(s.templateId).versions(version))));
        }
        if (removeConfig && s.migratesToTemplate && s.templateId != null) {
            attempt(rollout, "launch template", s.templateId, "deleted", () -> rollout.call("DeleteLaunchTemplate",
                    () -> rollout.aws().ec2().deleteLaunchTemplate(r -> r.launchTemplateId(s.templateId))));
        }
    }

    private static void image(Rollout rollout, RolloutState s) {
        Image image = rollout.describeImage(s.imageId);
        if (image == null) {
            s.record("image", s.imageId, "gone");
            return;
        }
        if ("available".equals(image.stateAsString())) {
            boolean inUse = s.groupUpdated && !s.revertGroupDone;
            String fate = inUse ? "in use" : "kept (not in use; retention removes it in time)";
            s.record("image", s.imageId, fate);
            s.snapshotIds.forEach(id -> s.record("snapshot", id, fate));
            return;
        }
        attempt(rollout, "image", s.imageId, "deregistered", () -> rollout.call("DeregisterImage",
                () -> rollout.aws().ec2().deregisterImage(r -> r.imageId(s.imageId))));
        for (var m : image.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().snapshotId() != null) {
                String id = m.ebs().snapshotId();
                attempt(rollout, "snapshot", id, "deleted", () -> rollout.call("DeleteSnapshot",
                        () -> rollout.aws().ec2().deleteSnapshot(r -> r.snapshotId(id))));
            }
        }
    }

    static void attempt(Rollout rollout, String kind, String id, String fate, Runnable action) {
        try {
            action.run();
            rollout.state().record(kind, id, fate);
        } catch (SdkException e) {
            rollout.state().record(kind, id, "left behind: " + Rollout.describe(e));
            rollout.listener().info("Could not remove " + kind + " " + id + ": " + Rollout.describe(e));
        }
    }
}
