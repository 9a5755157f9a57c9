package io.jenkins.plugins.amifactory.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A limit on Describe calls shared by every caller of the account, per service, as AWS applies one: a token
 * bucket that holds a second's worth of calls and refills in simulated time. A call that finds it empty is
 * throttled. Guarded by {@link Faults}' lock.
 */
final class DescribeLimit {

    private final double perSecond;
    private final Supplier<Instant> clock;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private long throttled;

    private static final class Bucket {
        double tokens;
        Instant at;
    }

    DescribeLimit(double perSecond, Supplier<Instant> clock) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a limit must be positive, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Whether a Describe call of {@code service} may go through now; takes its token if so. */
    boolean admit(String service) {
        Instant now = clock.get();
        Bucket b = buckets.computeIfAbsent(service, s -> {
            Bucket fresh = new Bucket();
            fresh.tokens = perSecond;
            fresh.at = now;
            return fresh;
        });
        double refill = Math.max(0, Duration.between(b.at, now).toNanos() / 1e9) * perSecond;
        b.tokens = Math.min(perSecond, b.tokens + refill);
        b.at = now.isAfter(b.at) ? now : b.at;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        throttled++;
        return false;
    }

    long throttled() {
        return throttled;
    }
}
