package io.jenkins.plugins.amifactory.engine.bench;

import java.util.Collection;

/** What a set of waits adds up to: calls, detection latency over the waits that noticed, and false timeouts. */
record Figures(int waits, long calls, long leaseCalls, double meanLatency, double maxLatency, int falseTimeouts) {

    static Figures of(Collection<WaitRecord> records) {
        long calls = 0;
        long lease = 0;
        double sum = 0;
        double max = 0;
        int noticed = 0;
        int gaveUp = 0;
        for (WaitRecord w : records) {
            calls += w.calls();
            lease += w.leaseCalls();
            if (w.falseTimeout()) {
                gaveUp++;
            } else if (!Double.isNaN(w.latencySeconds())) {
                noticed++;
                sum += w.latencySeconds();
                max = Math.max(max, w.latencySeconds());
            }
        }
        return new Figures(records.size(), calls, lease, noticed == 0 ? Double.NaN : sum / noticed, noticed == 0 ? Double.NaN : max,
                gaveUp);
    }

    double callsPerWait() {
        return waits == 0 ? 0 : (double) calls / waits;
    }
}
