package io.jenkins.plugins.amifactory.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Per-action fault injection and call counters. A rule names an action ({@code CreateImage}, or qualified
 * {@code ec2:CreateImage}, or {@code *}) and what to do to its next calls: throttle, fail with 500 or 503,
 * answer slowly, or drop the connection. Counters count every call that reached the simulator, faulted or
 * not. Thread-safe: the HTTP layer consults it before taking the world's lock.
 */
public final class Faults {

    /** What an injected fault does to a call. */
    public enum Kind {
        /** EC2 {@code RequestLimitExceeded} (503), Auto Scaling {@code Throttling} (400). */
        THROTTLE,
        /** 500 {@code InternalError} / {@code InternalFailure}. */
        INTERNAL_ERROR,
        /** 503 {@code Unavailable} / {@code ServiceUnavailable}. */
        UNAVAILABLE,
        /** Answers normally, after a delay. */
        SLOW,
        /** Closes the connection without an answer. */
        DROP,
        /** 502 with an HTML page and no AWS error, as a proxy or load balancer in front of AWS answers. */
        BAD_GATEWAY,
        /** 403 {@code UnauthorizedOperation} / {@code AccessDenied}: the credentials lack the permission. */
        ACCESS_DENIED
    }

    /**
     * One rule.
     *
     * @param action      action name, {@code service:Action}, or {@code *}
     * @param kind        what happens
     * @param remaining   how many more calls it hits; negative for every call
     * @param probability chance that a matching call is hit (1 = always)
     * @param delay       for {@link Kind#SLOW}, how long the answer waits (in real time), at most
     *                    {@link #MAX_DELAY}
     */
    public record Rule(String action, Kind kind, int remaining, double probability, Duration delay) {
        public Rule {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("a rule's delay must be from 0 to " + MAX_DELAY.toSeconds()
                        + " s (a slow answer holds one of the simulator's workers), was " + delay.toMillis() + " ms");
            }
        }

        boolean matches(String service, String actionName) {
            return "*".equals(action) || action.equals(actionName) || action.equals(service + ":" + actionName);
        }
    }

    /**
     * The longest a {@link Kind#SLOW} answer waits. Each waiting answer holds one of the server's few
     * workers, and a client's own timeouts end sooner anyway.
     */
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Set<String>> byProduct = new TreeMap<>();
    private final Random random;
    /** The account's shared limit on Describe calls, or null for none. */
    private DescribeLimit describeLimit;

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    public synchronized void add(Rule rule) {
        rules.add(rule);
    }

    /**
     * Throttles Describe calls above {@code perSecond} per service, shared by every caller, measured on
     * {@code clock} (the world's simulated time), as AWS throttles an account: EC2 answers
     * {@code RequestLimitExceeded}, Auto Scaling {@code Throttling}. Off unless set.
     */
    public synchronized void limitDescribeCalls(double perSecond, Supplier<Instant> clock) {
        describeLimit = new DescribeLimit(perSecond, clock);
    }

    /** How many calls the Describe limit throttled. */
    public synchronized long throttledByLimit() {
        return describeLimit == null ? 0 : describeLimit.throttled();
    }

    public synchronized void clear() {
        rules.clear();
    }

    public synchronized List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Suffix of the counter of an action's DryRun calls, which check permissions and change nothing. */
    public static final String DRY_RUN = " (dry run)";

    /** Counts the call and returns the fault to apply to it, if any. */
    public synchronized Rule onCall(String service, String action, boolean dryRun) {
        return onCall(service, action, dryRun, null);
    }

    /**
     * The same, also noting the calling product: the first word of the User-Agent (the AWS SDK puts a caller's
     * prefix there), so that a test can tell a tool's calls from its own set-up calls.
     */
    public synchronized Rule onCall(String service, String action, boolean dryRun, String userAgent) {
        String product = userAgent == null || userAgent.isBlank() ? "" : userAgent.strip().split("[ /]", 2)[0];
        byProduct.computeIfAbsent(product, p -> new TreeSet<>()).add(service + ":" + action);
        calls.merge(service + ":" + action + (dryRun ? DRY_RUN : ""), 1L, Long::sum);
        if (describeLimit != null && action.startsWith("Describe") && !describeLimit.admit(service)) {
            return new Rule(service + ":" + action, Kind.THROTTLE, 1, 1, Duration.ZERO);
        }
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (!r.matches(service, action) || (r.probability < 1 && random.nextDouble() >= r.probability)) {
                continue;
            }
            if (r.remaining > 0) {
                int left = r.remaining - 1;
                int index = rules.indexOf(r);
                if (left == 0) {
                    it.remove();
                } else {
                    rules.set(index, new Rule(r.action, r.kind, left, r.probability, r.delay));
                }
            }
            return r;
        }
        return null;
    }

    /**
     * The {@code service:Action}s a product (the first word of its User-Agent) called since the simulator
     * started, sorted; {@link #resetCounters()} leaves them.
     */
    public synchronized Set<String> actionsCalledBy(String product) {
        return new TreeSet<>(byProduct.getOrDefault(product, Set.of()));
    }

    /** Calls per {@code service:Action}, sorted. */
    public synchronized Map<String, Long> counters() {
        return new TreeMap<>(calls);
    }

    public synchronized long count(String service, String action) {
        return calls.getOrDefault(service + ":" + action, 0L);
    }

    /**
     * Calls that may have changed something: every action but Describe* and Get*, and not DryRun calls, nor
     * the STS and SSO calls that hand out sessions (they change no resource). A plan-only rollout must leave
     * this at zero.
     */
    public synchronized long mutatingCalls() {
        return calls.entrySet().stream()
                .filter(e -> {
                    String service = e.getKey().substring(0, e.getKey().indexOf(':'));
                    String action = e.getKey().substring(e.getKey().indexOf(':') + 1);
                    return !action.startsWith("Describe") && !action.startsWith("Get") && !action.endsWith(DRY_RUN)
                            && !service.equals("sts") && !service.equals("sso");
                })
                .mapToLong(Map.Entry::getValue).sum();
    }

    public synchronized void resetCounters() {
        calls.clear();
    }
}
