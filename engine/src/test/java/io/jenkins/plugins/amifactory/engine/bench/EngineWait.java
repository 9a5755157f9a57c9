package io.jenkins.plugins.amifactory.engine.bench;

import io.jenkins.plugins.amifactory.engine.Next;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.Rollout;
import io.jenkins.plugins.amifactory.engine.RolloutListener;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole rollout by the engine, as a Jenkins step would poll it. Its waits are the Image wait and the Refresh
 * wait: every call made by a step that started in one counts for it (lease renewals included), and it ends with
 * the step that sees the Image available or the Refresh Successful.
 */
final class EngineWait implements Contestant {

    private final BenchAccount account;
    private final RolloutRequest request;
    private final List<WaitRecord> waits = new ArrayList<>();
    private Rollout rollout;
    private RolloutResult result;
    private int waitCalls;
    private int waitLeaseCalls;

    EngineWait(BenchAccount account, RolloutRequest request) {
        this.account = account;
        this.request = request;
    }

    @Override
    public Duration step(Instant now) {
        if (rollout == null) {
            rollout = Rollout.start(request, now, RolloutListener.NONE);
        }
        Phase before = rollout.state().phase();
        int callsBefore = rollout.result().totalApiCalls();
        int leaseBefore = leaseCalls();
        Next next = rollout.advance(account.clients, now);
        Phase after = rollout.state().phase();
        WaitRecord.Kind kind = before == Phase.IMAGE_WAIT ? WaitRecord.Kind.IMAGE
                : before == Phase.REFRESH_WAIT ? WaitRecord.Kind.REFRESH : null;
        if (kind != null) {
            waitCalls += rollout.result().totalApiCalls() - callsBefore;
            waitLeaseCalls += leaseCalls() - leaseBefore;
            if (after != before) {
                waits.add(after == Phase.REVERTING || after == Phase.FINISHED && !next.result().succeeded()
                        ? WaitRecord.gaveUp(kind, waitCalls, waitLeaseCalls)
                        : WaitRecord.noticed(kind, waitCalls, waitLeaseCalls, latency(kind, now)));
                waitCalls = 0;
                waitLeaseCalls = 0;
            }
        }
        if (next.isFinished()) {
            result = next.result();
            return null;
        }
        return next.delay();
    }

    /** The calls that read and write the lease tag on the group (renewals, during a wait). */
    private int leaseCalls() {
        var calls = rollout.result().apiCalls();
        return calls.getOrDefault("DescribeTags", 0) + calls.getOrDefault("CreateOrUpdateTags", 0);
    }

    private double latency(WaitRecord.Kind kind, Instant seenAt) {
        Instant changed = kind == WaitRecord.Kind.IMAGE
                ? account.changedAt(rollout.state().imageId(), "available")
                : account.changedAt(rollout.state().refreshId(), "Successful");
        return changed == null ? Double.NaN : Duration.between(changed, seenAt).toMillis() / 1000.0;
    }

    @Override
    public List<WaitRecord> waits() {
        return waits;
    }

    @Override
    public String failure() {
        return result != null && result.succeeded() ? null : result == null ? "did not finish" : result.message();
    }
}
