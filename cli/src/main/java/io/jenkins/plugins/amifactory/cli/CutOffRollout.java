package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code recover} does for one group: read its lease, and when the rollout holding it was cut off (the
 * lease lapsed, or the user says so with {@code --force}), stop what it left running and give the group up.
 * The rollout that takes over a lapsed lease does the same before it starts; this is for a group nobody is
 * about to roll out to, such as after a terminal was closed in the middle of a rollout.
 */
final class CutOffRollout {

    /** A Refresh in these states still changes the group. */
    static final Set<String> ACTIVE = Set.of("Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress");
    /** How often to look while AWS stops a Refresh: the engine's revert looks as often. */
    static final Duration POLL = Duration.ofSeconds(15);

    private final AwsClients aws;
    private final String group;
    private final PrintStream out;
    private final Clock clock;
    private final RolloutDriver.Sleeper sleeper;

    CutOffRollout(AwsClients aws, String group, PrintStream out, Clock clock, RolloutDriver.Sleeper sleeper) {
        this.aws = aws;
        this.group = group;
        this.out = out;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Reads the group, or null when there is none. */
    AutoScalingGroup describe() {
        return aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                .autoScalingGroups().stream().findFirst().orElse(null);
    }

    /** Does the work on {@code found} and returns the exit code; every finding and every action is a line. */
    int recover(AutoScalingGroup found, boolean force, Duration waitAtMost) throws InterruptedException {
        LeaseTag lease = leaseOf(found.tags().stream().filter(t -> LeaseTag.KEY.equals(t.key()))
                .map(TagDescription::value).findFirst().orElse(null));
        Instant now = clock.instant();
        if (lease == null) {
            out.println("No rollout holds group '" + group + "'.");
            where(found);
            return ExitCodes.OK;
        }
        if (!lease.lapsedAt(now) && !force) {
            out.println("Group '" + group + "' is held by " + lease.who() + " until " + lease.when(now)
                    + "; nothing was changed.");
            out.println("If that rollout still runs, let it finish; if it was cut off, run recover again once the "
                    + "lease lapses, or now with --force.");
            where(found);
            return ExitCodes.HELD;
        }
        out.println(lease.lapsedAt(now)
                ? capitalized(lease.who()) + " was cut off: its lease on group '" + group + "' lapsed at " + lease.when(now) + "."
                : "--force: taking group '" + group + "' from " + lease.who() + ", whose lease counts until "
                        + lease.when(now) + ".");
        String stopped = stopRefresh(lease, waitAtMost);
        if (stopped != null) {
            out.println(stopped);
            out.println("The lease stays on group '" + group + "'; run recover again later.");
            where(describe());
            return ExitCodes.TIMED_OUT;
        }
        int code = release(lease);
        where(describe());
        return code;
    }

    /**
     * Rolls the lease's Refresh back (where it carried a launch template version) or cancels it, and waits until
     * AWS says it stopped. Null once nothing runs; else why it still does.
     */
    private String stopRefresh(LeaseTag lease, Duration waitAtMost) throws InterruptedException {
        if (lease.refreshId() == null) {
            out.println("It had started no instance refresh.");
            InstanceRefresh other = aws.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(group))
                    .instanceRefreshes().stream().filter(r -> ACTIVE.contains(r.statusAsString())).findFirst().orElse(null);
            if (other != null) {
                // Not named by the lease, so not known to be the cut-off rollout's: someone else's to judge.
                out.println("Instance refresh " + other.instanceRefreshId() + " of group '" + group + "' is "
                        + other.statusAsString() + " but the lease does not name it; it was left alone.");
            }
            return null;
        }
        InstanceRefresh refresh = refresh(lease.refreshId());
        if (refresh == null) {
            out.println("Its instance refresh " + lease.refreshId() + " is no longer listed.");
            return null;
        }
        String status = refresh.statusAsString();
        if (!ACTIVE.contains(status)) {
            out.println("Its instance refresh " + lease.refreshId() + " had ended " + status + ".");
            return null;
        }
        String was = "Its instance refresh " + lease.refreshId() + " was " + status
                + (refresh.percentageComplete() == null ? "" : " at " + refresh.percentageComplete() + "%");
        if (status.equals("Cancelling") || status.equals("RollbackInProgress")) {
            out.println(was + ": waiting for it to stop.");
        } else if (carriesTemplate(refresh.desiredConfiguration()) && rolledBack()) {
            out.println(was + ": rolled it back (AWS puts the group and its instances back on what they ran before).");
        } else {
            aws.autoScaling().cancelInstanceRefresh(r -> r.autoScalingGroupName(group));
            out.println(was + ": cancelled it (instances already replaced keep the new Image; AWS cannot roll back "
                    + "a refresh that set no launch template).");
        }
        Instant start = clock.instant();
        while (ACTIVE.contains(status)) {
            if (Duration.between(start, clock.instant()).compareTo(waitAtMost) >= 0) {
                return "Instance refresh " + lease.refreshId() + " is still " + status + " after "
                        + Durations.words(waitAtMost) + " (--timeout).";
            }
            sleeper.sleep(POLL);
            refresh = patiently(() -> refresh(lease.refreshId()));
            status = refresh == null ? "gone" : refresh.statusAsString();
        }
        out.println("Instance refresh " + lease.refreshId() + " ended " + status + " after "
                + Durations.words(Duration.between(start, clock.instant())) + ".");
        return null;
    }

