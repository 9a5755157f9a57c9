package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to look again, and when time is up: the first poll, polls that thin out as a wait grows old, the
 * Refresh's floor, backoff after throttling, and the deadline arithmetic. Pure functions of the request,
 * the state and the time, so a resumed rollout keeps the same rhythm.
 */
final class Polling {

    static final Duration FIRST_POLL = Duration.ofSeconds(5);
    static final Duration MIN_POLL = Duration.ofSeconds(5);
    static final Duration MAX_POLL = Duration.ofSeconds(60);
    static final Duration MIN_REFRESH_POLL = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(120);
    /**
     * How many times in a row one call may fail with a 5xx, a time-out or an unreachable endpoint before the
     * rollout stops trying it: with the backoff, about four to eight minutes, long enough for a brief outage.
     */
    static final int MAX_CONSECUTIVE_ERRORS = 8;
    /**
     * The same for throttling, which is AWS asking to slow down rather than failing: about half an hour to an
     * hour of backing off before the rollout gives up on the call.
     */
    static final int MAX_CONSECUTIVE_THROTTLES = 30;
    /** How often a revert looks at a Refresh it asked AWS to stop. */
    static final Duration REVERT_POLL = Duration.ofSeconds(10);
    /** How long reverting may take after the deadline that caused it before the rollout gives up and reports. */
    static final Duration REVERT_BUDGET = Duration.ofMinutes(30);

    private Polling() {
    }

    /** Polls soon while a wait is young, then less often; close to the estimated end when there is one. */
    static Duration pollDelay(Duration elapsed, Duration remaining) {
        Duration byAge = Durations.max(MIN_POLL, elapsed.dividedBy(4));
        Duration delay = remaining == null ? byAge : Durations.min(byAge, remaining.dividedBy(2));
        return Durations.min(MAX_POLL, Durations.max(MIN_POLL, delay));
    }

    /** The time still to go if progress keeps its pace so far, or null while it says nothing (0 or 100 %). */
    static Duration remaining(Duration elapsed, int percent) {
        return percent > 0 && percent < 100 ? elapsed.multipliedBy(100 - percent).dividedBy(percent) : null;
    }

    /**
     * The next look at a running Refresh: no replacement finishes faster than an instance launches and warms
     * up, so never sooner than a quarter of the warm-up (and at least {@link #MIN_REFRESH_POLL}).
     */
    static Duration refreshPoll(RefreshSettings settings, Duration elapsed, Duration remaining) {
        Duration floor = settings.instanceWarmup() == null ? MIN_REFRESH_POLL
                : Durations.max(MIN_REFRESH_POLL, Durations.min(MAX_POLL, settings.instanceWarmup().dividedBy(4)));
        return Durations.max(floor, pollDelay(elapsed, remaining));
    }

    /** Exponential backoff with jitter, so that parallel rollouts throttled together do not retry together. */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 2000L << Math.min(attempt - 1, 10));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    /** The Image's own deadline has passed: only a fresh look that finds it still pending makes that a timeout. */
    static boolean imageOverdue(RolloutState s, Deadlines d, Instant now) {
        return s.image.requestedAt != null && !now.isBefore(s.image.requestedAt.plus(d.image()));
    }

    /** The Refresh's own deadline has passed: only a fresh look that finds it still running makes that a timeout. */
    static boolean refreshOverdue(RolloutState s, Deadlines d, Instant now) {
        return s.refresh.startedAt != null && !now.isBefore(s.refresh.startedAt.plus(d.refresh()));
    }

    /**
     * The overall deadline has passed. Not for a rollout that was held: whoever held it (a fleet) owns the
     * deadline from then on, and a release after a long hold still runs the cleanup.
     */
    static boolean rolloutOverdue(RolloutState s, Instant now) {
        return !s.wasHeld() && !now.isBefore(s.deadline);
    }

    /**
     * Whether the overall deadline may stop the rollout before this phase's step. Only before a step that
     * changes something: a wait judges after it has looked (a Refresh seen Successful is a success whenever
     * it is seen), a held rollout waits for whoever holds it, and the cleanup of a rollout that succeeded never
     * turns it into a timeout.
     */
    static boolean deadlineStopsBefore(Phase phase) {
        return switch (phase) {
            case PREFLIGHT, STANDBY, IMAGE_CREATE, CONFIG_WRITE, GROUP_UPDATE, REFRESH_START -> true;
            case IMAGE_WAIT, REFRESH_WAIT, HELD, CLEANUP, REVERTING, FINISHED -> false;
        };
    }

    /**
     * A revert has had its budget past the overall deadline and since it began: it stops and reports what it
     * knows, so that a revert is bounded whatever AWS does. A held rollout's deadline has passed long ago when
     * it is rolled back, and its revert may run a whole Refresh back: it has the Refresh's own time for that
     * (at least the budget), from when the revert began.
     */
    static boolean revertOutOfTime(RolloutState s, Deadlines d, Instant now) {
        if (s.wasHeld()) {
            return s.phaseStartedAt.plus(revertBudget(s, d)).isBefore(now);
        }
        return now.isAfter(s.deadline.plus(REVERT_BUDGET)) && s.phaseStartedAt.plus(REVERT_BUDGET).isBefore(now);
    }

    /** How long a revert may take once it began (see {@link #revertOutOfTime}). */
    static Duration revertBudget(RolloutState s, Deadlines d) {
        return s.wasHeld() ? Durations.max(REVERT_BUDGET, d.refresh()) : REVERT_BUDGET;
    }

    /** A time as the messages show it, to the second, in UTC. */
    static String clock(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC)
                .format(t);
    }
}
