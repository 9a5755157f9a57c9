package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dry run: what a rollout would do, as lines a person reads before saying yes. It shows the Image to
 * be made (or the given one to be used), a field-by-field comparison of the current and the next configuration (generic over the SDK's
 * own field list, so no field is forgotten), how the group changes, and the Refresh. It makes describe
 * calls and EC2 DryRun permission checks only.
 */
final class Plan {

    static final String NEW_IMAGE = "(new Image)";

    private Plan() {
    }

    /**
     * The plan; {@code given} is the given Image as EC2 shows it (then {@code source} is null: no Image is made
     * of it), else null.
     */
    static List<String> describe(RolloutContext ctx, GroupConfig config, Instance source, Image given,
                                 AutoScalingGroup group) {
        RolloutRequest request = ctx.request;
        RolloutState s = ctx.state;
        RefreshSettings refresh = request.refresh();
        Deadlines deadlines = request.deadlines();
        List<String> lines = new ArrayList<>();
        Image image;
        if (given == null && source == null) {
            image = null;
            lines.add("Image: the fleet's, made once from " + request.instance() + " by its first target (in another "
                    + "region, its copy there); the disks are re-declared from it");
        } else if (given != null) {
            image = given;
            lines.add("Image: use the given Image " + given.imageId() + " ('" + given.name() + "', "
                    + given.stateAsString() + ", " + devices(given) + "); none is made, and this rollout never removes it");
        } else {
            image = imageFromInstance(ctx.aws, source);
            lines.add("Image: create '" + s.image.name + "' from " + source.instanceId() + " ("
                    + source.state().nameAsString() + ", " + devices(image) + "), "
                    + (request.image().reboot() ? "with reboot" + (group.instances().stream()
                            .anyMatch(i -> i.instanceId().equals(source.instanceId())) ? " in Standby" : "") : "no reboot"));
            lines.add("Permission check: CreateImage " + dryRunCreateImage(ctx));
        }
        switch (config.kind()) {
            case LAUNCH_CONFIGURATION -> {
                LaunchConfiguration current = ctx.aws.describeLaunchConfiguration(config.launchConfiguration());
                String name = s.written.migratesToTemplate ? null : ConfigurationPhase.launchConfigurationName(ctx);
                if (s.written.migratesToTemplate) {
                    lines.add("Launch template: create one from launch configuration " + current.launchConfigurationName()
                            + " with the new Image, and move the group to it");
                    if (image != null) {
                        lines.addAll(compare(current, NextConfiguration.templateFrom(current, image), false));
                    }
                } else {
                    lines.add("Launch configuration: " + current.launchConfigurationName() + " -> new '" + name + "'");
                    if (image != null) {
                        lines.addAll(compare(current, NextConfiguration.launchConfiguration(current, image, name), false));
                    }
                }
                lines.add("Group '" + request.asg() + "': " + (s.written.migratesToTemplate ? "launch configuration "
                        + current.launchConfigurationName() + " -> the new launch template"
                        : "LaunchConfigurationName " + current.launchConfigurationName() + " -> " + name));
            }
            case LAUNCH_TEMPLATE, MIXED_INSTANCES -> {
                LaunchTemplateVersion current = ctx.aws.describeTemplateVersion(s.written.templateId, null,
                        String.valueOf(s.before.templateVersionNumber));
                lines.add("Launch template " + s.templateLabel() + ": new version from version "
                        + s.before.templateVersionNumber + " (" + s.before.templateVersion + "), all other fields inherited");
                if (image != null) {
                    var next = NextConfiguration.templateVersion(current.launchTemplateData(), image);
                    lines.addAll(compare(current.launchTemplateData(), next, true));
                }
                lines.add("Group '" + request.asg() + "': " + (config.kind() == RolloutState.ConfigKind.MIXED_INSTANCES
                        ? "mixed instances policy template " : "launch template ") + s.templateLabel() + ":"
                        + s.before.templateVersion + " -> the new version number"
                        + (refresh.enabled() ? " (saved by AWS when the instance refresh succeeds)" : "")
                        + (request.setDefaultVersion() ? "; the new version becomes the template's default" : ""));
            }
        }
        lines.add(refresh.enabled()
                ? "Instance refresh: Rolling over " + group.instances().size() + " instances, min healthy "
                        + refresh.minHealthyPercentage() + "%"
                        + (refresh.maxHealthyPercentage() == null ? "" : ", max healthy " + refresh.maxHealthyPercentage() + "%")
                        + (refresh.instanceWarmup() == null ? "" : ", warm-up " + Durations.words(refresh.instanceWarmup()))
                        + (refresh.checkpointPercentages().isEmpty() ? "" : ", checkpoints " + refresh.checkpointPercentages())
                        + (refresh.bakeTime() == null ? "" : ", bake " + Durations.words(refresh.bakeTime()))
                        + (refresh.alarms().isEmpty() ? "" : ", stopped by alarm " + String.join(" or ", refresh.alarms()))
                        + (s.written.template && !s.written.migratesToTemplate ? ", auto rollback "
                                + (Boolean.FALSE.equals(refresh.autoRollback()) ? "off" : "on") : "")
                : "Instance refresh: none (only instances launched from now on get the new Image)");
        lines.add("Waits: Image up to " + Durations.words(deadlines.image()) + ", refresh up to "
                + Durations.words(deadlines.refresh()) + ", all up to " + Durations.words(deadlines.overall())
                + "; on timeout " + deadlines.onTimeout().displayName() + ", on abort " + deadlines.onAbort().displayName());
        int keep = request.image().keepImages();
        lines.add(keep == 0 ? "Retention: off"
                : "Retention: keep the " + keep + " newest Images made for '" + request.asg()
                        + "', never one still referenced");
        if (keep > 0) {
            // A given Image is not one this rollout adds to the group's own.
            new Retention(ctx).preview(keep, given == null && source != null).forEach(line -> lines.add("  " + line));
        }
        return lines;
    }

