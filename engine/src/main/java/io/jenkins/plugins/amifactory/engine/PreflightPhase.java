package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.time.Duration;
import java.time.Instant;

/**
 * Preflight: finds the group and what it launches from, checks the instance and that no Refresh is running,
 * and fixes the facts a revert needs (the configuration to return to, the template's default version) before
 * anything changes. Every problem here is a refusal naming the field; nothing in AWS changes. A plan-only
 * rollout ends here with its {@link Plan}. With a given Image, the Image is checked in the instance's stead.
 */
final class PreflightPhase {

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;

    PreflightPhase(RolloutContext ctx) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
    }

    Next run(Instant now) {
        if (request.endpoints().usesRegion() && !Region.regions().contains(Region.of(request.region()))) {
            // Without an endpoint the SDK would call a host that does not exist and the answer would only be
            // "unknown host", after DNS had its say.
            throw new InvalidRequestException("region", "the AWS SDK knows no region '" + request.region() + "'",
                    "check the region code, or give endpointUrl for a region newer than the SDK");
        }
        AutoScalingGroup group = ctx.aws.describeGroup();
        Next earlier = checkLease(group, now);
        if (earlier != null) {
            return earlier;
        }
        GroupConfig config = GroupConfig.of(group);
        if (config == null) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' has neither a launch configuration nor a launch template",
                    "give the group a launch template first; there is nothing to copy");
        }
        // A given Image was made from an instance that may live in another region: only the Image is checked.
        Image given = request.givenImage() == null ? null : givenImage();
        // A fleet plans its other targets before its Image exists: then there is neither an Image nor an instance here.
        boolean fromFleet = given == null && request.imageFromFleet();
        Instance source = given != null || fromFleet ? null : ctx.aws.describeSourceInstance();
        String instanceState = source == null ? null : source.state().nameAsString();
        if (source != null && !"running".equals(instanceState) && !"stopped".equals(instanceState)) {
            throw new InvalidRequestException("instance", "instance " + request.instance() + " is " + instanceState,
                    "use a running (or stopped) instance; a terminated or pending one cannot be imaged");
        }
        InstanceRefresh active = ctx.aws.activeRefresh();
        if (active != null) {
            throw new InvalidRequestException("asg", "instance refresh " + active.instanceRefreshId() + " is already "
                    + active.statusAsString() + " on group '" + request.asg() + "'",
                    "wait for it to finish or cancel it, then run the rollout again");
        }
        state.before.kind = config.kind();
        state.before.imageId = null;
        switch (config.kind()) {
            case LAUNCH_CONFIGURATION -> readLaunchConfiguration(config);
            case LAUNCH_TEMPLATE, MIXED_INSTANCES -> readTemplate(config);
        }
        if (given != null) {
            state.image.name = given.name();
        } else {
            state.image.name = ImageNames.expand(request.image().nameTemplate(), request.asg(), request.instance(),
                    state.startedAt);
            Image clash = fromFleet ? null : ctx.aws.findImageByName(state.image.name);
            if (clash != null && !ctx.ours(clash.tags())) {
                throw new InvalidRequestException("imageName", "an Image named '" + state.image.name + "' already exists ("
                        + clash.imageId() + ")", "use a name template with a timestamp, such as {group}-{yyyyMMdd-HHmmss}");
            }
        }
        if (given != null && !state.written.template) {
            // Refused now rather than when it is written: the name comes from the template too.
            ConfigurationPhase.launchConfigurationName(ctx);
        }
        // No Image is made of the instance with a given one, so nothing reboots and nothing goes to Standby.
        boolean reboot = given == null && !fromFleet && request.image().reboot();
        boolean inGroup = group.instances().stream().anyMatch(i -> i.instanceId().equals(request.instance()));
        if (reboot && inGroup && "running".equals(instanceState) && group.desiredCapacity() <= group.minSize()) {
            throw new InvalidRequestException("reboot", "group '" + request.asg() + "' is at its minimum size ("
                    + group.minSize() + "), so instance " + request.instance() + " cannot go to Standby while it reboots",
                    "use reboot: false, or lower the group's minimum size by one for the rollout");
        }
        if (request.planOnly()) {
            ctx.plan = Plan.describe(ctx, config, source, given, group);
            ctx.listener.info("Plan for group '" + request.asg() + "':");
            ctx.plan.forEach(line -> ctx.listener.info("  " + line));
            return ctx.finish(now, RolloutStatus.PLANNED);
        }
        GroupLease lease = new GroupLease(ctx);
        if (!lease.take(now)) {
            throw new InvalidRequestException("asg", "another rollout took group '" + request.asg()
                    + "' at the same moment", "wait for it to finish, then run the rollout again");
        }
        if (given != null) {
            return ImagePhase.useGiven(ctx, now);
        }
        boolean standby = reboot && inGroup && "running".equals(instanceState);
        ctx.enter(standby ? Phase.STANDBY : Phase.IMAGE_CREATE, now, standby
                ? "putting " + request.instance() + " in Standby before it reboots for the Image"
                : ImagePhase.creating(ctx));
        return Next.again(Duration.ZERO);
    }

    /**
     * The given Image as EC2 shows it in this region; refused when it is not there, or is no longer on its way
     * to being available. A regional copy has its own id: the id of the Image in another region is not found.
     */
    private Image givenImage() {
        String id = request.givenImage();
        Image image = ctx.aws.describeImage(id);
        if (image == null) {
            throw new InvalidRequestException("givenImage", "there is no Image " + id + " in region " + request.region(),
                    "give the id of the Image in this region (a copy into another region has an id of its own)");
        }
        String imageState = image.stateAsString();
        if (!"available".equals(imageState) && !"pending".equals(imageState)) {
            throw new InvalidRequestException("givenImage", "Image " + id + " is " + imageState,
                    "give an Image that is available, or still pending");
        }
        return image;
    }

    /**
     * Refuses while another rollout holds the group. A lease nobody renewed in time belonged to a rollout that
     * was cut off: what it left running is settled first (null once done, else when to look again).
     */
    private Next checkLease(AutoScalingGroup group, Instant now) {
        GroupLease lease = new GroupLease(ctx);
        String here = lease.heldHereByOther(now);
        if (here != null) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' is being rolled out by rollout "
                    + here + " on this controller", "wait for it to finish, then run the rollout again");
        }
        Lease held = GroupLease.of(group);
        if (held == null || held.rolloutId().equals(state.rolloutId)) {
            return null;
        }
        if (!held.lapsedAt(now)) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' is being rolled out by "
                    + held.describe() + " (its lease on the group counts until " + Polling.clock(held.until()) + ")",
                    "wait for it to finish; if it was cut off, its lease lapses then and the next rollout takes over");
        }
        return request.planOnly() ? null : new EarlierRollout(ctx, held).settle(now);
    }

    private void readLaunchConfiguration(GroupConfig config) {
        LaunchConfiguration lc = ctx.aws.describeLaunchConfiguration(config.launchConfiguration());
        state.before.launchConfiguration = lc.launchConfigurationName();
        state.before.imageId = lc.imageId();
        if (request.strategy() == Strategy.LAUNCH_TEMPLATE) {
            state.written.template = true;
            state.written.migratesToTemplate = true;
        }
        RefreshSettings refresh = request.refresh();
        if (!state.written.template && Boolean.TRUE.equals(refresh.autoRollback())) {
            throw new InvalidRequestException("autoRollback", "group '" + request.asg() + "' uses a launch configuration",
                    "AWS rolls back only launch templates: turn autoRollback off, or use strategy launchTemplate");
        }
        if (!state.written.template && Boolean.TRUE.equals(refresh.skipMatching())) {
            throw new InvalidRequestException("skipMatching", "group '" + request.asg() + "' uses a launch configuration",
                    "AWS skips matching instances only with launch templates: turn skipMatching off");
        }
    }

    private void readTemplate(GroupConfig config) {
        if (request.strategy() == Strategy.LAUNCH_CONFIGURATION) {
            throw new InvalidRequestException("strategy", "group '" + request.asg() + "' uses launch template "
                    + config.label(), "use strategy auto or launchTemplate for this group");
        }
        LaunchTemplateVersion version = ctx.aws.describeTemplateVersion(config.templateId(), config.templateName(),
                config.templateVersion());
        state.written.template = true;
        state.written.templateId = version.launchTemplateId();
        state.written.templateName = version.launchTemplateName();
        state.before.templateVersion = config.templateVersion();
        state.before.templateVersionNumber = version.versionNumber();
        state.before.imageId = version.launchTemplateData().imageId();
        if (request.setDefaultVersion()) {
            // Read before anything changes, so a revert knows what to restore even after a restart.
            state.before.defaultVersion = ctx.aws.call("DescribeLaunchTemplates", () -> ctx.aws.ec2()
                    .describeLaunchTemplates(r -> r.launchTemplateIds(state.written.templateId)))
                    .launchTemplates().get(0).defaultVersionNumber();
        }
    }
}
