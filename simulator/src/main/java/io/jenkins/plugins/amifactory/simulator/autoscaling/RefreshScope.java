package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of its group's instances an instance refresh still has to replace, which it waits for, and which
 * count as ready. An instance the group had when replacing began is a candidate unless it already
 * matches (with SkipMatching); one launched since is ready only after the warm-up. The preferences for
 * Standby and scale-in protected instances decide whether those are replaced, waited for or ignored.
 */
final class RefreshScope {

    /** The group's instances as one pass of the replacement loop sees them. */
    record View(List<GroupInstance> actionable, List<GroupInstance> blocked,
                List<GroupInstance> standbyToTerminate, List<GroupInstance> inFlight,
                int done, int readyCount, int liveCount) {}

    private final RefreshedGroup group;
    private final RefreshPreferences preferences;
    /** The instances the group had when replacing began; anything else was launched by or during the refresh. */
    private Set<String> initialInstances = Set.of();
    private Duration warmup = Duration.ZERO;

    RefreshScope(RefreshedGroup group, RefreshPreferences preferences) {
        this.group = group;
        this.preferences = preferences;
    }

    /** Replacing begins: the instances there now are the old ones, and new ones warm up from now on. */
    void begin() {
        recordInitialInstances();
        int seconds = preferences.instanceWarmup() != null ? preferences.instanceWarmup()
                : group.defaultWarmupSeconds();
        warmup = Duration.ofSeconds(seconds);
    }

    /** Takes the instances there now as the old ones, as a rollback before replacing began does. */
    void recordInitialInstances() {
        initialInstances = group.instances().stream()
                .filter(i -> i.lifecycle != GroupInstance.Lifecycle.TERMINATING)
                .map(i -> i.instanceId).collect(Collectors.toCollection(HashSet::new));
    }

    boolean isInitial(GroupInstance gi) {
        return initialInstances.contains(gi.instanceId);
    }

    Duration warmup() {
        return warmup;
    }

    /** The group's instances at {@code now}, for a phase that replaces instances with {@code target}. */
    View view(LaunchSource target, boolean rollingBack, Instant now) {
        Function<GroupInstance, Boolean> candidate = gi -> isCandidate(gi, target, rollingBack);
        List<GroupInstance> present = group.instances().stream()
                .filter(i -> i.lifecycle != GroupInstance.Lifecycle.TERMINATING).toList();
        List<GroupInstance> candidates = present.stream().filter(candidate::apply).toList();
        List<GroupInstance> blocked = candidates.stream().filter(this::isBlocked).toList();
        List<GroupInstance> actionable = candidates.stream()
                .filter(i -> i.isLive() && !isBlocked(i)).toList();
        List<GroupInstance> standbyToTerminate = candidates.stream()
                .filter(i -> i.lifecycle == GroupInstance.Lifecycle.STANDBY
                        && "Terminate".equals(preferences.effectiveStandbyInstances())).toList();
        List<GroupInstance> others = present.stream().filter(i -> i.isLive() && !candidate.apply(i)).toList();
        List<GroupInstance> inFlight = others.stream().filter(i -> !isReady(i, now)).toList();
        int done = (int) others.stream().filter(i -> isReady(i, now)).count();
        int ready = (int) present.stream().filter(i -> i.isLive() && isReady(i, now)).count();
        int live = (int) present.stream().filter(GroupInstance::isLive).count();
        return new View(actionable, blocked, standbyToTerminate, inFlight, done, ready, live);
    }

    private boolean isCandidate(GroupInstance gi, LaunchSource target, boolean rollingBack) {
        boolean initial = isInitial(gi);
        boolean matches = group.launchedFrom(gi, target);
        if (rollingBack) {
            if (initial || matches) {
                return false;
            }
        } else if (initial ? preferences.skips() && matches : matches) {
            return false;
        }
        if (gi.lifecycle == GroupInstance.Lifecycle.STANDBY
                && "Ignore".equals(preferences.effectiveStandbyInstances())) {
            return false;
        }
        return !(gi.protectedFromScaleIn && "Ignore".equals(preferences.effectiveScaleInProtectedInstances()));
    }

    /** A candidate the refresh has to wait for, per the StandbyInstances / ScaleInProtectedInstances preferences. */
    private boolean isBlocked(GroupInstance gi) {
        if (gi.lifecycle == GroupInstance.Lifecycle.STANDBY) {
            return "Wait".equals(preferences.effectiveStandbyInstances());
        }
        return gi.protectedFromScaleIn && "Wait".equals(preferences.effectiveScaleInProtectedInstances());
    }

    /** Not-ready candidates first (they cost no healthy capacity), then the fullest zone, then the oldest. */
    List<GroupInstance> replacementOrder(List<GroupInstance> candidates, Instant now) {
        Map<String, Long> perZone = group.live().stream()
                .collect(Collectors.groupingBy(i -> i.availabilityZone, Collectors.counting()));
        return candidates.stream().sorted(Comparator
                .comparing((GroupInstance i) -> isReady(i, now))
                .thenComparing(i -> -perZone.getOrDefault(i.availabilityZone, 0L))
                .thenComparing(i -> i.launchTime)).toList();
    }

    /** InService, healthy, and for an instance launched during the refresh, warmed up. */
    boolean isReady(GroupInstance gi, Instant now) {
        if (!gi.isInServiceAndHealthy()) {
            return false;
        }
        return isInitial(gi) || !now.isBefore(gi.inServiceSince.plus(warmup));
    }
}
