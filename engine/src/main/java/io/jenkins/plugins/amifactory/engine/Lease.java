package io.jenkins.plugins.amifactory.engine;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rollout's lease on its Auto Scaling group as the group's tag {@value #TAG} carries it:
 * {@code rollout=<id>;until=<instant>;refresh=<id>;by=<holder>} (the refresh once one was started). The engine
 * holds and honours it (one rollout per group at a time); the format is public so that whoever finds a group
 * left behind by a cut-off rollout (the command line's {@code recover}) reads it the same way.
 *
 * @param rolloutId the holder's rollout id
 * @param holder    who started it (a build, a user), for messages; null when the tag names nobody
 * @param until     when it stops counting unless renewed; {@link Instant#MAX} when the tag names no instant
 * @param refreshId the holder's Refresh once started, so that whoever takes over can stop it
 */
public record Lease(String rolloutId, String holder, Instant until, String refreshId) {

    /** The tag key. */
    public static final String TAG = "ami-factory:lease";

    /** The tag value, at most the 256 characters AWS allows. */
    public String value() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("rollout", rolloutId);
        v.put("until", until.toString());
        if (refreshId != null) {
            v.put("refresh", refreshId);
        }
        // Last and cut to size: only the holder's name can be long.
        v.put("by", holder == null ? "" : holder.replace(';', ','));
        StringBuilder sb = new StringBuilder();
        v.forEach((k, x) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(x));
        return sb.length() <= 256 ? sb.toString() : sb.substring(0, 256);
    }

    public static Lease parse(String value) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                v.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        Instant until;
        try {
            until = Instant.parse(v.getOrDefault("until", ""));
        } catch (DateTimeParseException e) {
            // A tag someone wrote by hand: it holds the group until someone looks.
            until = Instant.MAX;
        }
        String by = v.get("by");
        return new Lease(v.getOrDefault("rollout", value), by == null || by.isEmpty() ? null : by, until,
                v.get("refresh"));
    }

    /** Whether its holder stopped renewing it: it was cut off, and the group may be taken over. */
    public boolean lapsedAt(Instant now) {
        return now.isAfter(until);
    }

    /** The holder in words, for messages: "rollout 1234 by web-deploy#7". */
    public String describe() {
        return "rollout " + rolloutId + (holder == null ? "" : " by " + holder);
    }
}
