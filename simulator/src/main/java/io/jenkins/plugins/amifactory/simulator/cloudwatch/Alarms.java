package io.jenkins.plugins.amifactory.simulator.cloudwatch;

import io.jenkins.plugins.amifactory.simulator.account.Timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudWatch alarms of one region, as far as instance refreshes read them: by name, each {@code OK} or in
 * {@code ALARM}, so a test can make the alarms a Refresh watches fire. No metric is kept and no CloudWatch API is
 * served; the admin endpoint and tests set the states. An alarm never set is {@code OK}. Guarded by the world's
 * lock.
 */
public final class Alarms {

    /** The states that matter to a Refresh ({@code INSUFFICIENT_DATA} does not stop one, so it is not modelled). */
    public enum State {
        OK, ALARM
    }

    /** A change of state the clock has yet to reach. */
    public record Scheduled(String name, State state, Instant at) {}

    /** The longest alarm name AWS takes. */
    public static final int MAX_NAME_LENGTH = 255;

    private final Timeline clock;
    private final Map<String, State> states = new TreeMap<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Runnable> listeners = new ArrayList<>();

    public Alarms(Timeline clock) {
        this.clock = clock;
    }

    /** The alarm's state; {@code OK} for one never set. */
    public State state(String name) {
        return states.getOrDefault(name, State.OK);
    }

    /**
     * Puts the alarm in {@code state} now and tells the listeners when that changed it.
     *
     * @throws IllegalArgumentException for a name AWS would not take (1 to {@value #MAX_NAME_LENGTH} characters)
     */
    public void set(String name, State state) {
        requireName(name);
        State before = state(name);
        states.put(name, state);
        if (before != state) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Puts the alarm in {@code state} once {@code after} of simulated time has passed (at once if not positive). */
    public void setLater(String name, State state, Duration after) {
        requireName(name);
        Scheduled change = new Scheduled(name, state, clock.now().plus(after));
        scheduled.add(change);
        clock.schedule(after, () -> {
            scheduled.remove(change);
            set(name, state);
        });
    }

    /** Every alarm set so far and its state, by name. */
    public Map<String, State> all() {
        return new LinkedHashMap<>(states);
    }

    /** The changes scheduled with {@link #setLater} that have not happened yet, in the order they were made. */
    public List<Scheduled> scheduled() {
        return List.copyOf(scheduled);
    }

    /** Of {@code names}, those in {@code ALARM}, in the order given. */
    public List<String> inAlarm(List<String> names) {
        return names.stream().filter(n -> state(n) == State.ALARM).toList();
    }

    /** Has {@code listener} run whenever an alarm changes state (a Refresh that watches it must look again). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("an alarm name has 1 to " + MAX_NAME_LENGTH + " characters, was '"
                    + name + "'");
        }
    }
}
