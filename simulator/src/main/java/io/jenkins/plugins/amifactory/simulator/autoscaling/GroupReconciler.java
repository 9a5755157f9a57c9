package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ec2.Instance;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps the groups of one region in shape over time. {@link #reconcile} replaces instances that failed
 * their health check (unless in Standby), lets an active instance refresh take its next step, and launches
 * or terminates instances until the group runs its desired capacity (plus what a refresh may run above
 * it). It runs after every change made through the API, on clock events (an instance passing its health
 * check, a warm-up, checkpoint, bake or stall deadline) and on a periodic health-check tick, because EC2
 * can impair an instance behind the group's back (a reboot for an image, a stop). Guarded by the world's
 * lock.
 */
final class GroupReconciler {

    /** How often groups look at their instances' EC2 health, as AWS's health checks do. */
    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    /** How long an instance stays Terminating before it leaves the group. */
    static final Duration TERMINATION_TIME = Duration.ofSeconds(20);
    private static final Duration FIRST_LAUNCH_RETRY = Duration.ofSeconds(10);
    private static final Duration MAX_LAUNCH_RETRY = Duration.ofMinutes(5);
    private static final DateTimeFormatter CAUSE_TIME = DateTimeFormatter.ISO_INSTANT;

    private final Account account;
    private final Ec2World ec2;
    private final LaunchResolver launches;
    private final Map<String, AutoScalingGroup> groups;
    private final Alarms alarms;
    private long activitySequence;
    private boolean healthChecksScheduled;

    GroupReconciler(Account account, Ec2World ec2, LaunchResolver launches, Map<String, AutoScalingGroup> groups,
                    Alarms alarms) {
        this.account = account;
        this.ec2 = ec2;
        this.launches = launches;
        this.groups = groups;
        this.alarms = alarms;
    }

    Instant now() {
        return account.clock().now();
    }

    Duration stallTimeout() {
        return account.scenario().refreshStallTimeout();
    }

    /** Notes a change of a Refresh for benchmarks (see {@link io.jenkins.plugins.amifactory.simulator.account.Timeline#note}). */
    void note(String resource, String change) {
        account.clock().note(resource, change);
    }

    /** Of the region's alarms named, those in {@code ALARM}. */
    List<String> inAlarm(List<String> names) {
        return alarms.inAlarm(names);
    }

    boolean percentagePerBatch() {
        return account.scenario().percentagePerBatch();
    }

    void reconcileAt(AutoScalingGroup g, Instant at) {
        account.clock().scheduleAt(at, () -> reconcile(g));
    }

    void scheduleHealthChecks() {
        if (!healthChecksScheduled) {
            healthChecksScheduled = true;
            account.clock().schedule(HEALTH_CHECK_INTERVAL, this::healthCheckTick);
        }
    }

    private void healthCheckTick() {
        groups.values().forEach(this::reconcile);
        account.clock().schedule(HEALTH_CHECK_INTERVAL, this::healthCheckTick);
    }

    /** Health, then the refresh's next step, then capacity (see the class comment). */
    void reconcile(AutoScalingGroup g) {
        replaceUnhealthy(g);
        fillCapacity(g);
        InstanceRefreshRun run = g.activeRefresh();
        if (run != null) {
            run.step(now());
            fillCapacity(g);
        }
    }

    private void replaceUnhealthy(AutoScalingGroup g) {
        Instant now = now();
        for (GroupInstance gi : List.copyOf(g.instances.values())) {
            if (gi.lifecycle != GroupInstance.Lifecycle.IN_SERVICE) {
                continue;
            }
            Instance instance = ec2.instance(gi.instanceId);
            String why = null;
            if (!gi.healthy) {
                why = "an instance was taken out of service in response to a health check failure: it did not "
                        + "pass its health checks";
            } else if (instance == null || !instance.state.equals("running") && !instance.state.equals("pending")) {
                why = "an instance was taken out of service in response to an EC2 health check indicating it has "
                        + "been terminated or stopped";
            } else if (instance.isImpaired(now)) {
                why = "an instance was taken out of service in response to an EC2 instance status checks failure";
            }
            if (why != null) {
                gi.healthy = false;
                InstanceRefreshRun run = g.activeRefresh();
                if (run != null) {
                    run.instanceUnhealthy(gi, why);
                }
                terminate(g, gi, why);
            }
        }
    }

    private void fillCapacity(AutoScalingGroup g) {
        InstanceRefreshRun run = g.activeRefresh();
        int target = g.desiredCapacity + (run != null ? run.surge() : 0);
        int live = g.live().size();
        if (live < target && (g.nextLaunchAttempt == null || !now().isBefore(g.nextLaunchAttempt))) {
            LaunchSource source = run != null && run.launchesFromDesiredConfiguration()
                    ? run.desiredConfiguration : g.launchSource;
            String cause = (g.capacityCause != null ? g.capacityCause + ".  " : "") + at(now())
                    + " an instance was started in response to a difference between desired and actual capacity, "
                    + "increasing the capacity from " + live + " to " + target + ".";
            for (int i = live; i < target; i++) {
                if (!launch(g, source, cause)) {
                    break;
                }
            }
        } else if (live > target) {
            String cause = (g.capacityCause != null ? g.capacityCause + ".  " : "") + at(now())
                    + " an instance was taken out of service in response to a difference between desired and actual "
                    + "capacity, shrinking the capacity from " + live + " to " + target;
            for (int i = live; i > target; i--) {
                GroupInstance victim = scaleInVictim(g);
                if (victim == null) {
                    break;
                }
                terminate(g, victim, cause);
            }
        }
        g.capacityCause = null;
    }

    /**
     * The default termination policy, simplified: never a protected instance; the zone with the most
     * instances first, then instances not on the group's current configuration, then the oldest.
     */
    private GroupInstance scaleInVictim(AutoScalingGroup g) {
        Map<String, Long> perZone = g.live().stream()
                .collect(Collectors.groupingBy(i -> i.availabilityZone, Collectors.counting()));
        return g.live().stream().filter(i -> !i.protectedFromScaleIn)
                .min(Comparator.comparing((GroupInstance i) -> -perZone.get(i.availabilityZone))
                        .thenComparing(i -> i.launchedFrom.matches(g.launchSource, launches))
                        .thenComparing(i -> i.launchTime))
                .orElse(null);
    }

    /** Launches one instance; on an EC2 error records a failed activity, backs off, and returns false. */
    private boolean launch(AutoScalingGroup g, LaunchSource source, String cause) {
        String zone = leastUsedZone(g);
        Instance instance;
        LaunchedFrom from;
        try {
            LaunchResolver.ResolvedLaunch launch = launches.resolve(source);
            // A group tag wins over a template's instance tag of the same key, as in AWS.
            Map<String, String> tags = new LinkedHashMap<>(launch.templateTags());
            g.tags.values().stream().filter(GroupTag::propagateAtLaunch).forEach(t -> tags.put(t.key(), t.value()));
            tags.put("aws:autoscaling:groupName", g.name);
            instance = ec2.launchInstance(launch.spec(), zone, tags);
            from = launch.from();
        } catch (AwsException e) {
            ScalingActivity failed = activity(g, "Launching a new EC2 instance.  Status Reason: " + e.getMessage()
                    + ". Launching EC2 instance failed.", cause, zone);
            failed.fail(now(), e.getMessage());
            g.consecutiveLaunchFailures++;
            Duration backoff = FIRST_LAUNCH_RETRY.multipliedBy(1L << Math.min(10, g.consecutiveLaunchFailures - 1));
            g.nextLaunchAttempt = now().plus(backoff.compareTo(MAX_LAUNCH_RETRY) > 0 ? MAX_LAUNCH_RETRY : backoff);
            reconcileAt(g, g.nextLaunchAttempt);
            InstanceRefreshRun run = g.activeRefresh();
            if (run != null) {
                run.launchFailed(now(), e.getMessage());
            }
            return false;
        }
        g.consecutiveLaunchFailures = 0;
        g.nextLaunchAttempt = null;
        ScalingActivity activity = activity(g, "Launching a new EC2 instance: " + instance.id, cause, zone);
        activity.inProgress(30);
        GroupInstance gi = new GroupInstance(instance.id, zone, from, now(), activity);
        gi.protectedFromScaleIn = g.newInstancesProtectedFromScaleIn;
        g.instances.put(gi.instanceId, gi);
        account.clock().schedule(account.scenario().healthyTimeOfNextLaunch(), () -> enterService(g, gi));
        return true;
    }

    private String leastUsedZone(AutoScalingGroup g) {
        Map<String, Long> perZone = g.instances.values().stream()
                .filter(i -> i.lifecycle != GroupInstance.Lifecycle.TERMINATING)
                .collect(Collectors.groupingBy(i -> i.availabilityZone, Collectors.counting()));
        return g.availabilityZones.stream()
                .min(Comparator.comparing(z -> perZone.getOrDefault(z, 0L))).orElseThrow();
    }

    /** Pending to InService once the instance passed its health checks; an unhealthy image never does. */
    private void enterService(AutoScalingGroup g, GroupInstance gi) {
        if (gi.lifecycle != GroupInstance.Lifecycle.PENDING) {
            return;
        }
        Instance instance = ec2.instance(gi.instanceId);
        if (instance != null && "pending".equals(instance.state)) {
            account.clock().schedule(Duration.ofSeconds(5), () -> enterService(g, gi));
            return;
        }
        gi.lifecycle = GroupInstance.Lifecycle.IN_SERVICE;
        gi.inServiceSince = now();
        gi.healthy = !account.scenario().isUnhealthyImage(gi.launchedFrom.imageId());
        gi.launchActivity.succeed(now());
        InstanceRefreshRun run = g.activeRefresh();
        if (run != null && !run.warmup().isZero()) {
            reconcileAt(g, now().plus(run.warmup()));
        }
        reconcile(g);
    }

    /** Takes an instance out of the group: Terminating now, gone after {@link #TERMINATION_TIME}. */
    void terminate(AutoScalingGroup g, GroupInstance gi, String why) {
        gi.lifecycle = GroupInstance.Lifecycle.TERMINATING;
        gi.launchActivity.succeed(now());
        String cause = why.startsWith("At ") ? why + "." : at(now()) + " " + why + ".";
        ScalingActivity activity = activity(g, "Terminating EC2 instance: " + gi.instanceId, cause,
                gi.availabilityZone);
        activity.inProgress(50);
        ec2.terminateInstance(gi.instanceId);
        account.clock().schedule(TERMINATION_TIME, () -> {
            g.instances.remove(gi.instanceId);
            activity.succeed(now());
        });
    }

    /** {@code g} as its instance refreshes see it. */
    RefreshedGroup refreshedGroup(AutoScalingGroup g) {
        return new ReconciledGroup(g, this, launches);
    }

    // ---- activities ---------------------------------------------------------------------------------

    ScalingActivity activity(AutoScalingGroup g, String description, String cause, String zone) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Availability Zone", zone);
        ScalingActivity a = new ScalingActivity(account.ids().uuid(), activitySequence++, g.name, g.arn, description,
                cause, now(), Json.write(details));
        g.activities.add(a);
        return a;
    }

    static String at(Instant t) {
        return "At " + CAUSE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
