package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Image rolled out to several groups and regions, as a non-blocking state machine over ordinary
 * {@link Rollout}s, one per {@link Target}. Every target is planned first, so bad input anywhere changes nothing.
 * The first target's rollout then makes the Image as a lone rollout would; once it is available, it is copied
 * into every other region (encrypted with that region's key if one is given). The other targets' rollouts are
 * given the Image (or their region's copy) instead of making their own. Waves roll in target order, each gated
 * on a healthy Refresh, or all at once with {@code parallel}. A rollout whose Refresh was healthy is held (its
 * lease kept, its retention not yet run) until the fleet's verdict: all healthy, and every one is released; one
 * fails, and the ones held are rolled back or released as {@link OnFailure} says.
 *
 * <p>Each {@link #advance} makes at most one target's step or one copy request and says when to call again.
 * Not thread-safe: one caller advances it at a time.
 */
public final class Fleet {

    /** The clients of one region for one step; the fleet closes each pair it opens. */
    @FunctionalInterface
    public interface RegionClients {
        AwsClients open(String region);
    }

    /** Tag on a copy: the region and id of the Image it was copied from. */
    public static final String TAG_COPY_OF = "ami-factory:copy-of";

    private final FleetRequest request;
    private final FleetState state;
    private final RolloutListener listener;
    /** The live rollouts, aligned with the state's. */
    private final List<Rollout> rollouts = new ArrayList<>();
    /** When each target's rollout wants its next step: the state's own list. */
    private final List<Instant> due;
    /** The plan being made in the check stage; not saved (a resumed check plans that target again). */
    private Rollout checking;
    /** The Image's copies into the other regions. */
    private final FleetCopies copies;

    private Fleet(FleetRequest request, FleetState state, RolloutListener listener) {
        this.request = request;
        this.state = state;
        this.listener = listener == null ? RolloutListener.NONE : listener;
        for (int i = 0; i < request.targets().size(); i++) {
            RolloutState s = state.rollouts.get(i);
            rollouts.add(s == null ? null : Rollout.resume(requestFor(i, false), s, listenerFor(i)));
        }
        this.due = state.due;
        this.copies = new FleetCopies(request, state, this.listener);
    }

    /** A new fleet starting at {@code now}. */
    public static Fleet start(FleetRequest request, Instant now, RolloutListener listener) {
        FleetState s = new FleetState(UUID.randomUUID().toString(), now,
                now.plus(request.first().deadlines().overall()), request.targets().size());
        Fleet fleet = new Fleet(request, s, listener);
        fleet.listener.info("AMI Factory " + BuildVersion.current() + ": " + (request.first().planOnly() ? "plan for "
                : "rollout of ") + request.targets().size() + " groups from instance " + request.first().instance()
                + " in " + request.sourceRegion() + (request.parallel() ? ", all at once" : ", in waves: "
                + String.join(", then ", request.targets().stream().map(Target::toString).toList())));
        return fleet;
    }

    /** Continues a fleet from its saved state. */
    public static Fleet resume(FleetRequest request, FleetState state, RolloutListener listener) {
        return new Fleet(request, state, listener);
    }

    public FleetState state() {
        return state;
    }

    public FleetRequest request() {
        return request;
    }

    /** A one-line account of where the fleet is. */
    public String status() {
        if (state.stage == FleetState.Stage.CHECK) {
            return "checking " + state.checked + " of " + request.targets().size() + " targets";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            parts.add(request.targets().get(i) + ": " + (r == null ? "waiting" : r.status()));
        }
        return String.join("; ", parts);
    }

    /**
     * Stops the fleet: every running target applies its abort outcome; a held one is rolled back when both the
     * outcome and {@link OnFailure#ROLLBACK_ALL} ask for it, else released with its healthy Refresh.
     */
    public void abort(String reason) {
        if (state.status.isTerminal()) {
            return;
        }
        if (state.stopCause != null) {
            // A second abort reaches every rollout: each stops its revert where it is.
            // A released one has succeeded: an abort only cuts its retention short once it is in the cleanup.
            rollouts.stream().filter(r -> r != null && !r.state().status.isTerminal()
                    && !(r.state().phase == Phase.HELD && r.state().released)).forEach(r -> r.abort(reason));
            return;
        }
        if (state.stage == FleetState.Stage.CHECK) {
            state.stopCause = RolloutStatus.ABORTED;
            state.failure = "Aborted" + (reason == null ? "" : " (" + reason + ")") + " while checking the targets";
            return;
        }
        stop(RolloutStatus.ABORTED, -1, "Aborted" + (reason == null ? "" : " (" + reason + ")"),
                request.first().deadlines().onAbort(), reason);
    }

    /** Does the next step and says when to call again, or how the fleet ended. */
    public FleetNext advance(RegionClients clients, Instant now) {
        if (state.status.isTerminal()) {
            return new FleetNext(null, result());
        }
        if (state.stage == FleetState.Stage.CHECK) {
            return check(clients, now);
        }
        if (state.stopCause == null && !now.isBefore(state.deadline) && !verdictReached()) {
            stop(RolloutStatus.TIMED_OUT, -1, "The fleet did not finish within "
                    + Durations.words(request.first().deadlines().overall()) + " (timeoutMinutes)",
                    request.first().deadlines().onTimeout(), null);
        }
        startWhatMayStart(now);
        if (state.stopCause == null && copyNext(clients, now)) {
            return FleetNext.again(Duration.ZERO);
        }
        int next = nextDue();
        if (next >= 0 && !due.get(next).isAfter(now)) {
            step(next, clients, now);
            // A wave that just got healthy lets the next one start, and an Image that just became available
            // is copied, now rather than when the held wave next renews its lease.
            startWhatMayStart(now);
            if (state.stopCause == null && sourceImageReady() && copies.pending(now)) {
                return FleetNext.again(Duration.ZERO);
            }
        }
        FleetNext settled = settle(clients, now);
        if (settled != null) {
            return settled;
        }
        next = nextDue();
        if (next < 0) {
            return FleetNext.again(Polling.FIRST_POLL);
        }
        Duration wait = Duration.between(now, due.get(next));
        return FleetNext.again(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** The result so far (final once the status is terminal). */
    public FleetResult result() {
        List<RolloutResult> results = new ArrayList<>();
        rollouts.forEach(r -> results.add(r == null ? null : r.result()));
        Map<String, String> byRegion = new java.util.TreeMap<>();
        state.copies.forEach((region, c) -> {
            if (c.imageId != null) {
                byRegion.put(region, c.imageId);
            }
        });
        return new FleetResult(state.fleetId, state.status, state.status.isSuccess() ? null : state.failure,
                request.targets(), results, byRegion, state.ledger, state.plans, state.apiCalls);
    }

    // The check stage: a plan of every target, before anything changes.

    private FleetNext check(RegionClients clients, Instant now) {
        if (state.stopCause != null) {
            return finish(state.stopCause);
        }
        int i = state.checked;
        if (checking == null) {
            checking = Rollout.start(planFor(i), now, listenerFor(i));
        }
        Target t = request.targets().get(i);
        Next n;
        try (AwsClients aws = clients.open(t.region())) {
            n = checking.advance(aws, now);
        }
        if (!n.isFinished()) {
            return FleetNext.again(n.delay());
        }
        checking = null;
        RolloutResult r = n.result();
        r.apiCalls().forEach((action, count) -> state.apiCalls.merge(action, count, Integer::sum));
        if (r.status() != RolloutStatus.PLANNED) {
            state.failure = t + ": " + r.message();
            return finish(RolloutStatus.REJECTED);
        }
        List<String> lines = new ArrayList<>(r.plan());
        state.plans.add(lines);
        state.checked++;
        if (state.checked < request.targets().size()) {
            return FleetNext.again(Duration.ZERO);
        }
        if (request.first().planOnly()) {
            return finish(RolloutStatus.PLANNED);
        }
        state.stage = FleetState.Stage.ROLL;
        return FleetNext.again(Duration.ZERO);
    }

    // The roll stage.

    /** Starts each target whose turn it is and whose Image is known. No AWS call. */
    private void startWhatMayStart(Instant now) {
        if (state.stopCause != null) {
            return;
        }
        for (int i = 0; i < rollouts.size(); i++) {
            if (rollouts.get(i) != null) {
                continue;
            }
            if (!request.parallel() && i > 0 && !held(i - 1)) {
                return;
            }
            String image = i == 0 ? null : imageFor(i);
            if (i > 0 && image == null) {
                if (request.parallel()) {
                    continue;
                }
                return;
            }
            if (i > 0) {
                listener.info((request.parallel() ? "Starting " : "Wave " + (i + 1) + " of " + rollouts.size() + ": ")
                        + request.targets().get(i) + " with Image " + image);
            }
            Rollout r = Rollout.start(requestFor(i, false), now, listenerFor(i));
            rollouts.set(i, r);
            state.rollouts.set(i, r.state());
            due.set(i, now);
        }
    }

    /**
     * Whether every wave was released: the fleet has succeeded, and only the cleanups (retention) are left, which
     * a deadline does not turn into a timeout.
     */
    private boolean verdictReached() {
        return rollouts.stream().allMatch(r -> r != null && (r.state().released
                || r.state().status == RolloutStatus.SUCCEEDED));
    }

    /** Whether target {@code i}'s rollout has a healthy Refresh and waits for the fleet's verdict. */
    private boolean held(int i) {
        Rollout r = rollouts.get(i);
        return r != null && r.state().phase == Phase.HELD && !r.state().released && !r.state().stopping()
                && !r.state().status.isTerminal();
    }

    /**
     * The Image target {@code i} may start with: the first target's once it is available, or its region's copy
     * once CopyImage answered (the rollout waits for the copy itself); null until then.
     */
    private String imageFor(int i) {
        boolean home = request.targets().get(i).region().equals(request.sourceRegion());
        return home && !sourceImageReady() ? null : givenImageOf(i);
    }

    /** The Image target {@code i} is given, as far as it is known, ready or not. */
    private String givenImageOf(int i) {
        Target t = request.targets().get(i);
        if (t.region().equals(request.sourceRegion())) {
            RolloutState first = state.rollouts.get(0);
            return first == null ? null : first.image.id;
        }
        FleetState.Copy c = state.copies.get(t.region());
        return c == null ? null : c.imageId;
    }

    /** Whether the first target's Image is available: its rollout went past waiting for it. */
    private boolean sourceImageReady() {
        Rollout first = rollouts.get(0);
        if (first == null || first.state().image.id == null) {
            return false;
        }
        Phase p = first.state().phase;
        return p.ordinal() > Phase.IMAGE_WAIT.ordinal() && p != Phase.REVERTING && p != Phase.FINISHED
                || first.state().status == RolloutStatus.SUCCEEDED;
    }

    /** Asks for the next region's copy once the Image is available; true when it made a call. */
    private boolean copyNext(RegionClients clients, Instant now) {
        if (!sourceImageReady() || !copies.pending(now)) {
            return false;
        }
        String failure = copies.requestNext(clients, now, rollouts.get(0).state());
        if (failure != null) {
            stop(RolloutStatus.FAILED, -1, failure, StopAction.ROLLBACK, null);
        }
        return true;
    }

    /** The groups of {@code region} that launch from the configuration their rollout wrote. */
    private List<String> launchesFromNew(String region) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            RolloutState s = r == null ? null : r.state();
            if (s != null && request.targets().get(i).region().equals(region)
                    && (s.status == RolloutStatus.SUCCEEDED || s.written.groupUpdated && !s.revert.groupDone)) {
                users.add(request.targets().get(i).asg());
            }
        }
        return users;
    }

    /** The started, unfinished target that wants its step soonest, or -1. */
    private int nextDue() {
        int best = -1;
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            if (r == null || r.state().status.isTerminal()) {
                continue;
            }
            if (due.get(i) == null) {
                due.set(i, Instant.MIN);
            }
            if (best < 0 || due.get(i).isBefore(due.get(best))) {
                best = i;
            }
        }
        return best;
    }

    private void step(int i, RegionClients clients, Instant now) {
        Rollout r = rollouts.get(i);
        boolean wasHeld = held(i);
        Next n;
        try (AwsClients aws = clients.open(request.targets().get(i).region())) {
            n = r.advance(aws, now);
        }
        due.set(i, n.isFinished() ? null : now.plus(n.delay()));
        if (!wasHeld && held(i) && state.stopCause == null) {
            listener.info(request.targets().get(i) + ": Refresh healthy; held until the fleet's verdict");
        }
        if (n.isFinished() && !n.result().succeeded() && state.stopCause == null) {
            RolloutStatus cause = n.result().status() == RolloutStatus.REJECTED ? RolloutStatus.FAILED : n.result().status();
            stop(cause, i, request.targets().get(i) + ": " + n.result().message(), null, null);
        }
    }

    /**
     * Stops going forward. A target whose own rollout failed has applied its outcome already; every other running
     * one applies {@code action} (null: the failure policy's), and each held one is rolled back or released.
     */
    private void stop(RolloutStatus cause, int failed, String why, StopAction action, String reason) {
        state.stopCause = cause;
        state.failedTarget = failed;
        state.failure = why;
        boolean all = request.onFailure() == OnFailure.ROLLBACK_ALL;
        String because = failed >= 0 ? "the rollout of " + request.targets().get(failed) + " failed"
                : cause == RolloutStatus.TIMED_OUT ? "the fleet ran out of time" : "the fleet was aborted";
        listener.info("Stopping the fleet: " + because + (all ? "; rolling back every wave" : ""));
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            if (i == failed || r == null || r.state().status.isTerminal() || r.state().stopping()
                    || r.state().released) {
                continue;
            }
            if (held(i)) {
                boolean back = all && (action == null || action == StopAction.ROLLBACK);
                if (back) {
                    r.rollBack("Rolled back because " + because);
                } else {
                    r.release();
                }
            } else if (cause == RolloutStatus.ABORTED) {
                r.abort(reason);
            } else if (cause == RolloutStatus.TIMED_OUT) {
                r.stopForFleet(RolloutStatus.TIMED_OUT, action, "Stopped because " + because);
            } else if (all) {
                r.stopForFleet(RolloutStatus.FAILED, StopAction.ROLLBACK, "Rolled back because " + because);
            }
            // With rollbackFailed a running wave goes on: it is released once healthy (see settle).
            due.set(i, Instant.MIN);
        }
    }

    /**
     * Releases held rollouts when their turn to finish has come, and ends the fleet once every rollout ended; null
     * while rollouts still run and nothing was released.
     */
    private FleetNext settle(RegionClients clients, Instant now) {
        boolean released = false;
        boolean allHealthy = true;
        boolean anyRunning = false;
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            if (r == null) {
                allHealthy = false;
            } else {
                anyRunning |= !r.state().status.isTerminal();
                allHealthy &= held(i) || r.state().status == RolloutStatus.SUCCEEDED;
            }
        }
        for (int i = 0; i < rollouts.size(); i++) {
            // Every wave healthy: all go on to their cleanup. Stopped: a wave that is healthy and was not rolled
            // back (rollbackFailed, or an outcome other than rollback) keeps the new Image.
            if (held(i) && (state.stopCause != null || allHealthy)) {
                if (!released && state.stopCause == null) {
                    listener.info("Every wave is healthy: finishing each");
                }
                rollouts.get(i).release();
                due.set(i, now);
                released = true;
            }
        }
        if (released) {
            return FleetNext.again(Duration.ZERO);
        }
        if (anyRunning) {
            return null;
        }
        boolean allSucceeded = rollouts.stream().allMatch(r -> r != null && r.state().status == RolloutStatus.SUCCEEDED);
        if (state.stopCause == null && !allSucceeded) {
            // A wave has yet to start (its Image is still being copied).
            return null;
        }
        copies.settle(clients, this::launchesFromNew);
        return finish(state.stopCause == null ? RolloutStatus.SUCCEEDED : state.stopCause);
    }

    private FleetNext finish(RolloutStatus status) {
        if (status != RolloutStatus.SUCCEEDED && status != RolloutStatus.PLANNED && status != RolloutStatus.REJECTED) {
            state.failure = RolloutContext.withoutFinalStop(state.failure) + ". " + whereEachTargetIs();
        }
        state.status = status;
        state.stage = FleetState.Stage.DONE;
        return new FleetNext(null, result());
    }

    /** One sentence per target: where its rollout left its group, or that its wave never started. */
    private String whereEachTargetIs() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < rollouts.size(); i++) {
            Rollout r = rollouts.get(i);
            Target t = request.targets().get(i);
            if (r == null) {
                parts.add(t + ": not started, unchanged");
            } else if (r.state().status == RolloutStatus.SUCCEEDED) {
                parts.add(t + ": on the new Image (" + r.result().newConfiguration() + ")");
            } else {
                String where = r.result().where();
                parts.add(t + ": " + (where != null ? where : r.result().status().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return String.join("; ", parts);
    }

    // Requests and listeners per target.

    /** Target {@code i}'s request: the first's, for its group and region, given the Image unless it makes it. */
    private RolloutRequest requestFor(int i, boolean plan) {
        Target t = request.targets().get(i);
        RolloutRequestBuilder b = request.first().toBuilder().asg(t.asg()).region(t.region())
                .holdAfterRefresh(request.targets().size() > 1).planOnly(plan);
        if (i > 0) {
            if (plan) {
                b.imageFromFleet(true);
            } else {
                b.givenImage(givenImageOf(i));
            }
        }
        return b.build();
    }

    private RolloutRequest planFor(int i) {
        return requestFor(i, true);
    }

    private RolloutListener listenerFor(int i) {
        String prefix = "[" + request.targets().get(i) + "] ";
        return new RolloutListener() {
            @Override
            public void phaseStarted(Phase phase, String detail) {
                listener.phaseStarted(phase, detail == null ? null : prefix + detail);
            }

            @Override
            public void progress(Phase phase, int percent, Duration remaining, String detail) {
                listener.progress(phase, percent, remaining, prefix + detail);
            }

            @Override
            public void info(String message) {
                listener.info(prefix + message);
            }
        };
    }
}
