package io.jenkins.plugins.amifactory.engine.bench;

/**
 * How one wait went for one contender: the calls it made while waiting (and of those, the engine's renewals of its
 * lease on the group), how late it noticed the change that ended the wait (simulated seconds, NaN when it never
 * did), and whether it gave up on something that did finish.
 */
record WaitRecord(Kind kind, int calls, int leaseCalls, double latencySeconds, boolean falseTimeout) {

    /** What is waited for. */
    enum Kind { IMAGE, REFRESH }

    static WaitRecord noticed(Kind kind, int calls, int leaseCalls, double latencySeconds) {
        return new WaitRecord(kind, calls, leaseCalls, latencySeconds, false);
    }

    static WaitRecord gaveUp(Kind kind, int calls, int leaseCalls) {
        return new WaitRecord(kind, calls, leaseCalls, Double.NaN, true);
    }
}
