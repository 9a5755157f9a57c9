package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the newest N Images this tool made for the group and removes older ones with their snapshots,
 * and the launch configurations this tool made for them. It never removes an Image that anything in the
 * region still references: a group, a launch configuration, any launch template version, or an instance
 * (running or stopped). Retention is housekeeping: a failure here is reported in the ledger and the log,
 * never fails a rollout that succeeded.
 */
final class Retention {

    private final RolloutContext ctx;

    Retention(RolloutContext ctx) {
        this.ctx = ctx;
    }

    /** What the listener hears when the cleanup phase begins. */
    static String announcement(RolloutRequest request) {
        return "applying retention (keep " + request.image().keepImages() + " Images)";
    }

    /** The cleanup phase of a rollout that succeeded: retention, then the verdict. */
    Next run(Instant now) {
        int keep = ctx.request.image().keepImages();
        if (keep > 0) {
            try {
                apply(keep);
            } catch (SdkException e) {
                ctx.listener.info("Retention skipped: " + AwsErrors.describe(e));
            }
        }
        return ctx.finish(now, RolloutStatus.SUCCEEDED);
    }

    private void apply(int keep) {
        RolloutState s = ctx.state;
        String group = ctx.request.asg();
        List<Image> ours = new ArrayList<>(ctx.aws.call("DescribeImages", () -> ctx.aws.ec2().describeImages(r -> r
                .owners("self").filters(Filter.builder().name("tag:" + Rollout.TAG_GROUP).values(group).build())))
                .images());
        ours.sort(Comparator.comparing(Image::creationDate, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        List<Image> candidates = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            Image image = ours.get(i);
            if (i >= keep && !image.imageId().equals(s.image.id) && "available".equals(image.stateAsString())) {
                candidates.add(image);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> candidateIds = new HashSet<>();
        candidates.forEach(c -> candidateIds.add(c.imageId()));

        List<LaunchConfiguration> configurations = launchConfigurations();
        Set<String> configurationsInUse = new HashSet<>();
        for (AutoScalingGroup g : groups()) {
            if (g.launchConfigurationName() != null) {
                configurationsInUse.add(g.launchConfigurationName());
            }
        }
        Set<String> referenced = new HashSet<>();
        for (LaunchConfiguration lc : configurations) {
            boolean ourOld = candidateIds.contains(lc.imageId()) && !configurationsInUse.contains(lc.launchConfigurationName())
                    && madeByUs(lc, candidates);
            if (ourOld) {
                String name = lc.launchConfigurationName();
                Leftovers.remove(ctx, "launch configuration", name, "deleted (retention)", () -> ctx.aws.call(
                        "DeleteLaunchConfiguration", () -> ctx.aws.autoScaling().deleteLaunchConfiguration(r -> r
                                .launchConfigurationName(name))));
            } else {
                referenced.add(lc.imageId());
            }
        }
        referenced.addAll(templateImages());
        referenced.addAll(instanceImages(candidateIds));
        for (Image image : candidates) {
            if (referenced.contains(image.imageId())) {
                continue;
            }
            Leftovers.remove(ctx, "image", image.imageId(), "deregistered (retention)", () -> ctx.aws.call(
                    "DeregisterImage", () -> ctx.aws.ec2().deregisterImage(r -> r.imageId(image.imageId()))));
            removeSnapshots(ctx, image, "deleted (retention)");
        }
    }

    /** Deletes the snapshots a deregistered Image's mappings name. */
    static void removeSnapshots(RolloutContext ctx, Image image, String fate) {
        for (var m : image.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().snapshotId() != null) {
                String id = m.ebs().snapshotId();
                Leftovers.remove(ctx, "snapshot", id, fate, () -> ctx.aws.call("DeleteSnapshot",
                        () -> ctx.aws.ec2().deleteSnapshot(r -> r.snapshotId(id))));
            }
        }
    }

    /** This tool names a launch configuration after its Image (plus a suffix when that name was taken). */
    private static boolean madeByUs(LaunchConfiguration lc, List<Image> candidates) {
        return candidates.stream().anyMatch(i -> i.imageId().equals(lc.imageId())
                && lc.launchConfigurationName().startsWith(i.name()));
    }

    private List<LaunchConfiguration> launchConfigurations() {
        List<LaunchConfiguration> all = new ArrayList<>();
        AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchConfigurations", () -> ctx.aws.autoScaling()
                        .describeLaunchConfigurations(r -> r.nextToken(token).maxRecords(100))),
                page -> page.nextToken(), page -> all.addAll(page.launchConfigurations()));
        return all;
    }

    private List<AutoScalingGroup> groups() {
        List<AutoScalingGroup> all = new ArrayList<>();
        AwsLookups.pages(token -> ctx.aws.call("DescribeAutoScalingGroups", () -> ctx.aws.autoScaling()
                        .describeAutoScalingGroups(r -> r.nextToken(token).maxRecords(100))),
                page -> page.nextToken(), page -> all.addAll(page.autoScalingGroups()));
        return all;
    }

    private Set<String> templateImages() {
        Set<String> images = new HashSet<>();
        List<LaunchTemplate> templates = new ArrayList<>();
        AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchTemplates", () -> ctx.aws.ec2()
                        .describeLaunchTemplates(r -> r.nextToken(token))),
                page -> page.nextToken(), page -> templates.addAll(page.launchTemplates()));
        for (LaunchTemplate template : templates) {
            AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchTemplateVersions", () -> ctx.aws.ec2()
                            .describeLaunchTemplateVersions(r -> r.launchTemplateId(template.launchTemplateId())
                                    .nextToken(token))),
                    page -> page.nextToken(), page -> {
                        for (LaunchTemplateVersion v : page.launchTemplateVersions()) {
                            if (v.launchTemplateData() != null && v.launchTemplateData().imageId() != null) {
                                images.add(v.launchTemplateData().imageId());
                            }
                        }
                    });
        }
        return images;
    }

    private Set<String> instanceImages(Set<String> candidateIds) {
        Set<String> images = new HashSet<>();
        var reservations = ctx.aws.call("DescribeInstances", () -> ctx.aws.ec2().describeInstances(r -> r.filters(
                Filter.builder().name("image-id").values(candidateIds).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())))
                .reservations();
        reservations.forEach(res -> res.instances().forEach(i -> images.add(i.imageId())));
        return images;
    }
}
