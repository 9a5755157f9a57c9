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
 * One instance refresh (strategy Rolling) and the algorithm that drives it. {@link #step} is called by the
 * group's reconcile whenever something may have changed (an instance became InService, a warm-up, a
 * checkpoint delay or the bake time ended, a stall deadline passed) and moves the state machine of
 * {@link RefreshStatus} forward.
 *
 * <p>The same replacement loop serves the forward phase (towards the desired configuration, or the
 * group's own when none was given) and the rollback phase (back to the group's configuration, which a
 * refresh changes only once it succeeds). Each pass:
 * <ul>
 *   <li>classifies the group's instances into <em>candidates</em> (still to be replaced) and the rest,
 *       and counts the <em>ready</em> ones: InService, healthy, and for instances launched during the
 *       refresh, past their warm-up;</li>
 *   <li>terminates candidates as long as the ready count stays at or above MinHealthyPercentage of the
 *       desired capacity, and as long as the next checkpoint allows; the group's reconcile then launches
 *       the replacements;</li>
 *   <li>with MaxHealthyPercentage above 100, lets the group run up to that much above desired capacity
 *       ({@link #surge}), so replacements launch before old instances go;</li>
 *   <li>always replaces at least one instance at a time, as AWS does when the percentages leave no room;</li>
 *   <li>fails the phase when nothing progressed for the scenario's stall timeout.</li>
 * </ul>
 */
final class InstanceRefreshRun {

    /** How long a refresh stays Pending before it starts replacing. */
    static final Duration START_DELAY = Duration.ofSeconds(5);

    final String id;
    final RefreshedGroup group;
    final RefreshPreferences preferences;
    /** Null when the refresh replaces instances with the group's own configuration. */
    final LaunchSource desiredConfiguration;
    final Instant startTime;

    private RefreshStatus status = RefreshStatus.PENDING;
    private String statusReason;
    private Instant endTime;
    private int percentageComplete;
    private int instancesToUpdate;
    /** The instances the group had when replacing began; anything else was launched by or during the refresh. */
    private Set<String> initialInstances = Set.of();
    private Duration warmup = Duration.ZERO;
    private int checkpointIndex;
    private Instant pausedUntil;
    private Instant bakeUntil;
    private Instant lastProgressAt;
    private int lastDone = -1;
    private String lastHealthFailure;

    private String rollbackReason;
    private Instant rollbackStartTime;
    private Integer percentageCompleteOnRollback;
    private Integer instancesToUpdateOnRollback;

    InstanceRefreshRun(String id, RefreshedGroup group, RefreshPreferences preferences,
                       LaunchSource desiredConfiguration, Instant startTime) {
        this.id = id;
        this.group = group;
        this.preferences = preferences;
        this.desiredConfiguration = desiredConfiguration;
        this.startTime = startTime;
        this.instancesToUpdate = group.desiredCapacity();
    }

    RefreshStatus status() {
        return status;
    }

    String statusReason() {
        return statusReason;
    }

    Instant endTime() {
        return endTime;
    }

    int percentageComplete() {
        return percentageComplete;
    }

    int instancesToUpdate() {
        return instancesToUpdate;
    }

    String rollbackReason() {
        return rollbackReason;
    }

    Instant rollbackStartTime() {
        return rollbackStartTime;
    }

    Integer percentageCompleteOnRollback() {
        return percentageCompleteOnRollback;
    }

    Integer instancesToUpdateOnRollback() {
        return instancesToUpdateOnRollback;
    }

    Duration warmup() {
        return warmup;
    }

    private boolean rollingBack() {
        return status == RefreshStatus.ROLLBACK_IN_PROGRESS;
    }

    /** The configuration this phase replaces instances with. */
    LaunchSource target() {
        return rollingBack() || desiredConfiguration == null ? group.launchSource() : desiredConfiguration;
    }

    /**
     * Whether the group should launch new capacity from the desired configuration rather than its own:
     * while the refresh moves forward towards a desired configuration.
     */
    boolean launchesFromDesiredConfiguration() {
        return desiredConfiguration != null && (status == RefreshStatus.IN_PROGRESS || status == RefreshStatus.BAKING);
    }

    // ---- transitions requested through the API ------------------------------------------------------

    void cancel() {
        status = RefreshStatus.CANCELLING;
        statusReason = "The instance refresh is being cancelled at the request of a user.";
        pausedUntil = null;
        bakeUntil = null;
    }

    void rollBack(Instant now, String reason, boolean manual) {
        if (status == RefreshStatus.PENDING) {
            initialInstances = currentInstanceIds();
        }
        rollbackReason = manual ? "Rollback started by a user request (RollbackInstanceRefresh)."
                : "Automatic rollback after the instance refresh failed: " + reason;
        rollbackStartTime = now;
        percentageCompleteOnRollback = percentageComplete;
        instancesToUpdateOnRollback = instancesToUpdate;
        statusReason = manual ? "Rolling back the instance refresh at the request of a user." : reason;
        status = RefreshStatus.ROLLBACK_IN_PROGRESS;
        pausedUntil = null;
        bakeUntil = null;
        lastDone = -1;
        lastHealthFailure = null;
        progressed(now);
    }

    // ---- notifications from the group --------------------------------------------------------------

    /** A launch for this refresh failed in EC2: AWS gives up on the refresh. */
    void launchFailed(Instant now, String message) {
        if (status == RefreshStatus.IN_PROGRESS || status == RefreshStatus.BAKING || rollingBack()) {
            fail(now, "Instance refresh failed: launching a replacement instance failed: " + message);
        }
    }

    /** An instance failed its health check; remembered to explain a stall. */
    void instanceUnhealthy(GroupInstance gi, String why) {
        if (status.isActive() && !initialInstances.contains(gi.instanceId)) {
            lastHealthFailure = "Instance " + gi.instanceId + " launched from image " + gi.launchedFrom.imageId()
                    + " (" + origin(gi.launchedFrom) + ") was replaced: " + why + ".";
        }
    }

    private static String origin(LaunchedFrom f) {
        return f.launchConfigurationName() != null ? "launch configuration " + f.launchConfigurationName()
                : "launch template " + (f.templateId() != null ? f.templateId() : f.templateName())
                        + " version " + f.templateVersion();
    }

    // ---- the state machine --------------------------------------------------------------------------

    /** Moves the refresh forward as far as the group's state allows at {@code now}. */
    void step(Instant now) {
        switch (status) {
            case PENDING -> {
                if (!now.isBefore(startTime.plus(START_DELAY))) {
                    begin(now);
                    replace(now);
                }
            }
            case IN_PROGRESS, ROLLBACK_IN_PROGRESS -> replace(now);
            case BAKING -> {
                if (!now.isBefore(bakeUntil)) {
                    succeed(now);
                }
            }
            case CANCELLING -> {
                boolean launching = group.instances().stream()
                        .anyMatch(i -> i.lifecycle == GroupInstance.Lifecycle.PENDING);
                if (!launching) {
                    status = RefreshStatus.CANCELLED;
                    statusReason = "The instance refresh was cancelled at the request of a user.";
                    endTime = now;
                }
            }
            default -> {
                // finished: nothing moves any more
            }
        }
    }

    private void begin(Instant now) {
        initialInstances = currentInstanceIds();
        int seconds = preferences.instanceWarmup() != null ? preferences.instanceWarmup()
                : group.defaultWarmupSeconds();
        warmup = Duration.ofSeconds(seconds);
        status = RefreshStatus.IN_PROGRESS;
        progressed(now);
    }

    private Set<String> currentInstanceIds() {
        return group.instances().stream()
                .filter(i -> i.lifecycle != GroupInstance.Lifecycle.TERMINATING)
                .map(i -> i.instanceId).collect(Collectors.toCollection(HashSet::new));
    }

    /** One pass of the replacement loop (see the class comment). */
    private void replace(Instant now) {
        int n = group.desiredCapacity();
        View v = view(now);
        track(now, n, v);

        for (GroupInstance s : v.standbyToTerminate) {
            group.terminate(s, "an instance in Standby was taken out of service in response to an "
                    + "instance refresh");
            progressed(now);
        }
        if (pausedUntil != null) {
            if (now.isBefore(pausedUntil)) {
                return;
            }
            pausedUntil = null;
            checkpointIndex++;
            progressed(now);
        }
        if (v.actionable.isEmpty() && v.blocked.isEmpty() && v.inFlight.isEmpty() && v.liveCount >= n) {
            finishPhase(now);
            return;
        }
        boolean warming = v.inFlight.stream().anyMatch(GroupInstance::isInServiceAndHealthy);
        if (!warming && !now.isBefore(lastProgressAt.plus(group.stallTimeout()))) {
            fail(now, stallReason(v));
            return;
        }
        Integer checkpoint = currentCheckpoint();
        if (checkpoint != null && checkpoint < 100 && percentageComplete >= checkpoint && v.inFlight.isEmpty()) {
            pausedUntil = now.plusSeconds(preferences.effectiveCheckpointDelay());
            statusReason = "Checkpoint " + (checkpointIndex + 1) + " of " + preferences.checkpointPercentages().size()
                    + " reached at " + percentageComplete + "% complete; waiting "
                    + preferences.effectiveCheckpointDelay() + " seconds before continuing.";
            group.reconcileAt(pausedUntil);
            return;
        }
        if (!rollingBack()) {
            // A rollback keeps explaining why it rolls back rather than what it waits for.
            statusReason = waitingReason(v);
        }
        terminateWhatTheLimitsAllow(now, n, v);
    }

    private void terminateWhatTheLimitsAllow(Instant now, int n, View v) {
        int minHealthy = (int) Math.ceil(n * preferences.effectiveMinHealthyPercentage() / 100.0);
        int ready = v.readyCount;
        int old = v.actionable.size();
        boolean any = false;
        for (GroupInstance gi : replacementOrder(v.actionable, now)) {
            if (!withinCheckpoint(n, old - 1)) {
                break;
            }
            boolean wasReady = isReady(gi, now);
            if (wasReady && ready - 1 < minHealthy) {
                break;
            }
            group.terminate(gi, "an instance was taken out of service in response to an instance refresh");
            old--;
            ready -= wasReady ? 1 : 0;
            any = true;
        }
        // AWS always keeps at least one replacement going, even when the percentages leave no room.
        boolean launching = group.live().size() < n + surge(n, v.actionable.size());
        if (!any && v.inFlight.isEmpty() && !launching && !v.actionable.isEmpty() && withinCheckpoint(n, old - 1)) {
            group.terminate(replacementOrder(v.actionable, now).get(0),
                    "an instance was taken out of service in response to an instance refresh");
            any = true;
        }
        if (any) {
            progressed(now);
        }
    }

    /** Not-ready candidates first (they cost no healthy capacity), then the fullest zone, then the oldest. */
    private List<GroupInstance> replacementOrder(List<GroupInstance> candidates, Instant now) {
        Map<String, Long> perZone = group.live().stream()
                .collect(Collectors.groupingBy(i -> i.availabilityZone, Collectors.counting()));
        return candidates.stream().sorted(Comparator
                .comparing((GroupInstance i) -> isReady(i, now))
                .thenComparing(i -> -perZone.getOrDefault(i.availabilityZone, 0L))
                .thenComparing(i -> i.launchTime)).toList();
    }

    /**
     * How many instances above desired capacity the group may run right now: MaxHealthyPercentage's room,
     * but no more than the old instances still to go, and no further than the next checkpoint.
     */
    int surge() {
        if (status != RefreshStatus.IN_PROGRESS && !rollingBack()) {
            return 0;
        }
        return surge(group.desiredCapacity(), view(group.now()).actionable.size());
    }

    private int surge(int n, int oldLive) {
        int room = Math.max(n, (int) Math.floor(n * preferences.effectiveMaxHealthyPercentage() / 100.0)) - n;
        long s = Math.min(room, oldLive);
        Long cap = checkpointCap(n);
        if (cap != null) {
            s = Math.min(s, cap - n + oldLive);
        }
        return (int) Math.max(0, s);
    }

    /** Whether having {@code oldLiveAfter} old instances left keeps the replacements within the next checkpoint. */
    private boolean withinCheckpoint(int n, int oldLiveAfter) {
        Long cap = checkpointCap(n);
        return cap == null || n + surge(n, oldLiveAfter) - oldLiveAfter <= cap;
    }

    private Long checkpointCap(int n) {
        Integer checkpoint = currentCheckpoint();
        return checkpoint == null ? null : (long) Math.ceil(checkpoint * n / 100.0);
    }

    private Integer currentCheckpoint() {
        List<Integer> checkpoints = preferences.checkpointPercentages();
        return rollingBack() || checkpointIndex >= checkpoints.size() ? null : checkpoints.get(checkpointIndex);
    }

    private void finishPhase(Instant now) {
        if (rollingBack()) {
            status = RefreshStatus.ROLLBACK_SUCCESSFUL;
            endTime = now;
        } else if (preferences.effectiveBakeTime() > 0) {
            status = RefreshStatus.BAKING;
            statusReason = "Waiting the bake time of " + preferences.effectiveBakeTime()
                    + " seconds before the instance refresh is complete.";
            percentageComplete = 100;
            instancesToUpdate = 0;
            bakeUntil = now.plusSeconds(preferences.effectiveBakeTime());
            group.reconcileAt(bakeUntil);
        } else {
            succeed(now);
        }
    }

    private void succeed(Instant now) {
        if (desiredConfiguration != null) {
            group.adopt(desiredConfiguration);
        }
        status = RefreshStatus.SUCCESSFUL;
        statusReason = null;
        percentageComplete = 100;
        instancesToUpdate = 0;
        endTime = now;
    }

    private void fail(Instant now, String reason) {
        if (!rollingBack() && preferences.rollsBackAutomatically()) {
            rollBack(now, reason, false);
            return;
        }
        status = rollingBack() ? RefreshStatus.ROLLBACK_FAILED : RefreshStatus.FAILED;
        statusReason = reason;
        endTime = now;
    }

    // ---- bookkeeping --------------------------------------------------------------------------------

    private void progressed(Instant now) {
        lastProgressAt = now;
        group.reconcileAt(now.plus(group.stallTimeout()));
    }

    private void track(Instant now, int n, View v) {
        if (rollingBack()) {
            // PercentageComplete counts the refresh's replacements that are still there, so it goes down.
            percentageComplete = n == 0 ? 0 : Math.min(100, v.actionable.size() * 100 / n);
            instancesToUpdate = v.actionable.size() + v.blocked.size();
        } else {
            percentageComplete = n == 0 ? 100 : Math.min(100, v.done * 100 / n);
            instancesToUpdate = Math.max(0, n - v.done);
        }
        int done = rollingBack() ? v.liveCount - v.actionable.size() - v.inFlight.size() : v.done;
        if (done > lastDone) {
            lastDone = done;
            progressed(now);
        }
    }

    private String waitingReason(View v) {
        List<GroupInstance> warming = v.inFlight.stream()
                .filter(i -> i.lifecycle == GroupInstance.Lifecycle.IN_SERVICE).toList();
        if (!warming.isEmpty()) {
            return "Waiting for instances to warm up before continuing. For example: " + warming.get(0).instanceId
                    + " is warming up.";
        }
        if (v.actionable.isEmpty() && v.inFlight.isEmpty() && !v.blocked.isEmpty()) {
            return "Waiting for " + blockedDescription(v.blocked) + ".";
        }
        return null;
    }

    private String stallReason(View v) {
        long minutes = group.stallTimeout().toMinutes();
        if (lastHealthFailure != null) {
            return "Instance refresh failed: replacement instances did not pass their health checks within "
                    + minutes + " minutes. " + lastHealthFailure;
        }
        if (!v.blocked.isEmpty()) {
            return "Instance refresh failed: timed out after " + minutes + " minutes waiting for "
                    + blockedDescription(v.blocked) + ".";
        }
        return "Instance refresh failed: no instance was replaced for " + minutes + " minutes.";
    }

    private String blockedDescription(List<GroupInstance> blocked) {
        String standby = blocked.stream().filter(i -> i.lifecycle == GroupInstance.Lifecycle.STANDBY)
                .map(i -> i.instanceId).collect(Collectors.joining(", "));
        String protectedIds = blocked.stream().filter(i -> i.lifecycle != GroupInstance.Lifecycle.STANDBY)
                .map(i -> i.instanceId).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        if (!standby.isEmpty()) {
            sb.append("instances in Standby to return to service (").append(standby).append(')');
        }
        if (!protectedIds.isEmpty()) {
            sb.append(sb.length() > 0 ? " and " : "")
                    .append("scale-in protection to be removed from instances (").append(protectedIds).append(')');
        }
        return sb.toString();
    }

    // ---- classifying the group's instances ---------------------------------------------------------

    /** The group's instances as this pass sees them. */
    private record View(List<GroupInstance> actionable, List<GroupInstance> blocked,
                        List<GroupInstance> standbyToTerminate, List<GroupInstance> inFlight,
                        int done, int readyCount, int liveCount) {}

    private View view(Instant now) {
        LaunchSource target = target();
        Function<GroupInstance, Boolean> candidate = gi -> isCandidate(gi, target);
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

    private boolean isCandidate(GroupInstance gi, LaunchSource target) {
        boolean initial = initialInstances.contains(gi.instanceId);
        boolean matches = group.launchedFrom(gi, target);
        if (rollingBack()) {
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

    /** InService, healthy, and for an instance launched during the refresh, warmed up. */
    private boolean isReady(GroupInstance gi, Instant now) {
        if (!gi.isInServiceAndHealthy()) {
            return false;
        }
        return initialInstances.contains(gi.instanceId) || !now.isBefore(gi.inServiceSince.plus(warmup));
    }
}
