package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

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

    private Retention() {
    }

    static void apply(Rollout rollout, int keep) {
        try {
            run(rollout, keep);
        } catch (SdkException e) {
            rollout.listener().info("Retention skipped: " + Rollout.describe(e));
        }
    }

    private static void run(Rollout rollout, int keep) {
        RolloutState s = rollout.state();
        String group = rollout.request().asg();
        List<Image> ours = new ArrayList<>(rollout.call("DescribeImages", () -> rollout.aws().ec2().describeImages(r -> r
                .owners("self").filters(Filter.builder().name("tag:" + Rollout.TAG_GROUP).values(group).build())))
                .images());
        ours.sort(Comparator.comparing(Image::creationDate, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        List<Image> candidates = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            Image image = ours.get(i);
            if (i >= keep && !image.imageId().equals(s.imageId) && "available".equals(image.stateAsString())) {
                candidates.add(image);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> candidateIds = new HashSet<>();
        candidates.forEach(c -> candidateIds.add(c.imageId()));

        List<LaunchConfiguration> configurations = launchConfigurations(rollout);
        Set<String> configurationsInUse = new HashSet<>();
        for (AutoScalingGroup g : groups(rollout)) {
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
                Cleanup.attempt(rollout, "launch configuration", name, "deleted (retention)", () -> rollout.call(
                        "DeleteLaunchConfiguration", () -> rollout.aws().autoScaling().deleteLaunchConfiguration(r -> r
                                .launchConfigurationName(name))));
            } else {
                referenced.add(lc.imageId());
            }
        }
        referenced.addAll(templateImages(rollout));
        referenced.addAll(instanceImages(rollout, candidateIds));
        for (Image image : candidates) {
            if (referenced.contains(image.imageId())) {
                continue;
            }
            Cleanup.attempt(rollout, "image", image.imageId(), "deregistered (retention)", () -> rollout.call(
                    "DeregisterImage", () -> rollout.aws().ec2().deregisterImage(r -> r.imageId(image.imageId()))));
            for (var m : image.blockDeviceMappings()) {
                if (m.ebs() != null && m.ebs().snapshotId() != null) {
                    String id = m.ebs().snapshotId();
                    Cleanup.attempt(rollout, "snapshot", id, "deleted (retention)", () -> rollout.call("DeleteSnapshot",
                            () -> rollout.aws().ec2().deleteSnapshot(r -> r.snapshotId(id))));
                }
            }
        }
    }

    /** This tool names a launch configuration after its Image (plus a suffix when that name was taken). */
    private static boolean madeByUs(LaunchConfiguration lc, List<Image> candidates) {
        return candidates.stream().anyMatch(i -> i.imageId().equals(lc.imageId())
                && lc.launchConfigurationName().startsWith(i.name()));
    }

    private static List<LaunchConfiguration> launchConfigurations(Rollout rollout) {
        List<LaunchConfiguration> all = new ArrayList<>();
        pages(token -> rollout.call("DescribeLaunchConfigurations", () -> rollout.aws().autoScaling()
                        .describeLaunchConfigurations(r -> r.nextToken(token).maxRecords(100))),
                page -> page.nextToken(), page -> all.addAll(page.launchConfigurations()));
        return all;
    }

    private static List<AutoScalingGroup> groups(Rollout rollout) {
        List<AutoScalingGroup> all = new ArrayList<>();
        pages(token -> rollout.call("DescribeAutoScalingGroups", () -> rollout.aws().autoScaling()
                        .describeAutoScalingGroups(r -> r.nextToken(token).maxRecords(100))),
                page -> page.nextToken(), page -> all.addAll(page.autoScalingGroups()));
        return all;
    }

    private static Set<String> templateImages(Rollout rollout) {
        Set<String> images = new HashSet<>();
        List<LaunchTemplate> templates = new ArrayList<>();
        pages(token -> rollout.call("DescribeLaunchTemplates", () -> rollout.aws().ec2()
                        .describeLaunchTemplates(r -> r.nextToken(token))),
                page -> page.nextToken(), page -> templates.addAll(page.launchTemplates()));
        for (LaunchTemplate template : templates) {
            pages(token -> rollout.call("DescribeLaunchTemplateVersions", () -> rollout.aws().ec2()
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

    /** Fetches every page: {@code fetch} takes the token (null first) and {@code nextToken} ends it when empty. */
    private static <P> void pages(java.util.function.Function<String, P> fetch,
                                  java.util.function.Function<P, String> nextToken,
                                  java.util.function.Consumer<P> each) {
        String token = null;
        do {
            P page = fetch.apply(token);
            each.accept(page);
            token = nextToken.apply(page);
        } while (token != null && !token.isEmpty());
    }

    private static Set<String> instanceImages(Rollout rollout, Set<String> candidateIds) {
        Set<String> images = new HashSet<>();
        var reservations = rollout.call("DescribeInstances", () -> rollout.aws().ec2().describeInstances(r -> r.filters(
                Filter.builder().name("image-id").values(candidateIds).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())))
                .reservations();
        reservations.forEach(res -> res.instances().forEach(i -> images.add(i.imageId())));
        return images;
    }
}