    /** What the new Image will look like: the instance's volumes, with snapshots still to be made. */
    private static Image imageFromInstance(AwsLookups aws, Instance source) {
        List<String> volumeIds = source.blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null).map(m -> m.ebs().volumeId()).toList();
        Map<String, Volume> volumes = volumeIds.isEmpty() ? Map.of()
                : aws.call("DescribeVolumes", () -> aws.ec2().describeVolumes(r -> r.volumeIds(volumeIds)))
                        .volumes().stream().collect(Collectors.toMap(Volume::volumeId, Function.identity()));
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        for (var m : source.blockDeviceMappings()) {
            if (m.ebs() == null) {
                continue;
            }
            Volume v = volumes.get(m.ebs().volumeId());
            EbsBlockDevice.Builder ebs = EbsBlockDevice.builder()
                    .snapshotId(PlanWords.NEW_SNAPSHOT + m.ebs().volumeId() + ")")
                    .deleteOnTermination(m.ebs().deleteOnTermination());
            if (v != null) {
                ebs.volumeSize(v.size()).volumeType(v.volumeTypeAsString()).iops(v.iops()).throughput(v.throughput())
                        .encrypted(v.encrypted());
            }
            mappings.add(BlockDeviceMapping.builder().deviceName(m.deviceName()).ebs(ebs.build()).build());
        }
        return Image.builder().imageId(NEW_IMAGE).blockDeviceMappings(mappings).build();
    }

    private static String devices(Image image) {
        // A given Image may also map instance-store or suppressed devices; only its EBS volumes are listed.
        List<BlockDeviceMapping> ebs = image.blockDeviceMappings().stream().filter(m -> m.ebs() != null).toList();
        if (ebs.isEmpty()) {
            return "no EBS volumes";
        }
        return ebs.size() + " EBS volume" + (ebs.size() == 1 ? "" : "s") + ": " + ebs.stream()
                .map(m -> m.deviceName() + " " + m.ebs().volumeSize() + " GiB " + m.ebs().volumeTypeAsString())
                .collect(Collectors.joining(", "));
    }

    private static String dryRunCreateImage(RolloutContext ctx) {
        try {
            ctx.aws.call("CreateImage", () -> ctx.aws.ec2().createImage(r -> r.dryRun(true)
                    .instanceId(ctx.request.instance()).name(ctx.state.image.name).noReboot(true)));
            return "allowed";
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("DryRunOperation".equals(code)) {
                return "allowed";
            }
            return "refused (" + code + ": " + e.awsErrorDetails().errorMessage() + ")";
        }
    }

    /**
     * Compares two SDK objects member by member: every member of {@code next} against the member of the
     * same name in {@code current}. Lines for changed members first (block devices one line each), then one
     * line naming what is kept. With {@code inherits} (a template version made from a source version), members
     * {@code next} leaves out are inherited, not removed, so they count as kept.
     */
    static List<String> compare(SdkPojo current, SdkPojo next, boolean inherits) {
        List<String> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (SdkField<?> field : next.sdkFields()) {
            String name = field.memberName();
            if (name.equals("LaunchConfigurationName") || name.equals("InstanceId")) {
                continue;
            }
            Object after = field.getValueOrDefault(next);
            Object before = PlanWords.member(current, name);
            if (PlanWords.isEmpty(after) && PlanWords.isEmpty(before)) {
                continue;
            }
            if (inherits && PlanWords.isEmpty(after)) {
                kept.add(name);
                continue;
            }
            if (name.equals("BlockDeviceMappings")) {
                List<String> devices = PlanWords.deviceChanges(before, after);
                if (devices.isEmpty()) {
                    kept.add(name);
                } else {
                    changed.add("  " + name + ":");
                    devices.forEach(d -> changed.add("    " + d));
                }
            } else if (Objects.equals(normalize(before), normalize(after))) {
                kept.add(name);
            } else {
                changed.add("  " + name + ": " + show(name, before) + " -> " + show(name, after));
            }
        }
        if (!kept.isEmpty()) {
            changed.add("  kept as they are: " + String.join(", ", kept));
        }
        return changed;
    }

    /** Values from different shapes (a launch configuration's and a request's) compare by their text. */
    private static String normalize(Object v) {
        if (PlanWords.isEmpty(v)) {
            return "";
        }
        return String.valueOf(v).replaceAll("^[A-Za-z]+\\(", "(").replaceAll("\\b[A-Za-z]+\\(", "(");
    }

    private static String show(String name, Object v) {
        if (PlanWords.isEmpty(v)) {
            return PlanWords.NONE;
        }
        if (name.equals("UserData")) {
            return "(" + String.valueOf(v).length() + " characters of base64)";
        }
        return PlanWords.words(v);
    }
}
