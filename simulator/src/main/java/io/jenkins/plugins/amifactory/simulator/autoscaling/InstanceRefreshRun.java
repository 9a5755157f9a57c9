package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One instance refresh (strategy Rolling) and the algorithm that drives it. {@link #step} is called by the
 * group's reconcile whenever something may have changed (an instance became InService, a warm-up, a
 * checkpoint delay or the bake time ended, a stall deadline passed, a CloudWatch alarm changed state) and
 * moves the state machine of {@link RefreshStatus} forward. Until it is done moving forward, an alarm it
 * watches in {@code ALARM} fails it, as a stall does.
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
 * The parts: {@link RefreshScope} says which instances are candidates and which are ready,
 * {@link ReplacementLimits} how far a pass may go, {@link RefreshProgress} what the refresh reports, and
 * {@link RefreshMessages} in which words; this class keeps the state machine and its timing (checkpoint
 * delays, bake time, stall timeout).
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

    private final RefreshScope scope;
    private final ReplacementLimits limits;
    private final RefreshProgress progress;
    private RefreshStatus status = RefreshStatus.PENDING;
    private Instant pausedUntil;
    private Instant bakeUntil;
    private String lastHealthFailure;

    InstanceRefreshRun(String id, RefreshedGroup group, RefreshPreferences preferences,
                       LaunchSource desiredConfiguration, Instant startTime) {
        this.id = id;
        this.group = group;
        this.preferences = preferences;
        this.desiredConfiguration = desiredConfiguration;
        this.startTime = startTime;
        this.progress = new RefreshProgress(group.desiredCapacity());
        this.scope = new RefreshScope(group, preferences);
        this.limits = new ReplacementLimits(preferences, this::rollingBack);
    }

    RefreshStatus status() {
        return status;
    }

    RefreshProgress progress() {
        return progress;
    }

    Duration warmup() {
        return scope.warmup();
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
        progress.explain(RefreshMessages.cancelling());
        pausedUntil = null;
        bakeUntil = null;
    }

    void rollBack(Instant now, String reason, boolean manual) {
        if (status == RefreshStatus.PENDING) {
            scope.recordInitialInstances();
        }
        progress.rollingBack(now, reason, manual);
        status = RefreshStatus.ROLLBACK_IN_PROGRESS;
        pausedUntil = null;
        bakeUntil = null;
        lastHealthFailure = null;
        progressed(now);
    }

    // ---- notifications from the group --------------------------------------------------------------

    /** A launch for this refresh failed in EC2: AWS gives up on the refresh. */
    void launchFailed(Instant now, String message) {
        if (status == RefreshStatus.IN_PROGRESS || status == RefreshStatus.BAKING || rollingBack()) {
            fail(now, RefreshMessages.launchFailed(message));
        }
    }

    /** An instance failed its health check; remembered to explain a stall. */
    void instanceUnhealthy(GroupInstance gi, String why) {
        if (status.isActive() && !scope.isInitial(gi)) {
            lastHealthFailure = RefreshMessages.replacedUnhealthy(gi, why);
        }
    }

    // ---- the state machine --------------------------------------------------------------------------

    /** Moves the refresh forward as far as the group's state allows at {@code now}. */
    void step(Instant now) {
        if (status.canRollBack()) {
            // Alarms gate the forward phase (checkpoint waits and the bake time included), not a rollback.
            List<String> firing = group.inAlarm(preferences.alarms());
            if (!firing.isEmpty()) {
                fail(now, RefreshMessages.alarmsInAlarm(firing));
                return;
            }
        }
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
                    progress.explain(RefreshMessages.cancelled());
                    progress.end(now);
                }
            }
            default -> {
                // finished: nothing moves any more
            }
        }
    }

    private void begin(Instant now) {
        scope.begin();
        status = RefreshStatus.IN_PROGRESS;
        progressed(now);
    }

    private RefreshScope.View view(Instant now) {
        return scope.view(target(), rollingBack(), now);
    }

    /** One pass of the replacement loop (see the class comment). */
    private void replace(Instant now) {
        int n = group.desiredCapacity();
        RefreshScope.View v = view(now);
        int before = progress.percentageComplete();
        int batch = group.percentagePerBatch() ? Math.max(1, n - limits.minHealthy(n)) : 1;
        if (progress.track(n, v, rollingBack(), batch)) {
            progressed(now);
        }
        if (progress.percentageComplete() != before) {
            group.note(id, progress.percentageComplete() + "%");
        }

        for (GroupInstance s : v.standbyToTerminate()) {
            group.terminate(s, "an instance in Standby was taken out of service in response to an "
                    + "instance refresh");
            progressed(now);
        }
        if (pausedUntil != null) {
            if (now.isBefore(pausedUntil)) {
                return;
            }
            pausedUntil = null;
            limits.passCheckpoint();
            progressed(now);
        }
        if (v.actionable().isEmpty() && v.blocked().isEmpty() && v.inFlight().isEmpty() && v.liveCount() >= n) {
            finishPhase(now);
            return;
        }
        boolean warming = v.inFlight().stream().anyMatch(GroupInstance::isInServiceAndHealthy);
        if (!warming && progress.stalled(now, group.stallTimeout())) {
            fail(now, RefreshMessages.stalled(v, group.stallTimeout().toMinutes(), lastHealthFailure));
            return;
        }
        Integer checkpoint = limits.currentCheckpoint();
        int percentageComplete = progress.percentageComplete();
        if (checkpoint != null && checkpoint < 100 && percentageComplete >= checkpoint && v.inFlight().isEmpty()) {
            pausedUntil = now.plusSeconds(preferences.effectiveCheckpointDelay());
            progress.explain(RefreshMessages.checkpointReached(limits.checkpointNumber(),
                    preferences.checkpointPercentages().size(), percentageComplete,
                    preferences.effectiveCheckpointDelay()));
            group.reconcileAt(pausedUntil);
            return;
        }
        if (!rollingBack()) {
            // A rollback keeps explaining why it rolls back rather than what it waits for.
            progress.explain(RefreshMessages.waiting(v));
        }
        terminateWhatTheLimitsAllow(now, n, v);
    }

    private void terminateWhatTheLimitsAllow(Instant now, int n, RefreshScope.View v) {
        int minHealthy = limits.minHealthy(n);
        int ready = v.readyCount();
        int old = v.actionable().size();
        boolean any = false;
        for (GroupInstance gi : scope.replacementOrder(v.actionable(), now)) {
            if (!limits.withinCheckpoint(n, old - 1)) {
                break;
            }
            boolean wasReady = scope.isReady(gi, now);
            if (wasReady && ready - 1 < minHealthy) {
                break;
            }
            group.terminate(gi, "an instance was taken out of service in response to an instance refresh");
            old--;
            ready -= wasReady ? 1 : 0;
            any = true;
        }
        // AWS always keeps at least one replacement going, even when the percentages leave no room.
        boolean launching = group.live().size() < n + limits.surge(n, v.actionable().size());
        if (!any && v.inFlight().isEmpty() && !launching && !v.actionable().isEmpty()
                && limits.withinCheckpoint(n, old - 1)) {
            group.terminate(scope.replacementOrder(v.actionable(), now).get(0),
                    "an instance was taken out of service in response to an instance refresh");
            any = true;
        }
        if (any) {
            progressed(now);
        }
    }

    /** How many instances above desired capacity the group may run right now ({@link ReplacementLimits#surge}). */
    int surge() {
        if (status != RefreshStatus.IN_PROGRESS && !rollingBack()) {
            return 0;
        }
        return limits.surge(group.desiredCapacity(), view(group.now()).actionable().size());
    }

    private void finishPhase(Instant now) {
        if (rollingBack()) {
            status = RefreshStatus.ROLLBACK_SUCCESSFUL;
            progress.end(now);
        } else if (preferences.effectiveBakeTime() > 0) {
            status = RefreshStatus.BAKING;
            group.note(id, status.awsName());
            progress.explain(RefreshMessages.baking(preferences.effectiveBakeTime()));
            progress.complete();
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
        group.note(id, status.awsName());
        progress.complete();
        progress.explain(null);
        progress.end(now);
    }

    private void fail(Instant now, String reason) {
        if (!rollingBack() && preferences.rollsBackAutomatically()) {
            rollBack(now, reason, false);
            return;
        }
        status = rollingBack() ? RefreshStatus.ROLLBACK_FAILED : RefreshStatus.FAILED;
        group.note(id, status.awsName());
        progress.explain(reason);
        progress.end(now);
    }

    // ---- bookkeeping --------------------------------------------------------------------------------

    private void progressed(Instant now) {
        progress.progressed(now);
        group.reconcileAt(now.plus(group.stallTimeout()));
    }
}
