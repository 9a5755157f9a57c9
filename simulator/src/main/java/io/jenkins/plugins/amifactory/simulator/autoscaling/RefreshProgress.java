package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Duration;
import java.time.Instant;

/**
 * What an instance refresh reports besides its status, as DescribeInstanceRefreshes shows it: the status
 * reason, PercentageComplete and InstancesToUpdate, the end time and a rollback's details. Also when the
 * refresh last made progress, which its stall timeout counts from.
 */
final class RefreshProgress {

    /** What a rollback reports, fixed when it starts. */
    record RollbackDetails(String reason, Instant startTime, int percentageComplete, int instancesToUpdate) {}

    private String statusReason;
    private Instant endTime;
    private int percentageComplete;
    private int instancesToUpdate;
    private RollbackDetails rollback;
    private Instant lastProgressAt;
    /** The most instances this phase has seen done; progress is more than that. */
    private int lastDone = -1;

    RefreshProgress(int instancesToUpdate) {
        this.instancesToUpdate = instancesToUpdate;
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

    /** Null unless the refresh rolled back or rolls back. */
    RollbackDetails rollback() {
        return rollback;
    }

    void explain(String reason) {
        statusReason = reason;
    }

    void end(Instant now) {
        endTime = now;
    }

    /** Every instance is replaced, whether or not the refresh still bakes. */
    void complete() {
        percentageComplete = 100;
        instancesToUpdate = 0;
    }

    /**
     * A rollback starts: it reports how far the refresh had come, explains itself in the status reason,
     * and counts its own progress from nothing.
     */
    void rollingBack(Instant now, String failure, boolean manual) {
        rollback = new RollbackDetails(RefreshMessages.rollbackReason(failure, manual), now, percentageComplete,
                instancesToUpdate);
        statusReason = RefreshMessages.rollingBack(failure, manual);
        lastDone = -1;
    }

    /**
     * Counts one pass of {@code n} desired instances; true when more are done than ever before this phase. With
     * a {@code batch} above 1, what it reports moves only by whole batches of that many instances.
     */
    boolean track(int n, RefreshScope.View v, boolean rollingBack, int batch) {
        if (rollingBack) {
            // PercentageComplete counts the refresh's replacements that are still there, so it goes down.
            percentageComplete = n == 0 ? 0 : Math.min(100, v.actionable().size() * 100 / n);
            instancesToUpdate = v.actionable().size() + v.blocked().size();
        } else {
            // AWS moves the percentage when a batch is done, not with each instance of it.
            int reported = batch > 1 && v.done() < n ? v.done() / batch * batch : v.done();
            percentageComplete = n == 0 ? 100 : Math.min(100, reported * 100 / n);
            instancesToUpdate = Math.max(0, n - reported);
        }
        int done = rollingBack ? v.liveCount() - v.actionable().size() - v.inFlight().size() : v.done();
        if (done > lastDone) {
            lastDone = done;
            return true;
        }
        return false;
    }

    void progressed(Instant now) {
        lastProgressAt = now;
    }

    boolean stalled(Instant now, Duration timeout) {
        return !now.isBefore(lastProgressAt.plus(timeout));
    }
}