    /**
     * A look that AWS throttled or answered with a 5xx is tried again a few times, so that a long wait does not
     * end on one busy moment; what recover changes is never repeated blindly.
     */
    private <T> T patiently(java.util.function.Supplier<T> look) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return look.get();
            } catch (AwsServiceException e) {
                if (attempt >= 5 || !(e.isThrottlingException() || e.statusCode() >= 500)) {
                    throw e;
                }
                sleeper.sleep(POLL.multipliedBy(attempt));
            }
        }
    }

    /** Whether AWS took the rollback; it refuses some Refreshes, and cancelling is what is left then. */
    private boolean rolledBack() {
        try {
            aws.autoScaling().rollbackInstanceRefresh(r -> r.autoScalingGroupName(group));
            return true;
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw e;
            }
            out.println("AWS refused to roll the refresh back (" + e.awsErrorDetails().errorMessage()
                    + "); cancelling it instead.");
            return false;
        }
    }

    /** Removes the lease, unless someone renewed or took it while recover worked. */
    private int release(LeaseTag lease) {
        LeaseTag now = leaseOf(aws.autoScaling().describeTags(r -> r.filters(
                f -> f.name("auto-scaling-group").values(group), f -> f.name("key").values(LeaseTag.KEY)))
                .tags().stream().map(TagDescription::value).findFirst().orElse(null));
        if (now == null) {
            out.println("The lease was gone already.");
            return ExitCodes.OK;
        }
        if (!now.value().equals(lease.value())) {
            out.println("The lease changed meanwhile: " + now.who() + " holds group '" + group + "' until "
                    + now.when(clock.instant()) + "; it was left alone.");
            return ExitCodes.HELD;
        }
        // The value makes the delete conditional, as far as AWS allows: a lease renewed meanwhile stays.
        aws.autoScaling().deleteTags(r -> r.tags(Tag.builder().resourceId(group).resourceType("auto-scaling-group")
                .key(LeaseTag.KEY).value(lease.value()).build()));
        out.println("Removed the lease (tag " + LeaseTag.KEY + ") from group '" + group + "'.");
        return ExitCodes.OK;
    }

    /** Where the group is: what it launches from, and which Image each of its instances runs. */
    private void where(AutoScalingGroup g) {
        String images = "";
        List<String> ids = g.instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList();
        if (!ids.isEmpty()) {
            Map<String, Long> perImage = new TreeMap<>(aws.ec2().describeInstances(r -> r.instanceIds(ids))
                    .reservations().stream().map(Reservation::instances).flatMap(List::stream)
                    .collect(Collectors.groupingBy(Instance::imageId, Collectors.counting())));
            images = perImage.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
        }
        out.println("Group '" + group + "' is on " + configuration(g) + "; "
                + (ids.isEmpty() ? "it has no instances." : "its " + ids.size() + " instance"
                + (ids.size() == 1 ? " runs " : "s run ") + images + "."));
    }

    private static String configuration(AutoScalingGroup g) {
        LaunchTemplateSpecification spec = g.launchTemplate();
        if (spec == null && g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
            spec = g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
        }
        if (spec != null) {
            String name = spec.launchTemplateName() != null ? spec.launchTemplateName() : spec.launchTemplateId();
            return "launch template " + name + ":" + (spec.version() == null ? "$Default" : spec.version());
        }
        return g.launchConfigurationName() == null ? "no launch configuration or template"
                : "launch configuration " + g.launchConfigurationName();
    }

    private InstanceRefresh refresh(String id) {
        return aws.autoScaling().describeInstanceRefreshes(r -> r.autoScalingGroupName(group).instanceRefreshIds(id))
                .instanceRefreshes().stream().findFirst().orElse(null);
    }

    private static boolean carriesTemplate(DesiredConfiguration desired) {
        return desired != null && (desired.launchTemplate() != null || desired.mixedInstancesPolicy() != null);
    }

    private static LeaseTag leaseOf(String value) {
        return value == null ? null : LeaseTag.parse(value);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
