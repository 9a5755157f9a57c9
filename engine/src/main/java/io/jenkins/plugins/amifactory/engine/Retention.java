package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Image;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Keeps the newest N Images this tool made for the group and removes older ones with their snapshots, the
 * launch configurations this tool made for them, and the template versions this tool wrote around them that
 * nothing names. A {@link RetentionScan} decides first ({@link RetentionDecision} says how the tool's own are
 * told from look-alikes); an Image goes only when nothing in the region still references it (a group, a
 * launch configuration, any launch template version, also through a {@code resolve:ssm:} parameter, or an
 * instance, running or stopped) and no other account may launch it.
 *
 * <p>Retention is its own paced step: at most {@link #CALLS_PER_POLL} AWS calls a poll, every listing paged,
 * so that a large account costs more polls, never a long poll that holds up other rollouts or spends the
 * account's Describe allowance in a burst. It is housekeeping: a failure here is reported in the ledger and the
 * log and never fails a rollout that succeeded; an abort or the rollout's deadline ends it where it is.
 */
final class Retention {

    /** AWS calls retention makes at most in one poll. */
    static final int CALLS_PER_POLL = 10;
    /** The pause between two polls of retention. */
    static final Duration PACE = Duration.ofSeconds(2);
    /** References named per kept Image in a plan; the rest are counted. */
    private static final int REASONS_SHOWN = 5;

    private final RolloutContext ctx;

    Retention(RolloutContext ctx) {
        this.ctx = ctx;
    }

    /** What the listener hears when the cleanup phase begins. */
    static String announcement(RolloutRequest request) {
        return "applying retention (keep " + request.image().keepImages() + " Images)";
    }

    /**
     * Retention's progress, in memory only: the scan and the removals still to make. A rollout resumed after a
     * restart scans again, which finds what is left as it is now.
     */
    static final class Work {
        final RetentionScan scan;
        RetentionDecision decision;
        /** One AWS call each; a step answers whether it made one. */
        final Deque<BooleanSupplier> removals = new ArrayDeque<>();
        /** Candidates that must stay after all, because a removal they depend on failed. */
        final Set<String> blocked = new HashSet<>();
        int images;
        int snapshots;
        int configurations;
        int versions;

        Work(RetentionScan scan) {
            this.scan = scan;
        }
    }

    /** The cleanup phase of a rollout that succeeded: up to {@link #CALLS_PER_POLL} calls of retention. */
    Next run(Instant now) {
        int keep = ctx.request.image().keepImages();
        if (keep <= 0) {
            return ctx.finish(now, RolloutStatus.SUCCEEDED);
        }
        Work work = ctx.state.retention;
        if (work == null) {
            work = new Work(new RetentionScan(ctx.request.asg(), ctx.state.written.templateId, ctx.state.image.id, keep));
            ctx.state.retention = work;
        }
        if (ctx.state.retentionCut) {
            return stopped(ctx, now, "the rollout was aborted");
        }
        if (Polling.rolloutOverdue(ctx.state, now)) {
            return stopped(ctx, now, "the rollout's time (timeoutMinutes) is up");
        }
        try {
            for (int calls = 0; calls < CALLS_PER_POLL; ) {
                if (!work.scan.done()) {
                    work.scan.next(ctx.aws);
                    calls++;
                } else if (work.decision == null) {
                    work.decision = work.scan.decision();
                    queueRemovals(work);
                } else if (work.removals.isEmpty()) {
                    return finished(now, work);
                } else {
                    BooleanSupplier removal = work.removals.poll();
                    try {
                        calls += removal.getAsBoolean() ? 1 : 0;
                    } catch (SdkException e) {
                        work.removals.addFirst(removal);
                        throw e;
                    }
                }
            }
        } catch (SdkException e) {
            if (AwsErrors.isRetryable(e)) {
                // Rollout backs off and calls again, a bounded number of times; the step that failed is still next.
                throw e;
            }
            return stopped(ctx, now, AwsErrors.describe(e));
        }
        return Next.again(PACE);
    }

    /** Retention given up (AWS refused, retries ran out, an abort, the deadline): the rollout still succeeded. */
    static Next stopped(RolloutContext ctx, Instant now, String why) {
        ctx.listener.info("Retention stopped: " + why + "; what it had not removed yet is left for a later rollout");
        ctx.state.retention = null;
        return ctx.finish(now, RolloutStatus.SUCCEEDED);
    }

    private Next finished(Instant now, Work work) {
        int kept = work.decision.keptBecause().size() + work.blocked.size();
        List<String> removed = new ArrayList<>();
        count(removed, work.images, "Image");
        count(removed, work.snapshots, "snapshot");
        count(removed, work.configurations, "launch configuration");
        count(removed, work.versions, "template version");
        String stays = kept == 0 ? "" : "; " + kept + (kept == 1 ? " older Image stays because something still uses it"
                : " older Images stay because something still uses them");
        ctx.listener.info((removed.isEmpty() ? "Retention: nothing to remove" : "Retention removed " + String.join(", ", removed))
                + stays);
        ctx.state.retention = null;
        return ctx.finish(now, RolloutStatus.SUCCEEDED);
    }

    private static void count(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what + (n == 1 ? "" : "s"));
        }
    }

    /** Template versions first, then launch configurations: an Image goes only once nothing of the tool names it. */
    private void queueRemovals(Work work) {
        RetentionDecision d = work.decision;
        List<Long> versions = new ArrayList<>(d.versionsToPrune().keySet());
        for (int from = 0; from < versions.size(); from += TemplateVersionPruning.PER_CALL) {
            List<Long> batch = versions.subList(from, Math.min(versions.size(), from + TemplateVersionPruning.PER_CALL));
            work.removals.add(() -> {
                Set<Long> left = new TemplateVersionPruning(ctx).delete(d.templateId(), batch);
                work.versions += batch.size() - left.size();
                left.forEach(v -> work.blocked.add(d.versionsToPrune().get(v)));
                return true;
            });
        }
        d.configurationsToDelete().forEach((name, imageId) -> work.removals.add(() -> {
            if (remove("launch configuration", name, "deleted by retention", () -> ctx.aws.call("DeleteLaunchConfiguration", () -> ctx.aws
                    .autoScaling().deleteLaunchConfiguration(r -> r.launchConfigurationName(name))))) {
                work.configurations++;
            } else {
                work.blocked.add(imageId);
            }
            return true;
        }));
        for (Image image : d.candidates().values()) {
            if (d.removes(image)) {
                work.removals.add(() -> deregister(work, image));
            }
        }
    }

    private boolean deregister(Work work, Image image) {
        if (work.blocked.contains(image.imageId())) {
            ctx.state.record("image", image.imageId(), "kept, as retention could not remove what names it");
            return false;
        }
        if (remove("image", image.imageId(), "deregistered by retention", () -> ctx.aws.call("DeregisterImage", () -> ctx.aws.ec2()
                .deregisterImage(r -> r.imageId(image.imageId()))))) {
            work.images++;
            // Only after the Image is gone: a snapshot an Image still lists cannot be deleted.
            for (String id : work.decision.snapshotsOf(image)) {
                work.removals.addFirst(() -> {
                    if (remove("snapshot", id, "deleted by retention", () -> ctx.aws.call("DeleteSnapshot", () -> ctx.aws.ec2()
                            .deleteSnapshot(r -> r.snapshotId(id))))) {
                        work.snapshots++;
                    }
                    return true;
                });
            }
        }
        return true;
    }

    /**
     * One removal, with its fate in the ledger; false when AWS refused it. Throttling and other transient
     * errors are thrown, so that the call is made again after a backoff.
     */
    private boolean remove(String kind, String id, String fate, Runnable call) {
        try {
            call.run();
            ctx.state.record(kind, id, fate);
            return true;
        } catch (SdkException e) {
            if (AwsErrors.isRetryable(e)) {
                throw e;
            }
            ctx.state.record(kind, id, "left behind: " + AwsErrors.describe(e));
            ctx.listener.info("Could not remove " + kind + " " + id + ": " + AwsErrors.describe(e));
            return false;
        }
    }

    /**
     * The plan's account of retention after this rollout, which adds one Image unless {@code addsImage} is
     * false (a given Image): what would go, why each other old Image would stay, and which Images tagged for
     * the group are left alone as not the tool's. Describe calls only, all in the plan's one step.
     */
    List<String> preview(int keep, boolean addsImage) {
        RetentionScan scan = new RetentionScan(ctx.request.asg(), ctx.state.written.templateId, null,
                Math.max(0, addsImage ? keep - 1 : keep));
        while (!scan.done()) {
            scan.next(ctx.aws);
        }
        RetentionDecision d = scan.decision();
        List<String> lines = new ArrayList<>();
        for (Image image : d.candidates().values()) {
            String what = image.imageId() + " (" + image.name() + ", " + image.creationDate() + ")";
            lines.add(d.removes(image) ? "would remove " + what + " with " + d.snapshotsOf(image).size() + " snapshots"
                    : "keeps " + what + ": " + reasons(d.keptBecause().get(image.imageId())));
        }
        d.configurationsToDelete().keySet().forEach(name -> lines.add("would remove launch configuration " + name));
        d.versionsToPrune().keySet().forEach(v -> lines.add("would remove version " + v + " of launch template " + d.templateId()));
        d.notMadeHere().forEach((id, why) -> lines.add("leaves " + id + " alone: tagged for '" + ctx.request.asg()
                + "', but " + why));
        return lines;
    }

    private static String reasons(List<String> all) {
        List<String> shown = all.subList(0, Math.min(all.size(), REASONS_SHOWN));
        return String.join("; ", shown) + (all.size() > shown.size() ? "; and " + (all.size() - shown.size()) + " more" : "");
    }
}
