package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the newest N Images this tool made for the group and removes older ones with their snapshots, the
 * launch configurations this tool made for them, and the template versions this tool wrote around them
 * that nothing names ({@link TemplateVersionPruning}). What the tool made is recognised by its tags (and a
 * template version by its description), never by a name. An Image goes only when nothing in the region
 * still references it (a group, a launch configuration, any launch template version, also through a
 * {@code resolve:ssm:} parameter, or an instance, running or stopped) and no other account may launch it. Retention is housekeeping: a failure here is reported in the ledger and the log,
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

    /**
     * What retention would do, found without changing anything: the Images beyond the newest {@code keep}
     * (besides {@code current}), the template versions and launch configurations that would go with them, and
     * for each Image that stays anyway, what references it.
     */
    record Decision(Map<String, Image> candidates, String templateId, List<String> versionsToPrune,
                    List<String> configurationsToDelete, Map<String, List<String>> keptBecause) {

        boolean removes(Image image) {
            return !keptBecause.containsKey(image.imageId());
        }
    }

    Decision decide(int keep, String current) {
        String group = ctx.request.asg();
        // Made by this tool for this group: its group tag and a rollout id, never a name.
        List<Image> ours = new ArrayList<>(ctx.aws.call("DescribeImages", () -> ctx.aws.ec2().describeImages(r -> r
                .owners("self").filters(Filter.builder().name("tag:" + Rollout.TAG_GROUP).values(group).build(),
                        Filter.builder().name("tag-key").values(Rollout.TAG_ROLLOUT).build()))).images());
        ours.sort(Comparator.comparing(Image::creationDate, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        Map<String, Image> candidates = new LinkedHashMap<>();
        for (int i = 0; i < ours.size(); i++) {
            Image image = ours.get(i);
            if (i >= keep && !image.imageId().equals(current) && "available".equals(image.stateAsString())) {
                candidates.put(image.imageId(), image);
            }
        }
        Map<String, List<String>> keptBecause = new LinkedHashMap<>();
        List<String> configurations = new ArrayList<>();
        String templateId = ctx.state.written.templateId;
        if (candidates.isEmpty()) {
            return new Decision(candidates, templateId, List.of(), configurations, keptBecause);
        }
        List<AutoScalingGroup> groups = groups();
        List<String> prune = templateId == null ? List.of()
                : new TemplateVersionPruning(ctx, groups).doomed(templateId, candidates.keySet());
        Set<String> configurationsInUse = new HashSet<>();
        for (AutoScalingGroup g : groups) {
            if (g.launchConfigurationName() != null) {
                configurationsInUse.add(g.launchConfigurationName());
            }
        }
        for (LaunchConfiguration lc : launchConfigurations()) {
            Image image = candidates.get(lc.imageId());
            if (image == null) {
                continue;
            }
            String name = lc.launchConfigurationName();
            boolean madeForIt = name.equals(tag(image, Rollout.TAG_LAUNCH_CONFIGURATION));
            if (madeForIt && !configurationsInUse.contains(name)) {
                configurations.add(name);
            } else {
                because(keptBecause, image, "launch configuration " + name
                        + (configurationsInUse.contains(name) ? " (a group uses it)" : ""));
            }
        }
        Set<String> pruned = new HashSet<>();
        prune.forEach(v -> pruned.add(templateId + ":" + v));
        templateReferences(candidates.keySet(), pruned).forEach((image, where) -> where.forEach(w ->
                because(keptBecause, candidates.get(image), w)));
        instanceReferences(candidates.keySet()).forEach((image, where) -> where.forEach(w ->
                because(keptBecause, candidates.get(image), w)));
        for (Image image : candidates.values()) {
            if (Boolean.TRUE.equals(image.publicLaunchPermissions())) {
                because(keptBecause, image, "everyone may launch it");
            } else if (sharedWithOthers(image)) {
                because(keptBecause, image, "other accounts may launch it");
            }
        }
        return new Decision(candidates, templateId, prune, configurations, keptBecause);
    }

    private static void because(Map<String, List<String>> keptBecause, Image image, String why) {
        keptBecause.computeIfAbsent(image.imageId(), k -> new ArrayList<>()).add(why);
    }

    private void apply(int keep) {
        Decision d = decide(keep, ctx.state.image.id);
        if (!d.versionsToPrune().isEmpty()) {
            new TemplateVersionPruning(ctx, List.of()).delete(d.templateId(), d.versionsToPrune());
        }
        for (String name : d.configurationsToDelete()) {
            Leftovers.remove(ctx, "launch configuration", name, "deleted (retention)", () -> ctx.aws.call(
                    "DeleteLaunchConfiguration", () -> ctx.aws.autoScaling().deleteLaunchConfiguration(r -> r
                            .launchConfigurationName(name))));
        }
        for (Image image : d.candidates().values()) {
            if (d.removes(image)) {
                Leftovers.remove(ctx, "image", image.imageId(), "deregistered (retention)", () -> ctx.aws.call(
                        "DeregisterImage", () -> ctx.aws.ec2().deregisterImage(r -> r.imageId(image.imageId()))));
                removeSnapshots(ctx, image, List.of(), "deleted (retention)");
            }
        }
    }

    /**
     * The plan's account of retention after this rollout, which adds one Image: what would go, and why each
     * other old Image would stay. Describe calls only.
     */
    List<String> preview(int keep) {
        Decision d = decide(Math.max(0, keep - 1), null);
        List<String> lines = new ArrayList<>();
        for (Image image : d.candidates().values()) {
            String what = image.imageId() + " (" + image.name() + ", " + image.creationDate() + ")";
            lines.add(d.removes(image) ? "would remove " + what + " with its snapshots"
                    : "keeps " + what + ": " + String.join("; ", d.keptBecause().get(image.imageId())));
        }
        d.configurationsToDelete().forEach(name -> lines.add("would remove launch configuration " + name));
        d.versionsToPrune().forEach(v -> lines.add("would remove version " + v + " of launch template " + d.templateId()));
        return lines;
    }

    /** An Image another account may launch may be in use where this account cannot see. */
    private boolean sharedWithOthers(Image image) {
        return !ctx.aws.call("DescribeImageAttribute", () -> ctx.aws.ec2().describeImageAttribute(r -> r
                .imageId(image.imageId()).attribute(ImageAttributeName.LAUNCH_PERMISSION))).launchPermissions().isEmpty();
    }

    static String tag(Image image, String key) {
        return image.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst().orElse(null);
    }

    /**
     * Deletes a deregistered Image's snapshots: those its mappings name and those the rollout recorded (a
     * failed Image may list none), each only if it carries the same rollout tag as the Image, so that a
     * snapshot someone else made or reused is never touched.
     */
    static void removeSnapshots(RolloutContext ctx, Image image, List<String> recorded, String fate) {
        Set<String> ids = new LinkedHashSet<>();
        for (var m : image.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().snapshotId() != null) {
                ids.add(m.ebs().snapshotId());
            }
        }
        ids.addAll(recorded);
        String rollout = tag(image, Rollout.TAG_ROLLOUT);
        if (ids.isEmpty() || rollout == null) {
            return;
        }
        var snapshots = ctx.aws.call("DescribeSnapshots", () -> ctx.aws.ec2().describeSnapshots(r -> r
                .ownerIds("self").filters(Filter.builder().name("tag:" + Rollout.TAG_ROLLOUT).values(rollout).build())))
                .snapshots();
        for (var snapshot : snapshots) {
            String id = snapshot.snapshotId();
            if (ids.contains(id)) {
                Leftovers.remove(ctx, "snapshot", id, fate, () -> ctx.aws.call("DeleteSnapshot",
                        () -> ctx.aws.ec2().deleteSnapshot(r -> r.snapshotId(id))));
            }
        }
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

    /** For each candidate, the template versions that name it (directly or through resolve:ssm), besides those pruned. */
    private Map<String, List<String>> templateReferences(Set<String> candidateIds, Set<String> pruned) {
        Map<String, List<String>> where = new HashMap<>();
        List<LaunchTemplate> templates = new ArrayList<>();
        AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchTemplates", () -> ctx.aws.ec2()
                        .describeLaunchTemplates(r -> r.maxResults(200).nextToken(token))),
                page -> page.nextToken(), page -> templates.addAll(page.launchTemplates()));
        for (LaunchTemplate template : templates) {
            AwsLookups.pages(token -> ctx.aws.call("DescribeLaunchTemplateVersions", () -> ctx.aws.ec2()
                            // ResolveAlias: a version naming resolve:ssm:<parameter> references the Image the
                            // parameter holds now.
                            .describeLaunchTemplateVersions(r -> r.launchTemplateId(template.launchTemplateId())
                                    .resolveAlias(true).maxResults(200).nextToken(token))),
                    page -> page.nextToken(), page -> {
                        for (LaunchTemplateVersion v : page.launchTemplateVersions()) {
                            String image = v.launchTemplateData() == null ? null : v.launchTemplateData().imageId();
                            if (candidateIds.contains(image) && !pruned.contains(template.launchTemplateId() + ":" + v.versionNumber())) {
                                where.computeIfAbsent(image, k -> new ArrayList<>()).add("launch template "
                                        + template.launchTemplateName() + ":" + v.versionNumber());
                            }
                        }
                    });
        }
        return where;
    }

    /** For each candidate, the instances (pending, running or stopped) that run it. */
    private Map<String, List<String>> instanceReferences(Set<String> candidateIds) {
        Map<String, List<String>> where = new HashMap<>();
        var reservations = ctx.aws.call("DescribeInstances", () -> ctx.aws.ec2().describeInstances(r -> r.filters(
                Filter.builder().name("image-id").values(candidateIds).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())))
                .reservations();
        reservations.forEach(res -> res.instances().forEach(i -> where.computeIfAbsent(i.imageId(),
                k -> new ArrayList<>()).add("instance " + i.instanceId())));
        return where;
    }
}
