package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retention's look at the region before it removes anything, made one AWS call (one page) at a time so that
 * {@link Retention} can spread it over as many polls as a large account needs. In order: the group's Images
 * that this tool made (the newest {@code keep} and the current one stay; the others are candidates), the
 * groups (configurations in use, template versions named), the Refreshes that want a version of the
 * template, the launch configurations, every launch template version (also through {@code resolve:ssm:}), the
 * instances, the sharing of each candidate, and the snapshots tagged for the group.
 *
 * <p>Held in memory only: it is a cache of Describe answers, not a fact about the rollout, so a rollout resumed
 * after a restart starts it over and loses nothing but those calls.
 */
final class RetentionScan {

    /** Items a Describe page asks for, where the action takes a MaxResults (each action's limit allows it). */
    static final int PAGE = 100;
    /** Image ids per DescribeInstances filter: well within AWS's limit on a filter's values. */
    private static final int IMAGES_PER_INSTANCE_QUERY = 100;

    private enum Step { IMAGES, GROUPS, REFRESHES, CONFIGURATIONS, TEMPLATES, VERSIONS, INSTANCES, SHARING, SNAPSHOTS, DONE }

    private final String group;
    /** The template this rollout wrote a version of, whose older versions may be pruned; null otherwise. */
    private final String templateId;
    private final String current;
    private final int keep;

    private Step step = Step.IMAGES;
    private String token;
    private final List<Image> ours = new ArrayList<>();
    private final Map<String, String> notMadeHere = new LinkedHashMap<>();
    private final Map<String, Image> candidates = new LinkedHashMap<>();
    private final Map<String, List<String>> keptBecause = new LinkedHashMap<>();
    private final Set<String> configurationsInUse = new HashSet<>();
    private final Set<Long> versionsNamed = new HashSet<>();
    /** What groups and Refreshes name that may be the rollout's template; told apart once the templates are listed. */
    private final List<LaunchTemplateSpecification> specs = new ArrayList<>();
    private final Deque<String> groupsOnTemplate = new ArrayDeque<>();
    private final Map<String, String> configurations = new LinkedHashMap<>();
    private final Deque<LaunchTemplate> templates = new ArrayDeque<>();
    private final Map<Long, String> versions = new LinkedHashMap<>();
    private final Deque<List<String>> instanceQueries = new ArrayDeque<>();
    private final Deque<Image> sharing = new ArrayDeque<>();
    private final Map<String, String> snapshotRollouts = new HashMap<>();

    RetentionScan(String group, String templateId, String current, int keep) {
        this.group = group;
        this.templateId = templateId;
        this.current = current;
        this.keep = keep;
    }

    boolean done() {
        return step == Step.DONE;
    }

    /** Makes the next call of the scan. */
    void next(AwsLookups aws) {
        switch (step) {
            case IMAGES -> images(aws);
            case GROUPS -> groups(aws);
            case REFRESHES -> refreshes(aws);
            case CONFIGURATIONS -> configurations(aws);
            case TEMPLATES -> templates(aws);
            case VERSIONS -> versions(aws);
            case INSTANCES -> instances(aws);
            case SHARING -> sharing(aws);
            case SNAPSHOTS -> snapshots(aws);
            case DONE -> throw new IllegalStateException("the scan is done");
        }
    }

    /** What the scan found; only once {@link #done()}. */
    RetentionDecision decision() {
        if (!done()) {
            throw new IllegalStateException("the scan is at " + step);
        }
        return new RetentionDecision(candidates, templateId, versions, configurations, keptBecause, notMadeHere,
                snapshotRollouts);
    }

