package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import java.time.Instant;

/**
 * A rollout that was cut off (its controller stopped without saving the step, so nobody resumed it), found
 * by its stale lease on the group. Before a new rollout starts, what the earlier one left running gets the
 * failure action: its Refresh, if one runs, is rolled back (or cancelled where AWS cannot roll back) and
 * waited for; a Refresh that succeeded meanwhile is adopted as it is. Either way the new rollout says what it
 * found and what became of it.
 */
final class EarlierRollout {

    private final RolloutContext ctx;
    private final Lease held;

    EarlierRollout(RolloutContext ctx, Lease held) {
        this.ctx = ctx;
        this.held = held;
    }

    /** Null once nothing of the earlier rollout runs any more; else when to look again. */
    Next settle(Instant now) {
        String who = "An earlier rollout (" + held.describe() + ") was cut off; its lease on group '"
                + ctx.request.asg() + "' lapsed at " + Polling.clock(held.until());
        if (held.refreshId() == null) {
            ctx.listener.info(who + " before it started an instance refresh. Taking the group over as it is");
            return null;
        }
        InstanceRefresh r;
        try {
            r = ctx.aws.describeRefresh(held.refreshId());
        } catch (IllegalStateException gone) {
            ctx.listener.info(who + "; its instance refresh " + held.refreshId() + " is no longer listed");
            return null;
        }
        String status = r.statusAsString();
        if (!AwsLookups.ACTIVE_REFRESH.contains(status)) {
            String fate = RefreshPhase.fate(status);
            ctx.state.record("instance refresh", held.refreshId(), fate + " (earlier rollout " + held.rolloutId() + ")");
            ctx.listener.info(who + "; its instance refresh " + held.refreshId() + " ended " + status
                    + ("Successful".equals(status) ? ", so the group keeps what it rolled out" : ""));
            return null;
        }
        if (!"Cancelling".equals(status) && !"RollbackInProgress".equals(status)) {
            stop(r, who);
        }
        ctx.listener.progress(Phase.PREFLIGHT, r.percentageComplete() == null ? -1 : r.percentageComplete(), null,
                "earlier instance refresh " + held.refreshId() + " " + status);
        return Next.again(Polling.REVERT_POLL);
    }

    /** Rolls the earlier Refresh back where it carried a template version, else cancels it. */
    private void stop(InstanceRefresh r, String who) {
        boolean template = r.desiredConfiguration() != null
                && (r.desiredConfiguration().launchTemplate() != null || r.desiredConfiguration().mixedInstancesPolicy() != null);
        if (template) {
            try {
                ctx.aws.call("RollbackInstanceRefresh", () -> ctx.aws.autoScaling().rollbackInstanceRefresh(q -> q
                        .autoScalingGroupName(ctx.request.asg())));
                ctx.listener.info(who + " while its instance refresh " + held.refreshId() + " ran: rolling it back");
                return;
            } catch (SdkException e) {
                if (AwsErrors.isRetryable(e)) {
                    throw e;
                }
                // AWS rolls back only some Refreshes; cancelling is what is left.
            }
        }
        ctx.aws.call("CancelInstanceRefresh", () -> ctx.aws.autoScaling().cancelInstanceRefresh(q -> q
                .autoScalingGroupName(ctx.request.asg())));
        ctx.listener.info(who + " while its instance refresh " + held.refreshId() + " ran: cancelling it");
    }
}
