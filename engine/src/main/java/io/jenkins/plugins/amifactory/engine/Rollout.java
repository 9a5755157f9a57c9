package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One rollout as a non-blocking state machine. Each {@link #advance} makes at most a few AWS calls,
 * moves the {@link RolloutState} on, and says when to call again; nothing waits on a thread, so a Jenkins
 * step can poll it from a timer and a restart loses nothing but the time until the next poll. Given the
 * state of a half-done rollout, a new instance continues it without repeating a side effect: each phase
 * first looks for what an interrupted earlier attempt may already have created.
 *
 * <p>Not thread-safe: one caller advances it at a time.
 */
public final class Rollout {

    /** Tag keys this tool puts on what it creates. */
    public static final String TAG_GROUP = "ami-factory:group";
    public static final String TAG_SOURCE_INSTANCE = "ami-factory:source-instance";
    public static final String TAG_CREATED_BY = "ami-factory:created-by";
    public static final String TAG_ROLLOUT = "ami-factory:rollout";

    static final Duration FIRST_POLL = Duration.ofSeconds(5);
    static final Duration MIN_POLL = Duration.ofSeconds(5);
    static final Duration MAX_POLL = Duration.ofSeconds(60);
    static final Duration MIN_REFRESH_POLL = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(120);
    /** How long reverting may take after the deadline that caused it before the rollout gives up and reports. */
    static final Duration REVERT_BUDGET = Duration.ofMinutes(30);

    private static final Set<String> ACTIVE_REFRESH = Set.of("Pending", "InProgress", "Cancelling",
            "RollbackInProgress", "Baking");

    private final RolloutRequest request;
    private final RolloutState state;
    private final RolloutListener listener;
    private AwsClients aws;

    private Rollout(RolloutRequest request, RolloutState state, RolloutListener listener) {
        this.request = request;
        this.state = state;
        this.listener = listener == null ? RolloutListener.NONE : listener;
    }

    /** A new rollout starting at {@code now}. */
    public static Rollout start(RolloutRequest request, Instant now, RolloutListener listener) {
        RolloutState s = new RolloutState(UUID.randomUUID().toString(), now, now.plus(request.timeout()));
        return new Rollout(request, s, listener);
    }

    /** Continues a rollout from its saved state (after a restart, or in a new process). */
    public static Rollout resume(RolloutRequest request, RolloutState state, RolloutListener listener) {
        return new Rollout(request, state, listener);
    }

    /** The live state; persist it after every {@link #advance}. */
    public RolloutState state() {
        return state;
    }

    public RolloutRequest request() {
        return request;
    }

    /** A one-line account of where the rollout is, for a Jenkins thread dump or a status line. */
    public String status() {
        StringBuilder sb = new StringBuilder(state.phase.label());
        if (state.imageId != null) {
            sb.append(", image ").append(state.imageId);
        }
        if (state.refreshId != null) {
            sb.append(", refresh ").append(state.refreshStatus).append(' ')
                    .append(state.refreshPercent == null ? "" : state.refreshPercent + "%");
        }
        if (state.stopping != null) {
            sb.append(" (").append(state.stopping.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(", applying ")
                    .append(state.outcome.displayName()).append(')');
        }
        return sb.toString();
    }

    /**
     * Stops going forward and applies the abort outcome from the next {@link #advance} on. Calling it
     * again, or once the rollout is reverting already, changes nothing.
     */
    public void abort(String reason) {
        if (state.status.isTerminal() || state.stopping != null) {
            return;
        }
        stop(RolloutStatus.ABORTED, request.onAbort(), "Aborted" + (reason == null ? "" : " (" + reason + ")")
                + " during " + state.phase.label());
    }

    /**
     * Does the next step with {@code clients} and says when to call again, or how the rollout ended.
     * Throttling and transient AWS errors are answered with a backoff, never with a failure.
     */
    public Next advance(AwsClients clients, Instant now) {
        if (state.status.isTerminal()) {
            return Next.finished(result());
        }
        this.aws = clients;
        try {
            if (state.stopping == null) {
                checkDeadlines(now);
            }
            Next next = state.stopping == null ? forward(now) : revert(now);
            state.consecutiveErrors = 0;
            return next;
        } catch (InvalidRequestException e) {
            // Past preflight something already changed: a refusal now is a failure, and it reverts.
            return state.phase == Phase.PREFLIGHT ? reject(now, e) : failOrReport(now, e.getMessage());
        } catch (LaunchConfigurationsUnavailable e) {
            stop(RolloutStatus.FAILED, Outcome.ROLLBACK, "This AWS account can no longer create launch configurations ("
                    + e.getMessage() + "). Run the rollout with strategy: launchTemplate to move group '" + request.asg()
                    + "' to a launch template made from " + state.previousLaunchConfiguration + "; the Image "
                    + state.imageId + " is kept for it");
            return Next.again(Duration.ZERO);
        } catch (SdkException e) {
            if (isRetryable(e)) {
                state.consecutiveErrors++;
                Duration wait = backoff(state.consecutiveErrors);
                listener.info("AWS answered " + describe(e) + "; trying again in " + Durations.words(wait));
                return Next.again(wait);
            }
            if (state.phase == Phase.PREFLIGHT) {
                return reject(now, new InvalidRequestException("asg", "AWS refused a check: " + describe(e),
                        "check the credentials' permissions (see docs/iam-policy.md) and the region"));
            }
            return failOrReport(now, "AWS refused " + state.phase.label() + " for group '" + request.asg() + "': "
                    + describe(e));
        } finally {
            this.aws = null;
        }
    }

    /** The result so far (final once the status is terminal). */
    public RolloutResult result() {
        return RolloutResult.of(state, request.asg(), state.failure, plan);
    }

    // ---------------------------------------------------------------------------------------------
    // Forward

    private List<String> plan = List.of();

    private Next forward(Instant now) {
        return switch (state.phase) {
            case PREFLIGHT -> preflight(now);
            case STANDBY -> standby(now);
            case IMAGE_CREATE -> createImage(now);
            case IMAGE_WAIT -> waitForImage(now);
            case CONFIG_WRITE -> writeConfiguration(now);
            case GROUP_UPDATE -> updateGroup(now);
            case REFRESH_START -> startRefresh(now);
            case REFRESH_WAIT -> waitForRefresh(now);
            case CLEANUP -> cleanup(now);
            case REVERTING, FINISHED -> throw new IllegalStateException("no forward step from " + state.phase);
        };
    }

    private Next preflight(Instant now) {
        AutoScalingGroup group = describeGroup();
        GroupConfig config = GroupConfig.of(group);
        if (config == null) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' has neither a launch configuration nor a launch template",
                    "give the group a launch template first; there is nothing to copy");
        }
        software.amazon.awssdk.services.ec2.model.Instance source = describeSourceInstance();
        String instanceState = source.state().nameAsString();
        if (!"running".equals(instanceState) && !"stopped".equals(instanceState)) {
            throw new InvalidRequestException("instance", "instance " + request.instance() + " is " + instanceState,
                    "use a running (or stopped) instance; a terminated or pending one cannot be imaged");
        }
        InstanceRefresh active = activeRefresh();
        if (active != null) {
            throw new InvalidRequestException("asg", "instance refresh " + active.instanceRefreshId() + " is already "
                    + active.statusAsString() + " on group '" + request.asg() + "'",
                    "wait for it to finish or cancel it, then run the rollout again");
        }
        state.previousKind = config.kind();
        state.previousImageId = null;
        switch (config.kind()) {
            case LAUNCH_CONFIGURATION -> {
                LaunchConfiguration lc = describeLaunchConfiguration(config.launchConfiguration());
                state.previousLaunchConfiguration = lc.launchConfigurationName();
                state.previousImageId = lc.imageId();
                if (request.strategy() == Strategy.LAUNCH_TEMPLATE) {
                    state.writesTemplate = true;
                    state.migratesToTemplate = true;
                }
                if (!state.writesTemplate && Boolean.TRUE.equals(request.autoRollback())) {
                    throw new InvalidRequestException("autoRollback", "group '" + request.asg() + "' uses a launch configuration",
                            "AWS rolls back only launch templates: turn autoRollback off, or use strategy launchTemplate");
                }
                if (!state.writesTemplate && Boolean.TRUE.equals(request.skipMatching())) {
                    throw new InvalidRequestException("skipMatching", "group '" + request.asg() + "' uses a launch configuration",
                            "AWS skips matching instances only with launch templates: turn skipMatching off");
                }
            }
            case LAUNCH_TEMPLATE, MIXED_INSTANCES -> {
                if (request.strategy() == Strategy.LAUNCH_CONFIGURATION) {
                    throw new InvalidRequestException("strategy", "group '" + request.asg() + "' uses launch template "
                            + label(config), "use strategy auto or launchTemplate for this group");
                }
                LaunchTemplateVersion version = describeTemplateVersion(config.templateId(), config.templateName(),
                        config.templateVersion());
                state.writesTemplate = true;
                state.templateId = version.launchTemplateId();
                state.templateName = version.launchTemplateName();
                state.previousTemplateVersion = config.templateVersion();
                state.previousTemplateVersionNumber = version.versionNumber();
                state.previousImageId = version.launchTemplateData().imageId();
                if (request.setDefaultVersion()) {
                    // Read before anything changes, so a revert knows what to restore even after a restart.
                    state.defaultVersionBefore = call("DescribeLaunchTemplates", () -> aws.ec2().describeLaunchTemplates(
                            r -> r.launchTemplateIds(state.templateId))).launchTemplates().get(0).defaultVersionNumber();
                }
            }
        }
        state.imageName = ImageNames.expand(request.imageName(), request.asg(), request.instance(), state.startedAt);
        Image clash = findImageByName(state.imageName);
        if (clash != null && !ours(clash.tags())) {
            throw new InvalidRequestException("imageName", "an Image named '" + state.imageName + "' already exists ("
                    + clash.imageId() + ")", "use a name template with a timestamp, such as {group}-{yyyyMMdd-HHmmss}");
        }
        boolean inGroup = group.instances().stream().anyMatch(i -> i.instanceId().equals(request.instance()));
        if (request.reboot() && inGroup && "running".equals(instanceState)
                && group.desiredCapacity() <= group.minSize()) {
            throw new InvalidRequestException("reboot", "group '" + request.asg() + "' is at its minimum size ("
                    + group.minSize() + "), so instance " + request.instance() + " cannot go to Standby while it reboots",
                    "use reboot: false, or lower the group's minimum size by one for the rollout");
        }
        if (request.planOnly()) {
            plan = Plan.describe(this, config, source, group);
            listener.info("Plan for group '" + request.asg() + "':");
            plan.forEach(line -> listener.info("  " + line));
            return finish(now, RolloutStatus.PLANNED);
        }
        boolean standby = request.reboot() && inGroup && "running".equals(instanceState);
        enter(standby ? Phase.STANDBY : Phase.IMAGE_CREATE, now, standby
                ? "putting " + request.instance() + " in Standby before it reboots for the Image"
                : "creating Image '" + state.imageName + "' from " + request.instance()
                        + (request.reboot() ? " (with reboot)" : " (no reboot)"));
        return Next.again(Duration.ZERO);
    }

    private Next standby(Instant now) {
        Instance member = describeGroup().instances().stream()
                .filter(i -> i.instanceId().equals(request.instance())).findFirst().orElse(null);
        if (member == null) {
            throw new InvalidRequestException("instance", "instance " + request.instance() + " left group '"
                    + request.asg() + "'", "run the rollout again with an instance of the group");
        }
        String lifecycle = member.lifecycleStateAsString();
        if ("Standby".equals(lifecycle)) {
            state.instanceInStandby = true;
            state.record("standby", request.instance(), "in standby");
            enter(Phase.IMAGE_CREATE, now, "creating Image '" + state.imageName + "' from " + request.instance()
                    + " (with reboot)");
            return Next.again(Duration.ZERO);
        }
        if (!lifecycle.startsWith("EnteringStandby")) {
            call("EnterStandby", () -> aws.autoScaling().enterStandby(r -> r.autoScalingGroupName(request.asg())
                    .instanceIds(request.instance()).shouldDecrementDesiredCapacity(true)));
            state.instanceInStandby = true;
            state.record("standby", request.instance(), "entering standby");
        }
        return Next.again(FIRST_POLL);
    }

    private Next createImage(Instant now) {
        Image existing = findImageByName(state.imageName);
        if (existing != null && ours(existing.tags())) {
            listener.info("Found Image " + existing.imageId() + " from an earlier attempt of this rollout; using it");
            state.imageId = existing.imageId();
        } else {
            List<Tag> tags = tags();
            state.imageId = call("CreateImage", () -> aws.ec2().createImage(r -> r.instanceId(request.instance())
                    .name(state.imageName)
                    .description(request.imageDescription() != null ? request.imageDescription()
                            : "AMI Factory: " + request.instance() + " for group " + request.asg())
                    .noReboot(!request.reboot())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE).tags(tags).build(),
                            TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags).build()))).imageId();
        }
        state.imageRequestedAt = now;
        state.record("image", state.imageId, "created");
        enter(Phase.IMAGE_WAIT, now, "waiting for Image " + state.imageId + " to become available");
        return Next.again(FIRST_POLL);
    }

    private Next waitForImage(Instant now) {
        Image image = describeImage(state.imageId);
        if (image == null) {
            stop(RolloutStatus.FAILED, Outcome.ROLLBACK, "Image " + state.imageId + " disappeared while pending");
            return Next.again(Duration.ZERO);
        }
        rememberSnapshots(image);
        switch (image.stateAsString()) {
            case "available" -> {
                listener.progress(Phase.IMAGE_WAIT, 100, Duration.ZERO, "Image " + state.imageId + " is available");
                if (state.instanceInStandby) {
                    returnFromStandby();
                }
                enter(Phase.CONFIG_WRITE, now, "writing the next " + (state.writesTemplate
                        ? "launch template version" : "launch configuration") + " for group '" + request.asg() + "'");
                return Next.again(Duration.ZERO);
            }
            case "pending" -> {
                int percent = snapshotProgress();
                Duration elapsed = Duration.between(state.imageRequestedAt, now);
                Duration remaining = percent > 0 && percent < 100
                        ? elapsed.multipliedBy(100 - percent).dividedBy(percent) : null;
                listener.progress(Phase.IMAGE_WAIT, percent, remaining, "Image " + state.imageId + " pending");
                return Next.again(pollDelay(elapsed, remaining));
            }
            default -> {
                String reason = image.stateReason() == null ? "" : ": " + image.stateReason().message();
                stop(RolloutStatus.FAILED, Outcome.ROLLBACK, "Image " + state.imageId + " is " + image.stateAsString() + reason);
                return Next.again(Duration.ZERO);
            }
        }
    }

    private Next writeConfiguration(Instant now) {
        Image image = describeImage(state.imageId);
        if (state.writesTemplate && state.migratesToTemplate) {
            TemplateMigration.create(this, describeLaunchConfiguration(state.previousLaunchConfiguration), image);
        } else if (state.writesTemplate) {
            writeTemplateVersion(image);
        } else {
            writeLaunchConfiguration(image);
        }
        enter(Phase.GROUP_UPDATE, now, "pointing group '" + request.asg() + "' at " + state.newConfiguration());
        return Next.again(Duration.ZERO);
    }

    private void writeLaunchConfiguration(Image image) {
        String name = state.imageName;
        LaunchConfiguration existing = findLaunchConfiguration(name);
        if (existing != null && !state.imageId.equals(existing.imageId())) {
            name = state.imageName + "-" + state.rolloutId.substring(0, 8);
            existing = findLaunchConfiguration(name);
        }
        if (existing != null) {
            listener.info("Found launch configuration " + name + " from an earlier attempt of this rollout; using it");
        } else {
            LaunchConfiguration current = describeLaunchConfiguration(state.previousLaunchConfiguration);
            var create = NextConfiguration.launchConfiguration(current, image, name);
            try {
                call("CreateLaunchConfiguration", () -> aws.autoScaling().createLaunchConfiguration(create));
            } catch (AwsServiceException e) {
                if (e.awsErrorDetails() != null && "UnsupportedOperation".equals(e.awsErrorDetails().errorCode())) {
                    // Accounts created since 2024-10-01 cannot create launch configurations at all.
                    throw new LaunchConfigurationsUnavailable(describe(e));
                }
                throw e;
            }
        }
        state.newLaunchConfiguration = name;
        state.record("launch configuration", name, "created");
    }

    private void writeTemplateVersion(Image image) {
        if (request.refresh() && !state.groupPinned && state.previousTemplateVersion.startsWith("$")) {
            pointGroupAtTemplateVersion(String.valueOf(state.previousTemplateVersionNumber));
            state.groupPinned = true;
            state.record("group", request.asg(), "pinned to " + state.templateLabel() + ":"
                    + state.previousTemplateVersionNumber + " (was " + state.previousTemplateVersion + ")");
            listener.info("Pinned group '" + request.asg() + "' to version " + state.previousTemplateVersionNumber
                    + " of " + state.templateLabel() + ", which " + state.previousTemplateVersion
                    + " meant, so the Refresh can roll back to it");
        }
        LaunchTemplateVersion latest = describeTemplateVersion(state.templateId, null, "$Latest");
        if (latest.versionDescription() != null && latest.versionDescription().contains(state.rolloutId)) {
            listener.info("Found version " + latest.versionNumber() + " of " + state.templateLabel()
                    + " from an earlier attempt of this rollout; using it");
            state.newTemplateVersion = latest.versionNumber();
        } else {
            LaunchTemplateVersion source = describeTemplateVersion(state.templateId, null,
                    String.valueOf(state.previousTemplateVersionNumber));
            RequestLaunchTemplateData data = RequestLaunchTemplateData.builder()
                    .imageId(state.imageId)
                    .blockDeviceMappings(NextConfiguration.templateDevices(
                            source.launchTemplateData().blockDeviceMappings().stream()
                                    .map(NextConfiguration::toRequest).toList(), image))
                    .build();
            state.newTemplateVersion = call("CreateLaunchTemplateVersion", () -> aws.ec2().createLaunchTemplateVersion(r -> r
                    .launchTemplateId(state.templateId)
                    .sourceVersion(String.valueOf(state.previousTemplateVersionNumber))
                    .clientToken(state.rolloutId)
                    .versionDescription(versionDescription())
                    .launchTemplateData(data))).launchTemplateVersion().versionNumber();
        }
        state.record("launch template version", state.templateId + ":" + state.newTemplateVersion, "created");
    }

    String versionDescription() {
        String d = "ami-factory " + state.imageName + " from " + request.instance() + " (rollout " + state.rolloutId + ")";
        return d.length() <= 255 ? d : d.substring(0, 255);
    }

    private Next updateGroup(Instant now) {
        if (state.defaultVersionBefore != null && !state.defaultMoved) {
            call("ModifyLaunchTemplate", () -> aws.ec2().modifyLaunchTemplate(r -> r.launchTemplateId(state.templateId)
                    .defaultVersion(String.valueOf(state.newTemplateVersion))));
            state.defaultMoved = true;
            listener.info("Made version " + state.newTemplateVersion + " the default of " + state.templateLabel());
        }
        // With a Refresh on a template, the group is pointed through the Refresh's desired configuration, so
        // AWS saves it only when the Refresh succeeds and can roll back to what the group had.
        boolean viaRefresh = request.refresh() && state.writesTemplate && !state.migratesToTemplate;
        if (!viaRefresh) {
            pointGroup(false);
            state.groupUpdated = true;
            state.record("group", request.asg(), "pointed at " + state.newConfiguration());
        }
        if (request.refresh()) {
            enter(Phase.REFRESH_START, now, "starting an instance refresh of group '" + request.asg() + "'");
        } else {
            enter(Phase.CLEANUP, now, "applying retention (keep " + request.keepImages() + " Images)");
        }
        return Next.again(Duration.ZERO);
    }

    /** Points the group at the new configuration, or back at the previous one. */
    private void pointGroup(boolean back) {
        if (back && state.previousKind == RolloutState.ConfigKind.LAUNCH_CONFIGURATION) {
            pointGroupAtLaunchConfiguration(state.previousLaunchConfiguration);
        } else if (back) {
            pointGroupAtTemplateVersion(state.previousTemplateVersion);
        } else if (state.writesTemplate) {
            pointGroupAtTemplateVersion(String.valueOf(state.newTemplateVersion));
        } else {
            pointGroupAtLaunchConfiguration(state.newLaunchConfiguration);
        }
    }

    private void pointGroupAtLaunchConfiguration(String name) {
        call("UpdateAutoScalingGroup", () -> aws.autoScaling().updateAutoScalingGroup(r -> r
                .autoScalingGroupName(request.asg()).launchConfigurationName(name)));
    }

    /** Names {@code version} of the rollout's template in the group (inside its mixed instances policy, if any). */
    private void pointGroupAtTemplateVersion(String version) {
        LaunchTemplateSpecification spec = templateSpec(version);
        if (state.previousKind == RolloutState.ConfigKind.MIXED_INSTANCES) {
            MixedInstancesPolicy mip = withTemplate(describeGroup().mixedInstancesPolicy(), spec);
            call("UpdateAutoScalingGroup", () -> aws.autoScaling().updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(request.asg()).mixedInstancesPolicy(mip)));
        } else {
            call("UpdateAutoScalingGroup", () -> aws.autoScaling().updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(request.asg()).launchTemplate(spec)));
        }
    }

    private LaunchTemplateSpecification templateSpec(String version) {
        return LaunchTemplateSpecification.builder().launchTemplateId(state.templateId).version(version).build();
    }

    private static MixedInstancesPolicy withTemplate(MixedInstancesPolicy mip, LaunchTemplateSpecification spec) {
        return mip.toBuilder().launchTemplate(mip.launchTemplate().toBuilder().launchTemplateSpecification(spec).build())
                .build();
    }

    private Next startRefresh(Instant now) {
        InstanceRefresh adopted = activeRefresh();
        DesiredConfiguration desired = desiredConfiguration();
        if (adopted != null && isOurs(adopted, desired)) {
            listener.info("Found instance refresh " + adopted.instanceRefreshId() + " from an earlier attempt; following it");
            state.refreshId = adopted.instanceRefreshId();
        } else if (adopted != null) {
            throw new InvalidRequestException("asg", "instance refresh " + adopted.instanceRefreshId()
                    + " was started on group '" + request.asg() + "' by someone else", "wait for it to finish");
        } else {
            RefreshPreferences preferences = preferences();
            state.refreshId = call("StartInstanceRefresh", () -> aws.autoScaling().startInstanceRefresh(r -> r
                    .autoScalingGroupName(request.asg()).strategy(RefreshStrategy.ROLLING)
                    .preferences(preferences).desiredConfiguration(desired))).instanceRefreshId();
        }
        state.refreshStartedAt = now;
        state.refreshStatus = "Pending";
        state.record("instance refresh", state.refreshId, "started");
        enter(Phase.REFRESH_WAIT, now, "waiting for instance refresh " + state.refreshId + " (min healthy "
                + request.minHealthyPercentage() + "%)");
        return Next.again(FIRST_POLL);
    }

    /**
     * Whether an active Refresh is the one an earlier attempt of this rollout started before a restart lost
     * its id. AWS gives StartInstanceRefresh no client token, so: it started since this phase began and, on a
     * template, it carries this rollout's new version as its desired configuration.
     */
    private boolean isOurs(InstanceRefresh refresh, DesiredConfiguration expected) {
        if (refresh.startTime() == null || refresh.startTime().isBefore(state.phaseStartedAt.minusSeconds(60))) {
            return false;
        }
        if (expected == null) {
            // A launch configuration group already names the new configuration, so any Refresh rolls it out.
            return true;
        }
        DesiredConfiguration actual = refresh.desiredConfiguration();
        LaunchTemplateSpecification spec = actual == null ? null : actual.launchTemplate() != null ? actual.launchTemplate()
                : actual.mixedInstancesPolicy() != null && actual.mixedInstancesPolicy().launchTemplate() != null
                        ? actual.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() : null;
        return spec != null && String.valueOf(state.newTemplateVersion).equals(spec.version())
                && (state.templateId.equals(spec.launchTemplateId()) || state.templateName.equals(spec.launchTemplateName()));
    }

    private RefreshPreferences preferences() {
        boolean template = state.writesTemplate;
        boolean viaDesired = template && !state.migratesToTemplate;
        RefreshPreferences.Builder p = RefreshPreferences.builder()
                .minHealthyPercentage(request.minHealthyPercentage())
                .maxHealthyPercentage(request.maxHealthyPercentage())
                .instanceWarmup(request.instanceWarmup() == null ? null : (int) request.instanceWarmup().toSeconds())
                .skipMatching(template ? request.skipMatching() : null)
                .checkpointDelay(request.checkpointDelay() == null ? null : (int) request.checkpointDelay().toSeconds())
                .bakeTime(request.bakeTime() == null ? null : (int) request.bakeTime().toSeconds())
                .autoRollback(viaDesired ? !Boolean.FALSE.equals(request.autoRollback()) : null);
        if (!request.checkpointPercentages().isEmpty()) {
            p.checkpointPercentages(request.checkpointPercentages());
        }
        return p.build();
    }

    private DesiredConfiguration desiredConfiguration() {
        if (!state.writesTemplate || state.migratesToTemplate) {
            return null;
        }
        LaunchTemplateSpecification spec = templateSpec(String.valueOf(state.newTemplateVersion));
        if (state.previousKind == RolloutState.ConfigKind.MIXED_INSTANCES) {
            return DesiredConfiguration.builder().mixedInstancesPolicy(withTemplate(describeGroup().mixedInstancesPolicy(),
                    spec)).build();
        }
        return DesiredConfiguration.builder().launchTemplate(spec).build();
    }

    private Next waitForRefresh(Instant now) {
        InstanceRefresh refresh = describeRefresh();
        String status = refresh.statusAsString();
        state.refreshStatus = status;
        state.refreshPercent = refresh.percentageComplete();
        state.refreshStatusReason = refresh.statusReason();
        switch (status) {
            case "Successful" -> {
                listener.progress(Phase.REFRESH_WAIT, 100, Duration.ZERO, "instance refresh " + state.refreshId + " Successful");
                state.record("instance refresh", state.refreshId, "successful");
                if (!state.groupUpdated) {
                    state.groupUpdated = true;
                    state.record("group", request.asg(), "pointed at " + state.newConfiguration());
                }
                enter(Phase.CLEANUP, now, "applying retention (keep " + request.keepImages() + " Images)");
                return Next.again(Duration.ZERO);
            }
            case "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed" -> {
                state.record("instance refresh", state.refreshId, refreshFate(status));
                state.revertRefreshDone = true;
                stop(RolloutStatus.FAILED, Outcome.ROLLBACK, refreshFailure(refresh));
                return Next.again(Duration.ZERO);
            }
            default -> {
                int percent = refresh.percentageComplete() == null ? 0 : refresh.percentageComplete();
                Duration elapsed = Duration.between(state.refreshStartedAt, now);
                Duration remaining = percent > 0 && percent < 100
                        ? elapsed.multipliedBy(100 - percent).dividedBy(percent) : null;
                String detail = "instance refresh " + state.refreshId + " " + status
                        + (refresh.instancesToUpdate() == null ? "" : ", " + refresh.instancesToUpdate() + " to update");
                listener.progress(Phase.REFRESH_WAIT, percent, remaining, detail);
                // No replacement finishes faster than an instance launches and warms up: poll no more often.
                Duration floor = request.instanceWarmup() == null ? MIN_REFRESH_POLL
                        : Durations.max(MIN_REFRESH_POLL, Durations.min(MAX_POLL, request.instanceWarmup().dividedBy(4)));
                return Next.again(Durations.max(floor, pollDelay(elapsed, remaining)));
            }
        }
    }

    private String refreshFailure(InstanceRefresh r) {
        StringBuilder sb = new StringBuilder("Instance refresh ").append(r.instanceRefreshId()).append(" of group '")
                .append(request.asg()).append("' ended ").append(r.statusAsString());
        if (r.percentageComplete() != null) {
            sb.append(" at ").append(r.percentageComplete()).append('%');
        }
        if (r.instancesToUpdate() != null) {
            sb.append(" (").append(r.instancesToUpdate()).append(" instances still to update)");
        }
        if (r.statusReason() != null && !r.statusReason().isEmpty()) {
            sb.append(": ").append(withoutFinalStop(r.statusReason()));
        }
        List<Activity> activities = lastActivities();
        if (!activities.isEmpty()) {
            sb.append(". Last scaling activities: ").append(activities.stream().map(a -> "[" + a.statusCodeAsString()
                    + "] " + withoutFinalStop(a.description())
                    + (a.statusMessage() == null || a.statusMessage().isEmpty() ? "" : " (" + a.statusMessage() + ")"))
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        return sb.toString();
    }

    /** A finished Refresh's status as a ledger fate. */
    static String refreshFate(String status) {
        return switch (status) {
            case "RollbackSuccessful" -> "rolled back";
            case "RollbackFailed" -> "rollback failed";
            default -> status.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** AWS's sentences end in a full stop; ours are joined after them. */
    private static String withoutFinalStop(String s) {
        String t = s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private List<Activity> lastActivities() {
        try {
            return call("DescribeScalingActivities", () -> aws.autoScaling().describeScalingActivities(r -> r
                    .autoScalingGroupName(request.asg()).maxRecords(3))).activities();
        } catch (SdkException e) {
            return List.of();
        }
    }

    private Next cleanup(Instant now) {
        if (request.keepImages() > 0) {
            Retention.apply(this, request.keepImages());
        }
        return finish(now, RolloutStatus.SUCCEEDED);
    }

    // ---------------------------------------------------------------------------------------------
    // Failure, timeout, abort

    private void checkDeadlines(Instant now) {
        if (state.phase == Phase.IMAGE_WAIT && state.imageRequestedAt != null
                && !now.isBefore(state.imageRequestedAt.plus(request.imageTimeout()))) {
            stop(RolloutStatus.TIMED_OUT, request.onTimeout(), "Image " + state.imageId + " was not available after "
                    + Durations.words(request.imageTimeout()) + " (imageTimeoutMinutes)");
        } else if (state.phase == Phase.REFRESH_WAIT && state.refreshStartedAt != null
                && !now.isBefore(state.refreshStartedAt.plus(request.rolloutTimeout()))) {
            stop(RolloutStatus.TIMED_OUT, request.onTimeout(), "Instance refresh " + state.refreshId + " of group '"
                    + request.asg() + "' did not finish within " + Durations.words(request.rolloutTimeout())
                    + " (rolloutTimeoutMinutes); last seen " + state.refreshStatus
                    + (state.refreshPercent == null ? "" : " at " + state.refreshPercent + "%")
                    + (state.refreshStatusReason == null ? "" : ": " + state.refreshStatusReason));
        } else if (!now.isBefore(state.deadline)) {
            stop(RolloutStatus.TIMED_OUT, request.onTimeout(), "The rollout of group '" + request.asg()
                    + "' did not finish within " + Durations.words(request.timeout()) + " (timeoutMinutes), during "
                    + state.phase.label());
        }
    }

    /**
     * Going forward: stop and revert. Already reverting: a step that cannot be done is reported, not retried
     * forever, and the rollout finishes with what is known.
     */
    private Next failOrReport(Instant now, String message) {
        if (state.stopping != null) {
            state.failure = state.failure + "; while reverting: " + message;
            return finish(now, state.stopping);
        }
        stop(RolloutStatus.FAILED, Outcome.ROLLBACK, message);
        return Next.again(Duration.ZERO);
    }

    private void stop(RolloutStatus why, Outcome outcome, String message) {
        state.stopping = why;
        state.outcome = outcome;
        state.failure = message;
        listener.info(message);
    }

    private Next revert(Instant now) {
        if (state.phase != Phase.REVERTING) {
            enter(Phase.REVERTING, now, "applying outcome '" + state.outcome.displayName() + "'");
        }
        boolean outOfTime = now.isAfter(state.deadline.plus(REVERT_BUDGET))
                && state.phaseStartedAt.plus(REVERT_BUDGET).isBefore(now);
        // 1. The Refresh: roll back or cancel it and wait until AWS says it stopped.
        if (state.refreshId != null && !state.revertRefreshDone && state.outcome != Outcome.LEAVE) {
            InstanceRefresh r = describeRefresh();
            state.refreshStatus = r.statusAsString();
            state.refreshPercent = r.percentageComplete();
            if (!ACTIVE_REFRESH.contains(r.statusAsString())) {
                state.revertRefreshDone = true;
                state.record("instance refresh", state.refreshId, refreshFate(r.statusAsString()));
            } else if (outOfTime) {
                state.failure += "; the instance refresh was still " + r.statusAsString() + " when reverting ran out of time";
                state.revertRefreshDone = true;
            } else {
                // Already winding down means the request went out before a restart lost the fact; don't ask twice.
                boolean windingDown = r.statusAsString().equals("Cancelling") || r.statusAsString().equals("RollbackInProgress");
                if (!state.revertRefreshRequested && !windingDown) {
                    boolean rollback = state.outcome == Outcome.ROLLBACK && state.writesTemplate && !state.migratesToTemplate
                            && attempt("roll back instance refresh " + state.refreshId, () -> call("RollbackInstanceRefresh",
                                    () -> aws.autoScaling().rollbackInstanceRefresh(q -> q.autoScalingGroupName(request.asg()))));
                    // AWS rolls back only a Refresh that is under way; otherwise cancelling is what is left.
                    boolean stopped = rollback || attempt("cancel instance refresh " + state.refreshId,
                            () -> call("CancelInstanceRefresh", () -> aws.autoScaling().cancelInstanceRefresh(q -> q
                                    .autoScalingGroupName(request.asg()))));
                    state.revertRefreshRequested = true;
                    if (!stopped) {
                        state.revertRefreshDone = true;
                    } else {
                        listener.info((rollback ? "Rolling back" : "Cancelling") + " instance refresh " + state.refreshId);
                    }
                }
                listener.progress(Phase.REVERTING, r.percentageComplete() == null ? -1 : r.percentageComplete(), null,
                        "instance refresh " + state.refreshId + " " + r.statusAsString());
                return Next.again(Duration.ofSeconds(10));
            }
        }
        // 2. The group: back to the configuration it had.
        if ((state.groupUpdated || state.groupPinned) && state.outcome != Outcome.LEAVE && !state.revertGroupDone
                && attempt("point group '" + request.asg() + "' back at " + state.previousConfiguration(),
                        () -> pointGroup(true))) {
            state.revertGroupDone = true;
            state.record("group", request.asg(), "pointed back at " + state.previousConfiguration());
        }
        if (state.defaultMoved && state.outcome != Outcome.LEAVE
                && attempt("make version " + state.defaultVersionBefore + " the default again", () -> call(
                        "ModifyLaunchTemplate", () -> aws.ec2().modifyLaunchTemplate(q -> q.launchTemplateId(state.templateId)
                                .defaultVersion(String.valueOf(state.defaultVersionBefore)))))) {
            state.defaultMoved = false;
        }
        // 3. The source instance always goes back into service.
        if (state.instanceInStandby) {
            attempt("return " + request.instance() + " from Standby", this::returnFromStandby);
        }
        // 4. What nothing uses any more.
        Cleanup.afterRevert(this);
        return finish(now, state.stopping);
    }

    /**
     * One revert step: true when done. A step AWS refuses is noted in the failure and the revert goes on with
     * the next; throttling and transient errors still propagate, so the step is retried after a backoff.
     */
    private boolean attempt(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (SdkException e) {
            if (isRetryable(e)) {
                throw e;
            }
            state.failure = state.failure + "; could not " + what + ": " + describe(e);
            listener.info("Could not " + what + ": " + describe(e));
            return false;
        }
    }

    private void returnFromStandby() {
        call("ExitStandby", () -> aws.autoScaling().exitStandby(r -> r.autoScalingGroupName(request.asg())
                .instanceIds(request.instance())));
        state.instanceInStandby = false;
        state.record("standby", request.instance(), "returned to service");
    }

    private Next reject(Instant now, InvalidRequestException e) {
        state.failure = e.getMessage();
        listener.info("Refused: " + e.getMessage());
        return finish(now, RolloutStatus.REJECTED);
    }

    private Next finish(Instant now, RolloutStatus status) {
        enter(Phase.FINISHED, now, null);
        state.status = status;
        if (status == RolloutStatus.SUCCEEDED) {
            state.failure = null;
            // What was made for the group now serves it.
            for (LedgerEntry e : state.ledger()) {
                if (e.fate().equals("created")) {
                    state.record(e.kind(), e.id(), "in use");
                }
            }
        } else if (status != RolloutStatus.PLANNED && status != RolloutStatus.REJECTED) {
            state.failure = withoutFinalStop(state.failure) + ". " + whereTheGroupIs();
        }
        return Next.finished(result());
    }

    private String whereTheGroupIs() {
        boolean onNew = state.groupUpdated && !state.revertGroupDone;
        return "Group '" + request.asg() + "' is on " + (onNew ? state.newConfiguration() + " (the new configuration)"
                : state.previousConfiguration() + " (its previous configuration)");
    }

    private void enter(Phase phase, Instant now, String detail) {
        if (state.phase != phase) {
            state.phaseDurations.merge(state.phase, Duration.between(state.phaseStartedAt, now), Duration::plus);
        }
        state.phase = phase;
        state.phaseStartedAt = now;
        if (detail != null) {
            listener.phaseStarted(phase, detail);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // AWS reads, shared by the phases and by Retention, Cleanup and TemplateMigration

    <T> T call(String action, Supplier<T> call) {
        state.countCall(action);
        return call.get();
    }

    AwsClients aws() {
        return aws;
    }

    RolloutListener listener() {
        return listener;
    }

    AutoScalingGroup describeGroup() {
        List<AutoScalingGroup> groups = call("DescribeAutoScalingGroups", () -> aws.autoScaling()
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(request.asg()))).autoScalingGroups();
        if (groups.isEmpty()) {
            throw new InvalidRequestException("asg", "there is no Auto Scaling group '" + request.asg() + "' in "
                    + request.region(), "check the group name and the region");
        }
        return groups.get(0);
    }

    private software.amazon.awssdk.services.ec2.model.Instance describeSourceInstance() {
        try {
            var reservations = call("DescribeInstances", () -> aws.ec2().describeInstances(r -> r
                    .instanceIds(request.instance()))).reservations();
            return reservations.stream().flatMap(r -> r.instances().stream()).findFirst()
                    .orElseThrow(() -> missingInstance(null));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code.startsWith("InvalidInstanceID")) {
                throw missingInstance(code);
            }
            throw e;
        }
    }

    private InvalidRequestException missingInstance(String code) {
        if ("InvalidInstanceID.Malformed".equals(code)) {
            return new InvalidRequestException("instance", "'" + request.instance() + "' is not a valid instance id",
                    "use an id such as i-0abc1234def567890");
        }
        return new InvalidRequestException("instance", "there is no instance " + request.instance() + " in "
                + request.region(), "check the id, and that the instance is in the same region as the group");
    }

    LaunchConfiguration describeLaunchConfiguration(String name) {
        LaunchConfiguration lc = findLaunchConfiguration(name);
        if (lc == null) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' names launch configuration '" + name
                    + "', which does not exist", "give the group a configuration that exists");
        }
        return lc;
    }

    LaunchConfiguration findLaunchConfiguration(String name) {
        var found = call("DescribeLaunchConfigurations", () -> aws.autoScaling().describeLaunchConfigurations(r -> r
                .launchConfigurationNames(name))).launchConfigurations();
        return found.isEmpty() ? null : found.get(0);
    }

    LaunchTemplateVersion describeTemplateVersion(String id, String name, String version) {
        try {
            var versions = call("DescribeLaunchTemplateVersions", () -> aws.ec2().describeLaunchTemplateVersions(r -> {
                if (id != null) {
                    r.launchTemplateId(id);
                } else {
                    r.launchTemplateName(name);
                }
                r.versions(version);
            })).launchTemplateVersions();
            if (versions.isEmpty()) {
                throw missingVersion(id != null ? id : name, version);
            }
            return versions.get(0);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code.startsWith("InvalidLaunchTemplate")) {
                throw missingVersion(id != null ? id : name, version);
            }
            throw e;
        }
    }

    private InvalidRequestException missingVersion(String template, String version) {
        return new InvalidRequestException("asg", "group '" + request.asg() + "' uses version " + version
                + " of launch template " + template + ", which does not exist",
                "point the group at an existing template version");
    }

    Image describeImage(String imageId) {
        try {
            var images = call("DescribeImages", () -> aws.ec2().describeImages(r -> r.imageIds(imageId))).images();
            return images.isEmpty() ? null : images.get(0);
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "InvalidAMIID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    private Image findImageByName(String name) {
        var images = call("DescribeImages", () -> aws.ec2().describeImages(r -> r.owners("self")
                .filters(Filter.builder().name("name").values(name).build()))).images();
        return images.isEmpty() ? null : images.get(0);
    }

    private InstanceRefresh activeRefresh() {
        var refreshes = call("DescribeInstanceRefreshes", () -> aws.autoScaling().describeInstanceRefreshes(r -> r
                .autoScalingGroupName(request.asg()).maxRecords(10))).instanceRefreshes();
        return refreshes.stream().filter(r -> ACTIVE_REFRESH.contains(r.statusAsString())).findFirst().orElse(null);
    }

    private InstanceRefresh describeRefresh() {
        var refreshes = call("DescribeInstanceRefreshes", () -> aws.autoScaling().describeInstanceRefreshes(r -> r
                .autoScalingGroupName(request.asg()).instanceRefreshIds(state.refreshId))).instanceRefreshes();
        if (refreshes.isEmpty()) {
            throw new IllegalStateException("instance refresh " + state.refreshId + " of group '" + request.asg()
                    + "' is no longer listed by AWS");
        }
        return refreshes.get(0);
    }

    private void rememberSnapshots(Image image) {
        for (var m : image.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().snapshotId() != null && !state.snapshotIds.contains(m.ebs().snapshotId())) {
                state.snapshotIds.add(m.ebs().snapshotId());
                state.record("snapshot", m.ebs().snapshotId(), "created");
            }
        }
    }

    /** The least-advanced snapshot's progress, or -1 when EC2 does not say yet. */
    private int snapshotProgress() {
        if (state.snapshotIds.isEmpty()) {
            return -1;
        }
        var snapshots = call("DescribeSnapshots", () -> aws.ec2().describeSnapshots(r -> r
                .snapshotIds(state.snapshotIds))).snapshots();
        int min = 100;
        for (var s : snapshots) {
            String p = s.progress() == null ? "0" : s.progress().replace("%", "").trim();
            try {
                min = Math.min(min, Integer.parseInt(p));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return snapshots.isEmpty() ? -1 : min;
    }

    /** Tags for what this rollout creates. */
    List<Tag> tags() {
        Map<String, String> t = new LinkedHashMap<>(request.tags());
        t.put(TAG_GROUP, request.asg());
        t.put(TAG_SOURCE_INSTANCE, request.instance());
        t.put(TAG_CREATED_BY, request.callerReference() != null ? request.callerReference() : "ami-factory");
        t.put(TAG_ROLLOUT, state.rolloutId);
        List<Tag> out = new ArrayList<>();
        t.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    private boolean ours(List<Tag> tags) {
        return tags.stream().anyMatch(t -> TAG_ROLLOUT.equals(t.key()) && state.rolloutId.equals(t.value()));
    }

    private static String label(GroupConfig c) {
        return (c.templateName() != null ? c.templateName() : c.templateId()) + ":" + c.templateVersion();
    }

    /** CreateLaunchConfiguration refused because the account may not create any. */
    private static final class LaunchConfigurationsUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LaunchConfigurationsUnavailable(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Timing

    /** Polls soon while a wait is young, then less often; close to the estimated end when there is one. */
    static Duration pollDelay(Duration elapsed, Duration remaining) {
        Duration byAge = Durations.max(MIN_POLL, elapsed.dividedBy(4));
        Duration delay = remaining == null ? byAge : Durations.min(byAge, remaining.dividedBy(2));
        return Durations.min(MAX_POLL, Durations.max(MIN_POLL, delay));
    }

    /** Exponential backoff with jitter, so that parallel rollouts throttled together do not retry together. */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 2000L << Math.min(attempt - 1, 10));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    static boolean isRetryable(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() >= 500;
        }
        return e instanceof SdkClientException || e.retryable();
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + ": " + ase.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
