package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What an instance refresh sees of, and does to, the group it refreshes. The refresh decides which
 * instances to replace and when; the group terminates them, launches the replacements in its own
 * reconcile, and calls the refresh back. Keeping the refresh on this side of the line lets its state
 * machine be read without the group's launching, health checking and activity bookkeeping.
 */
interface RefreshedGroup {

    String name();

    Instant now();

    /** How long the refresh may go without progress before it fails (the scenario's knob). */
    Duration stallTimeout();

    int desiredCapacity();

    /** The group's own configuration, which a rollback returns to. */
    LaunchSource launchSource();

    /** Makes {@code source} the group's own configuration, when a refresh towards it succeeds. */
    void adopt(LaunchSource source);

    /** The group's instances, Terminating ones included. */
    Collection<GroupInstance> instances();

    /** The instances that count towards capacity: Pending or InService. */
    List<GroupInstance> live();

    /** The warm-up the group gives new instances when the refresh names none, in seconds. */
    int defaultWarmupSeconds();

    /** Whether {@code gi} was launched from what {@code source} resolves to now. */
    boolean launchedFrom(GroupInstance gi, LaunchSource source);

    /** Takes the instance out of service; the group's reconcile launches its replacement. */
    void terminate(GroupInstance gi, String why);

    /** Of the CloudWatch alarms {@code names}, those in {@code ALARM} now. */
    List<String> inAlarm(List<String> names);

    /** Whether PercentageComplete moves per batch rather than per instance (the scenario's knob). */
    boolean percentagePerBatch();

    /** Notes that the refresh {@code id} changed as {@code change} says, for benchmarks. */
    void note(String id, String change);

    /** Has the group reconcile, and so step the refresh, at {@code at}. */
    void reconcileAt(Instant at);
}
