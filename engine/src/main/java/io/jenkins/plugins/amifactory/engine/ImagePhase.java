package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Standby and Image: puts a group member that reboots for its Image in Standby (so Auto Scaling does not
 * replace it meanwhile), makes the Image once (a resumed rollout finds it by name and this rollout's tag),
 * waits until it is available with progress from its snapshots, and returns the instance to service. A given
 * Image (made by another rollout, or copied into this region) is only waited for.
 */
final class ImagePhase {

    /** The ledger's fate of a given Image: this rollout did not make it and never removes it. */
    static final String GIVEN = "given (made before this rollout, which never removes it)";

    private final RolloutContext ctx;
    private final RolloutRequest request;
    private final RolloutState state;

    ImagePhase(RolloutContext ctx) {
        this.ctx = ctx;
        this.request = ctx.request;
        this.state = ctx.state;
    }

    Next run(Instant now) {
        return switch (state.phase) {
            case STANDBY -> standby(now);
            case IMAGE_CREATE -> create(now);
            case IMAGE_WAIT -> await(now);
            default -> throw new IllegalStateException("not an Image phase: " + state.phase);
        };
    }

    /** What the listener hears when the Image is about to be made. */
    static String creating(RolloutContext ctx) {
        return "creating Image '" + ctx.state.image.name + "' from " + ctx.request.instance()
                + (ctx.request.image().reboot() ? " (with reboot)" : " (no reboot)");
    }

    /**
     * Starts waiting for the given Image, as for one this rollout had just asked for: the Image deadline counts
     * from here.
     */
    static Next useGiven(RolloutContext ctx, Instant now) {
        RolloutState state = ctx.state;
        state.image.id = ctx.request.givenImage();
        state.image.requestedAt = now;
        state.pace = new Pace();
        state.record("image", state.image.id, GIVEN);
        ctx.enter(Phase.IMAGE_WAIT, now, "using the given Image " + state.image.id + " ('" + state.image.name
                + "'); waiting for it to be available");
        return Next.again(Duration.ZERO);
    }

    private Next standby(Instant now) {
        Instance member = ctx.aws.describeGroup().instances().stream()
                .filter(i -> i.instanceId().equals(request.instance())).findFirst().orElse(null);
        if (member == null) {
            throw new InvalidRequestException("instance", "instance " + request.instance() + " left group '"
                    + request.asg() + "'", "run the rollout again with an instance of the group");
        }
        String lifecycle = member.lifecycleStateAsString();
        if ("Standby".equals(lifecycle)) {
            state.image.instanceInStandby = true;
            state.record("standby", request.instance(), "in standby");
            ctx.enter(Phase.IMAGE_CREATE, now, creating(ctx));
            return Next.again(Duration.ZERO);
        }
        if (!lifecycle.startsWith("EnteringStandby")) {
            ctx.aws.call("EnterStandby", () -> ctx.aws.autoScaling().enterStandby(r -> r
                    .autoScalingGroupName(request.asg()).instanceIds(request.instance())
                    .shouldDecrementDesiredCapacity(true)));
            state.image.instanceInStandby = true;
            state.record("standby", request.instance(), "entering standby");
        }
        return Next.again(Polling.FIRST_POLL);
    }

    private Next create(Instant now) {
        Image existing = ctx.aws.findImageByName(state.image.name);
        if (existing != null && ctx.ours(existing.tags())) {
            ctx.listener.info("Found Image " + existing.imageId() + " from an earlier attempt of this rollout; using it");
            state.image.id = existing.imageId();
        } else {
            List<Tag> tags = ctx.tags();
            ImageSettings settings = request.image();
            state.image.id = ctx.aws.call("CreateImage", () -> ctx.aws.ec2().createImage(r -> r
                    .instanceId(request.instance())
                    .name(state.image.name)
                    .description(settings.description() != null ? settings.description()
                            : "AMI Factory: " + request.instance() + " for group " + request.asg())
                    .noReboot(!settings.reboot())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE).tags(tags).build(),
                            TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags).build()))).imageId();
        }
        state.image.requestedAt = now;
        state.pace = new Pace();
        state.record("image", state.image.id, "created");
        ctx.enter(Phase.IMAGE_WAIT, now, "waiting for Image " + state.image.id + " to become available");
        return Next.again(Polling.FIRST_POLL);
    }

    private Next await(Instant now) {
        Deadlines d = request.deadlines();
        boolean overdue = Polling.imageOverdue(state, d, now) || Polling.rolloutOverdue(state, now);
        AwsLookups.Snapshots snapshots = null;
        if (!overdue && !state.image.snapshotIds.isEmpty() && !state.pace().snapshotsDone()) {
            // The Image cannot be available before its snapshots are: until they are done (or fail), only they
            // are looked at. A look past a deadline is always at the Image itself.
            snapshots = ctx.aws.snapshots();
            if (snapshots.percent() >= 0 && !snapshots.complete() && !snapshots.failed()) {
                return stillPending(now, snapshots);
            }
        }
        Image image = ctx.aws.describeImage(state.image.id);
        if (image == null) {
            return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK, "the Image disappeared",
                    "Image " + state.image.id + " disappeared while pending");
        }
        rememberSnapshots(image);
        switch (image.stateAsString()) {
            case "available" -> {
                ctx.listener.progress(Phase.IMAGE_WAIT, 100, Duration.ZERO, "Image " + state.image.id + " is available");
                if (state.image.instanceInStandby) {
                    returnFromStandby(ctx);
                }
                ctx.enter(Phase.CONFIG_WRITE, now, "writing the next " + (state.written.template
                        ? "launch template version" : "launch configuration") + " for group '" + request.asg() + "'");
                return Next.again(Duration.ZERO);
            }
            case "pending" -> {
                if (snapshots == null) {
                    snapshots = state.pace().snapshotsDone() ? new AwsLookups.Snapshots(100, true, false)
                            : ctx.aws.snapshots();
                }
                int percent = snapshots.percent();
                String seen = "still pending at " + Polling.clock(now)
                        + (percent >= 0 ? ", its snapshots " + percent + "% done" : "");
                if (Polling.imageOverdue(state, d, now)) {
                    return ctx.stopNow(RolloutStatus.TIMED_OUT, d.onTimeout(), "the Image was not ready in time",
                            "Image " + state.image.id + " was not available after " + Durations.words(d.image()) + " (imageTimeoutMinutes): " + seen);
                }
                if (Polling.rolloutOverdue(state, now)) {
                    return ctx.stopNow(RolloutStatus.TIMED_OUT, d.onTimeout(), "it ran out of time",
                            "The rollout of group '" + request.asg()
                            + "' did not finish within " + Durations.words(d.overall()) + " (timeoutMinutes), during "
                            + state.phase.label() + ": Image " + state.image.id + " " + seen);
                }
                return stillPending(now, snapshots);
            }
            default -> {
                String reason = image.stateReason() == null ? "" : ": " + image.stateReason().message();
                return ctx.stopNow(RolloutStatus.FAILED, StopAction.ROLLBACK, "the Image failed",
                        "Image " + state.image.id + " is "
                        + image.stateAsString() + reason);
            }
        }
    }

    /** Reports a pending Image and says when to look again. */
    private Next stillPending(Instant now, AwsLookups.Snapshots snapshots) {
        Duration elapsed = Duration.between(state.image.requestedAt, now);
        Duration remaining = Polling.remaining(elapsed, snapshots.percent());
        ctx.listener.progress(Phase.IMAGE_WAIT, snapshots.percent(), remaining, "Image " + state.image.id + " pending");
        return Next.again(state.pace().image(state.image.requestedAt, now, snapshots.percent(), snapshots.complete()));
    }

    private void rememberSnapshots(Image image) {
        for (var m : image.blockDeviceMappings()) {
            String id = m.ebs() == null ? null : m.ebs().snapshotId();
            if (id != null && !state.image.snapshotIds.contains(id)) {
                state.image.snapshotIds.add(id);
                if (request.givenImage() == null) {
                    // A given Image's snapshots are not this rollout's: they are followed, never in its ledger.
                    state.record("snapshot", id, "created");
                }
            }
        }
    }

    /** Puts the source instance back into service: after its Image, and in every revert. */
    static void returnFromStandby(RolloutContext ctx) {
        ctx.aws.call("ExitStandby", () -> ctx.aws.autoScaling().exitStandby(r -> r
                .autoScalingGroupName(ctx.request.asg()).instanceIds(ctx.request.instance())));
        ctx.state.image.instanceInStandby = false;
        ctx.state.record("standby", ctx.request.instance(), "returned to service");
    }
}
