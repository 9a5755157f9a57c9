package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * When a wait looks again: rarely while the end is far, shortly after the moment it is predicted, and steadily
 * where AWS gives nothing to predict from. What it remembers between looks is not saved: after a restart a wait
 * learns afresh, at the cost of a few early looks.
 *
 * <p>An Image is predicted from its snapshots: they report 0 % for a while, then move in coarse jumps, so the
 * pace since the last look at 0 % says when they will be done; the Image follows within minutes, and nothing
 * says exactly when, so from then on it is looked at every {@link #TAIL_POLL}. A Refresh is predicted from its
 * percentage (which moves per batch) and, once it bakes, from the bake time: it cannot succeed before the bake
 * time has passed since the last look that did not see it baking.
 */
final class Pace {

    /** The longest pause between two looks: the lease on the group is renewed at a look, and wants one this often. */
    static final Duration MAX_POLL = GroupLease.RENEW_EVERY;
    /** Between two looks at an Image whose snapshots are done: it becomes available any moment. */
    static final Duration TAIL_POLL = Duration.ofSeconds(10);
    /**
     * Near the predicted end of the snapshots (or of a Refresh's last batch before it bakes): a late look only
     * delays the next step, which is itself waited for, so this can be coarser.
     */
    static final Duration APPROACH_POLL = Duration.ofSeconds(20);
    /** Near the predicted end of a Refresh that succeeds without baking, and while a bake may be ending. */
    static final Duration END_POLL = Duration.ofSeconds(10);

    /**
     * Where progress is timed from: the last look at an Image's snapshots at 0 %, or the Refresh's start; null for
     * the start of the wait.
     */
    private Instant from;
    /** The previous look. */
    private Instant lastLookAt;
    /** The highest percentage seen so far. */
    private int percent;
    /** When that percentage was probably reached: half way between the look that first saw it and the one before. */
    private Instant percentAt;
    /** When the Image's snapshots were first seen complete, or null before. */
    private Instant snapshotsDoneAt;
    /** The last look that saw the Refresh not yet baking: the bake began after it. */
    private Instant notBakingSeenAt;

    /** Whether the Image's snapshots have been seen complete, so that only the Image itself is left to look at. */
    boolean snapshotsDone() {
        return snapshotsDoneAt != null;
    }

    /** After a look at a pending Image whose snapshots are {@code percent} done (-1 when EC2 does not say). */
    Duration image(Instant requestedAt, Instant now, int percent, boolean snapshotsComplete) {
        if (snapshotsComplete && snapshotsDoneAt == null) {
            snapshotsDoneAt = now;
        }
        if (snapshotsDoneAt != null) {
            return TAIL_POLL;
        }
        if (percent <= 0) {
            // Snapshots sit at 0 % while EC2 prepares them; that time says nothing about their pace.
            from = now;
        }
        return byProgress(requestedAt, now, percent, APPROACH_POLL);
    }

    /** After a look at a running Refresh. */
    Duration refresh(RefreshSettings settings, Instant startedAt, Instant now, String status, int percent) {
        Duration bake = settings.bakeTime() == null ? Duration.ZERO : settings.bakeTime();
        if ("Baking".equals(status)) {
            lastLookAt = now;
            if (notBakingSeenAt == null) {
                return towards(now, now.plus(bake), END_POLL);
            }
            Duration untilEarliest = Duration.between(now, notBakingSeenAt.plus(bake)).plusSeconds(1);
            return Durations.max(END_POLL, untilEarliest);
        }
        notBakingSeenAt = now;
        from = startedAt;
        if (percent <= 0) {
            // No replacement is done before its warm-up is over.
            Duration warmup = settings.instanceWarmup() == null ? Duration.ZERO : settings.instanceWarmup();
            Duration untilWarm = Duration.between(now, startedAt.plus(warmup));
            return Durations.max(byProgress(startedAt, now, percent, END_POLL), untilWarm);
        }
        return byProgress(startedAt, now, percent, bake.isZero() ? END_POLL : APPROACH_POLL);
    }

    /**
     * Without progress, looks that thin out as the wait grows (the next after as long as waited so far); with it,
     * towards the moment the pace since {@link #from} predicts, and thinning out again once that moment has
     * passed without the end (the prediction was early, and the next news may be far); never further ahead than
     * half the time waited so far.
     */
    private Duration byProgress(Instant start, Instant now, int seen, Duration near) {
        Instant previous = lastLookAt;
        lastLookAt = now;
        if (seen > percent) {
            percent = seen;
            percentAt = previous == null ? now : previous.plus(Duration.between(previous, now).dividedBy(2));
        }
        Instant origin = from != null ? from : start;
        if (seen <= 0 || !percentAt.isAfter(origin)) {
            return clamp(Duration.between(start, now), Polling.MIN_POLL, MAX_POLL);
        }
        if (percent >= 100) {
            return near;
        }
        Instant eta = origin.plus(Duration.between(origin, percentAt).multipliedBy(100).dividedBy(percent));
        Duration delay = eta.isAfter(now) ? towards(now, eta, near)
                : clamp(Duration.between(eta, now).dividedBy(2), near, MAX_POLL);
        // A prediction from a little progress is a guess: it never sends a look further than half the time so far.
        return Durations.max(near, Durations.min(delay, Duration.between(start, now).dividedBy(2)));
    }

    /**
     * A third of the way to {@code eta} each time, then every {@code near}: a prediction from coarse progress is
     * often off by half, so it is checked and refined as it nears rather than trusted.
     */
    static Duration towards(Instant now, Instant eta, Duration near) {
        Duration left = Duration.between(now, eta);
        return clamp(left.dividedBy(3), near, MAX_POLL);
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return Durations.min(max, Durations.max(min, d));
    }
}
