package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The lease a rollout holds on its group, as the engine writes it into the group's tag {@value #KEY}:
 * {@code rollout=<id>;until=<instant>;refresh=<id>;by=<holder>} (the refresh only once one was started). The
 * engine's own reader is internal to it; the format is its documented contract with anyone who finds a group
 * left behind.
 *
 * @param value     the tag's value as read, so that only this very lease is removed
 * @param rolloutId the holder's rollout id
 * @param until     when the lease lapses unless renewed; {@link Instant#MAX} when the value names no instant
 * @param refreshId the holder's instance refresh, or null
 * @param holder    who started the rollout, or null
 */
record LeaseTag(String value, String rolloutId, Instant until, String refreshId, String holder) {

    /** The tag key. */
    static final String KEY = "ami-factory:lease";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static LeaseTag parse(String value) {
        Map<String, String> fields = new HashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        Instant until;
        try {
            until = Instant.parse(fields.getOrDefault("until", ""));
        } catch (DateTimeParseException e) {
            // The engine reads such a tag (written by hand) as held until someone looks; so does recover.
            until = Instant.MAX;
        }
        String by = fields.get("by");
        return new LeaseTag(value, fields.getOrDefault("rollout", value), until, fields.get("refresh"),
                by == null || by.isEmpty() ? null : by);
    }

    boolean lapsedAt(Instant now) {
        return now.isAfter(until);
    }

    /** "rollout 1234 by build #7". */
    String who() {
        return "rollout " + rolloutId + (holder == null ? "" : " by " + holder);
    }

    /** When it lapses(d), relative to {@code now}. */
    String when(Instant now) {
        if (until.equals(Instant.MAX)) {
            return "no time (the tag names none)";
        }
        Duration d = Duration.between(now, until).abs();
        return CLOCK.format(until) + " (" + Durations.words(d) + (lapsedAt(now) ? " ago" : " from now") + ")";
    }
}
