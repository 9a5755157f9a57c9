package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.Lease;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The lease a cut-off rollout left on its group ({@link Lease}, as the engine writes it), with the tag's value
 * as read, so that only this very lease is removed.
 *
 * @param value the tag's value as read
 * @param lease what it says
 */
record LeaseTag(String value, Lease lease) {

    /** The tag key. */
    static final String KEY = Lease.TAG;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static LeaseTag parse(String value) {
        return new LeaseTag(value, Lease.parse(value));
    }

    String refreshId() {
        return lease.refreshId();
    }

    boolean lapsedAt(Instant now) {
        return lease.lapsedAt(now);
    }

    /** "rollout 1234 by build #7". */
    String who() {
        return lease.describe();
    }

    /** When it lapses(d), relative to {@code now}. */
    String when(Instant now) {
        Instant until = lease.until();
        if (until.equals(Instant.MAX)) {
            return "no time (the tag names none)";
        }
        Duration d = Duration.between(now, until).abs();
        return CLOCK.format(until) + " (" + Durations.words(d) + (lapsedAt(now) ? " ago" : " from now") + ")";
    }
}