    private void images(AwsLookups aws) {
        // The tags narrow the listing; whether the tool really made an Image is judged on more than them.
        var page = aws.call("DescribeImages", () -> aws.ec2().describeImages(r -> r.owners("self").maxResults(PAGE)
                .nextToken(token).filters(Filter.builder().name("tag:" + Rollout.TAG_GROUP).values(group).build(),
                        Filter.builder().name("tag-key").values(Rollout.TAG_ROLLOUT).build())));
        for (Image image : page.images()) {
            String why = RetentionDecision.notMadeHere(image, group);
            if (why == null) {
                ours.add(image);
            } else {
                notMadeHere.put(image.imageId(), why);
            }
        }
        if (turnPage(page.nextToken())) {
            return;
        }
        ours.sort(Comparator.comparing(Image::creationDate, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        for (int i = keep; i < ours.size(); i++) {
            Image image = ours.get(i);
            if (!image.imageId().equals(current) && "available".equals(image.stateAsString())) {
                candidates.put(image.imageId(), image);
            }
        }
        ours.clear();
        step = candidates.isEmpty() ? Step.DONE : Step.GROUPS;
    }

    private void groups(AwsLookups aws) {
        var page = aws.call("DescribeAutoScalingGroups", () -> aws.autoScaling().describeAutoScalingGroups(r -> r
                .maxRecords(PAGE).nextToken(token)));
        for (AutoScalingGroup g : page.autoScalingGroups()) {
            if (g.launchConfigurationName() != null) {
                configurationsInUse.add(g.launchConfigurationName());
            }
            boolean named = nameVersion(g.launchTemplate());
            if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
                named |= nameVersion(g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification());
            }
            if (named || g.autoScalingGroupName().equals(group)) {
                // A Refresh of a group on the template may want a version the group does not name yet.
                groupsOnTemplate.add(g.autoScalingGroupName());
            }
        }
        if (!turnPage(page.nextToken())) {
            step = templateId == null || groupsOnTemplate.isEmpty() ? Step.CONFIGURATIONS : Step.REFRESHES;
        }
    }

    private void refreshes(AwsLookups aws) {
        String name = groupsOnTemplate.peek();
        var page = aws.call("DescribeInstanceRefreshes", () -> aws.autoScaling().describeInstanceRefreshes(r -> r
                .autoScalingGroupName(name).maxRecords(PAGE).nextToken(token)));
        for (InstanceRefresh r : page.instanceRefreshes()) {
            if (AwsLookups.ACTIVE_REFRESH.contains(r.statusAsString()) && r.desiredConfiguration() != null) {
                nameVersion(r.desiredConfiguration().launchTemplate());
                if (r.desiredConfiguration().mixedInstancesPolicy() != null
                        && r.desiredConfiguration().mixedInstancesPolicy().launchTemplate() != null) {
                    nameVersion(r.desiredConfiguration().mixedInstancesPolicy().launchTemplate().launchTemplateSpecification());
                }
            }
        }
        if (!turnPage(page.nextToken())) {
            groupsOnTemplate.poll();
            if (groupsOnTemplate.isEmpty()) {
                step = Step.CONFIGURATIONS;
            }
        }
    }

    /**
     * Keeps {@code spec} when it may name the rollout's template: by its id, or by a name, which is told apart
     * from other templates' names once the templates are listed.
     */
    private boolean nameVersion(LaunchTemplateSpecification spec) {
        if (spec == null || templateId == null) {
            return false;
        }
        if (templateId.equals(spec.launchTemplateId()) || spec.launchTemplateId() == null && spec.launchTemplateName() != null) {
            specs.add(spec);
            return true;
        }
        return false;
    }

    /** The numbered versions of the rollout's template that a group or a Refresh names. */
    private void nameVersions(LaunchTemplate template) {
        for (LaunchTemplateSpecification spec : specs) {
            boolean names = template.launchTemplateId().equals(spec.launchTemplateId())
                    || template.launchTemplateName().equals(spec.launchTemplateName());
            if (names && spec.version() != null && spec.version().matches("\\d+")) {
                versionsNamed.add(Long.parseLong(spec.version()));
            }
        }
        // Aliases ($Latest, $Default) are covered by never pruning the latest and the default.
        versionsNamed.add(template.defaultVersionNumber());
        versionsNamed.add(template.latestVersionNumber());
    }

    private void configurations(AwsLookups aws) {
        var page = aws.call("DescribeLaunchConfigurations", () -> aws.autoScaling().describeLaunchConfigurations(r -> r
                .maxRecords(PAGE).nextToken(token)));
        for (var lc : page.launchConfigurations()) {
            Image image = candidates.get(lc.imageId());
            if (image == null) {
                continue;
            }
            String name = lc.launchConfigurationName();
            // Launch configurations take no tags: the tool's own is the one its Image's tag names.
            if (name.equals(RetentionDecision.tag(image, Rollout.TAG_LAUNCH_CONFIGURATION)) && !configurationsInUse.contains(name)) {
                configurations.put(name, image.imageId());
            } else {
                because(image.imageId(), "launch configuration " + name
                        + (configurationsInUse.contains(name) ? " (a group uses it)" : ""));
            }
        }
        if (!turnPage(page.nextToken())) {
            step = Step.TEMPLATES;
        }
    }

    private void templates(AwsLookups aws) {
        var page = aws.call("DescribeLaunchTemplates", () -> aws.ec2().describeLaunchTemplates(r -> r
                .maxResults(PAGE).nextToken(token)));
        for (LaunchTemplate t : page.launchTemplates()) {
            templates.add(t);
            if (t.launchTemplateId().equals(templateId)) {
                nameVersions(t);
            }
        }
        if (!turnPage(page.nextToken())) {
            step = templates.isEmpty() ? Step.INSTANCES : Step.VERSIONS;
            queueInstanceQueries();
        }
    }

    private void versions(AwsLookups aws) {
        LaunchTemplate template = templates.peek();
        // ResolveAlias: a version naming resolve:ssm:<parameter> references the Image the parameter holds now.
        var page = aws.call("DescribeLaunchTemplateVersions", () -> aws.ec2().describeLaunchTemplateVersions(r -> r
                .launchTemplateId(template.launchTemplateId()).resolveAlias(true).maxResults(PAGE).nextToken(token)));
        for (LaunchTemplateVersion v : page.launchTemplateVersions()) {
            String imageId = v.launchTemplateData() == null ? null : v.launchTemplateData().imageId();
            Image image = candidates.get(imageId);
            if (image == null) {
                continue;
            }
            if (template.launchTemplateId().equals(templateId) && !versionsNamed.contains(v.versionNumber())
                    && RetentionDecision.writtenFor(v, image)) {
                versions.put(v.versionNumber(), imageId);
            } else {
                because(imageId, "launch template " + template.launchTemplateName() + ":" + v.versionNumber());
            }
        }
        if (!turnPage(page.nextToken())) {
            templates.poll();
            if (templates.isEmpty()) {
                step = Step.INSTANCES;
            }
        }
    }

    private void queueInstanceQueries() {
        List<String> ids = new ArrayList<>(candidates.keySet());
        for (int from = 0; from < ids.size(); from += IMAGES_PER_INSTANCE_QUERY) {
            instanceQueries.add(ids.subList(from, Math.min(ids.size(), from + IMAGES_PER_INSTANCE_QUERY)));
        }
    }

    private void instances(AwsLookups aws) {
        List<String> ids = instanceQueries.peek();
        var page = aws.call("DescribeInstances", () -> aws.ec2().describeInstances(r -> r.maxResults(PAGE * 5)
                .nextToken(token).filters(Filter.builder().name("image-id").values(ids).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())));
        page.reservations().forEach(res -> res.instances().forEach(i -> because(i.imageId(), "instance " + i.instanceId())));
        if (!turnPage(page.nextToken())) {
            instanceQueries.poll();
            if (instanceQueries.isEmpty()) {
                candidates.values().stream().filter(i -> !keptBecause.containsKey(i.imageId())).forEach(sharing::add);
                step = sharing.isEmpty() ? Step.SNAPSHOTS : Step.SHARING;
            }
        }
    }

    /** An Image another account may launch may be in use where this account cannot see. */
    private void sharing(AwsLookups aws) {
        Image image = sharing.poll();
        if (Boolean.TRUE.equals(image.publicLaunchPermissions())) {
            because(image.imageId(), "everyone may launch it");
        } else if (!aws.call("DescribeImageAttribute", () -> aws.ec2().describeImageAttribute(r -> r
                .imageId(image.imageId()).attribute(ImageAttributeName.LAUNCH_PERMISSION))).launchPermissions().isEmpty()) {
            because(image.imageId(), "other accounts may launch it");
        }
        if (sharing.isEmpty()) {
            step = Step.SNAPSHOTS;
        }
    }

    private void snapshots(AwsLookups aws) {
        var page = aws.call("DescribeSnapshots", () -> aws.ec2().describeSnapshots(r -> r.ownerIds("self")
                .maxResults(PAGE * 5).nextToken(token)
                .filters(Filter.builder().name("tag:" + Rollout.TAG_GROUP).values(group).build())));
        for (var s : page.snapshots()) {
            String rollout = s.tags().stream().filter(t -> Rollout.TAG_ROLLOUT.equals(t.key())).map(t -> t.value())
                    .findFirst().orElse(null);
            if (rollout != null) {
                snapshotRollouts.put(s.snapshotId(), rollout);
            }
        }
        if (turnPage(page.nextToken())) {
            return;
        }
        for (Image image : candidates.values()) {
            String stranger = RetentionDecision.foreignSnapshot(image, snapshotRollouts);
            if (stranger != null && !keptBecause.containsKey(image.imageId())) {
                because(image.imageId(), "its snapshot " + stranger + " does not carry its rollout tag");
            }
        }
        step = Step.DONE;
    }

    /** Keeps the next page's token; true while there is one, so the step stays where it is. */
    private boolean turnPage(String next) {
        token = next == null || next.isEmpty() ? null : next;
        return token != null;
    }

    private void because(String imageId, String why) {
        if (candidates.containsKey(imageId)) {
            keptBecause.computeIfAbsent(imageId, k -> new ArrayList<>()).add(why);
        }
    }
}
