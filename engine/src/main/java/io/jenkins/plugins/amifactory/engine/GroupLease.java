package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rollout per group at a time. A rollout holds a lease on its group: a tag on the group, visible to every
 * controller and terminal that rolls out to it, naming the rollout, who started it and until when it counts;
 * and, within this JVM, an entry in a map, which closes the gap between two rollouts that read the tag at the
 * same moment. The holder renews the tag while it runs; a lease not renewed in time is stale: its holder was
 * cut off (a controller that stopped without saving the step), and the next rollout takes it over after
 * dealing with what the cut-off rollout left running.
 *
 * <p>AWS offers no compare-and-set on tags, so two controllers can still race between read and write; the
 * rollout reads the tag back after writing it and gives way when it lost.
 */
final class GroupLease {

    /** The tag that holds the lease. */
    static final String TAG = Lease.TAG;
    /** How long a lease counts after it was last renewed: longer than any pause between two steps. */
    static final Duration TERM = Duration.ofMinutes(15);
    /** How often a running rollout renews its lease. */
    static final Duration RENEW_EVERY = Duration.ofMinutes(5);

    /**
     * Within this JVM: the rollout holding each group, by where the group is (endpoint or region) and name,
     * until when. It lapses like the tag, so a rollout abandoned without finishing does not hold its group here
     * for ever.
     */
    private static final Map<String, Entry> HELD = new ConcurrentHashMap<>();

    private record Entry(String rolloutId, Instant until) {}

    private final RolloutContext ctx;

    GroupLease(RolloutContext ctx) {
        this.ctx = ctx;
    }

    /** The lease the group carries, or null. */
    static Lease of(AutoScalingGroup group) {
        return group.tags().stream().filter(t -> TAG.equals(t.key())).findFirst()
                .map(t -> Lease.parse(t.value())).orElse(null);
    }

    /** The other rollout that holds the group in this JVM, if any. */
    String heldHereByOther(Instant now) {
        Entry held = HELD.get(key());
        if (held == null || held.rolloutId().equals(ctx.state.rolloutId)) {
            return null;
        }
        if (now.isAfter(held.until())) {
            HELD.remove(key(), held);
            return null;
        }
        return held.rolloutId();
    }

    private void holdHere(Instant renewedAt) {
        HELD.put(key(), new Entry(ctx.state.rolloutId, renewedAt.plus(TERM)));
    }

    private void letGoHere() {
        HELD.computeIfPresent(key(), (k, e) -> e.rolloutId().equals(ctx.state.rolloutId) ? null : e);
    }

    /** Writes the lease for this rollout, renewed until {@code now + TERM}; true when it reads back as ours. */
    boolean take(Instant now) {
        holdHere(now);
        boolean ours = false;
        try {
            write(now);
            Lease back = read();
            ours = back != null && back.rolloutId().equals(ctx.state.rolloutId);
            return ours;
        } finally {
            if (!ours) {
                // Refused, lost, or AWS would not say: a rollout that does not go on must not block the group here.
                letGoHere();
            }
        }
    }

    /**
     * Renews the lease when it is due. Null when it is still this rollout's; else who took it over (the
     * rollout then stops: someone else rolls out to the group now).
     */
    Lease renewIfDue(Instant now) {
        RolloutState.LeaseFacts lease = ctx.state.lease;
        if (lease.renewedAt == null) {
            return null;
        }
        // After a restart this JVM's map is empty: a resumed rollout holds its group here again.
        HELD.putIfAbsent(key(), new Entry(ctx.state.rolloutId, lease.renewedAt.plus(TERM)));
        if (now.isBefore(lease.renewedAt.plus(RENEW_EVERY))) {
            return null;
        }
        Lease current = read();
        if (current != null && !current.rolloutId().equals(ctx.state.rolloutId)) {
            return current;
        }
        holdHere(now);
        write(now);
        return null;
    }

    /**
     * How long until the renewal is due: how long a step that only keeps the lease may wait. Never less than
     * {@link Polling#MIN_POLL}, so that a late renewal does not turn into a busy loop.
     */
    Duration untilRenewal(Instant now) {
        Instant renewedAt = ctx.state.lease.renewedAt;
        if (renewedAt == null) {
            return RENEW_EVERY;
        }
        Duration left = Duration.between(now, renewedAt.plus(RENEW_EVERY));
        return Durations.max(Polling.MIN_POLL, Durations.min(RENEW_EVERY, left));
    }

    /** Writes the lease again at once, so that it names the Refresh just started. */
    void noteRefresh(Instant now) {
        if (ctx.state.lease.renewedAt != null) {
            write(now);
        }
    }

    /** Gives the group up, in AWS only if the tag still names this rollout. */
    void release() {
        RolloutState.LeaseFacts lease = ctx.state.lease;
        if (lease.renewedAt == null) {
            return;
        }
        letGoHere();
        Lease current = read();
        if (current != null && current.rolloutId().equals(ctx.state.rolloutId)) {
            ctx.aws.call("DeleteTags", () -> ctx.aws.autoScaling().deleteTags(r -> r.tags(tag(null))));
        }
        lease.renewedAt = null;
    }

    private void write(Instant now) {
        String refresh = ctx.state.refresh.id;
        Lease held = new Lease(ctx.state.rolloutId, holder(), now.plus(TERM), refresh);
        ctx.aws.call("CreateOrUpdateTags", () -> ctx.aws.autoScaling().createOrUpdateTags(r -> r.tags(tag(held.value()))));
        ctx.state.lease.renewedAt = now;
    }

    private Lease read() {
        var tags = ctx.aws.call("DescribeTags", () -> ctx.aws.autoScaling().describeTags(r -> r.filters(
                f -> f.name("auto-scaling-group").values(ctx.request.asg()),
                f -> f.name("key").values(TAG)))).tags();
        return tags.stream().map(TagDescription::value).findFirst().map(Lease::parse).orElse(null);
    }

    private Tag tag(String value) {
        return Tag.builder().resourceId(ctx.request.asg()).resourceType("auto-scaling-group").key(TAG).value(value)
                .propagateAtLaunch(false).build();
    }

    private String holder() {
        String caller = ctx.request.image().callerReference();
        return caller != null ? caller : "ami-factory";
    }

    private String key() {
        // The group lives where the Auto Scaling calls go, in its region: one endpoint (a simulator) may serve
        // several regions, each with its own group of that name.
        URI where = ctx.request.endpoints().autoScaling();
        return (where != null ? where + "|" : "") + ctx.request.region() + "|" + ctx.request.asg();
    }
}
