package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.account.Timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The simulator's time: virtual, advanced by tests and benchmarks, or following real time scaled by a
 * factor for demos. The world schedules its delayed changes (an image becoming available, an instance
 * passing its health check, the next batch of an instance refresh) as events on this clock, and they run
 * in time order as the clock passes them.
 *
 * <p>Not thread-safe on its own: {@link World} guards it with its lock.
 */
public final class SimClock implements Timeline {

    private record Event(Instant at, long seq, Runnable action) {}

    /** One noted change: what changed, how, and when (see {@link Timeline#note}). */
    public record Change(Instant at, String resource, String change) {}

    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long sequence;
    private Instant now;

    /** 0 means manual: time moves only through {@link #advance}. */
    private final double timeScale;
    private final long realAnchorNanos;
    private final Instant virtualAnchor;
    /** Time moved by hand on a scaled clock; real time runs on from there instead of having to catch up. */
    private Duration movedByHand = Duration.ZERO;
    /** The changes noted since {@link #recordChanges()}; null while not recording, so a long demo keeps none. */
    private List<Change> changes;

    private SimClock(Instant start, double timeScale) {
        this.now = start;
        this.timeScale = timeScale;
        this.realAnchorNanos = System.nanoTime();
        this.virtualAnchor = start;
    }

    /** A clock that moves only when told to. */
    public static SimClock manual(Instant start) {
        return new SimClock(start, 0);
    }

    /** A clock that runs {@code timeScale} times faster than real time (and can still be advanced by hand). */
    public static SimClock scaled(Instant start, double timeScale) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("time scale must be positive, was " + timeScale);
        }
        return new SimClock(start, timeScale);
    }

    @Override
    public Instant now() {
        return now;
    }

    public double timeScale() {
        return timeScale;
    }

    public boolean isManual() {
        return timeScale == 0;
    }

    /** Runs {@code action} when the clock reaches {@code now + delay} (at once on the next pass if not positive). */
    @Override
    public void schedule(Duration delay, Runnable action) {
        scheduleAt(now.plus(delay.isNegative() ? Duration.ZERO : delay), action);
    }

    @Override
    public void scheduleAt(Instant at, Runnable action) {
        events.add(new Event(at.isBefore(now) ? now : at, sequence++, action));
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + by);
        }
        advanceTo(now.plus(by));
        if (timeScale > 0) {
            movedByHand = movedByHand.plus(by);
        }
    }

    /** Moves to {@code target}, running every event due on the way at its own time. */
    public void advanceTo(Instant target) {
        while (!events.isEmpty() && !events.peek().at.isAfter(target)) {
            Event e = events.poll();
            now = e.at;
            e.action.run();
        }
        if (target.isAfter(now)) {
            now = target;
        }
    }

    /** In scaled mode, catches up with real time; a manual clock stays where it is. */
    public void catchUp() {
        if (timeScale > 0) {
            long elapsedNanos = System.nanoTime() - realAnchorNanos;
            Instant target = virtualAnchor.plus(movedByHand).plusNanos((long) (elapsedNanos * timeScale));
            advanceTo(target);
        }
    }

    /** From now on, keeps every change the worlds note, for {@link #changes()}. */
    public void recordChanges() {
        if (changes == null) {
            changes = new ArrayList<>();
        }
    }

    @Override
    public void note(String resource, String change) {
        if (changes != null) {
            changes.add(new Change(now, resource, change));
        }
    }

    /** The changes noted since {@link #recordChanges()}, in time order; empty when not recording. */
    public List<Change> changes() {
        return changes == null ? List.of() : List.copyOf(changes);
    }

    /** When the next scheduled event is due, or null when nothing is pending. */
    public Instant nextEventAt() {
        Event e = events.peek();
        return e == null ? null : e.at;
    }

    public int pendingEvents() {
        return events.size();
    }

    /**
     * A {@link Clock} view for code that takes a {@code java.time.Clock} (the engine in tests). Reading it
     * does not run events; advance the world for that.
     */
    public Clock asJavaClock(Object lock) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (lock) {
                    return now;
                }
            }
        };
    }
}
