package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.RolloutDriver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Real-time waits between rollout steps that {@link #wake} cuts short, so that after a Ctrl-C the revert
 * starts at once rather than after the current poll interval (up to five minutes against AWS). Only the wait
 * in progress is cut: the revert's own polling waits as usual.
 */
final class WakeableSleeper implements RolloutDriver.Sleeper {

    private long wakeups;

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        long seen = wakeups;
        long deadline = System.nanoTime() + Math.max(0, duration.toNanos());
        while (wakeups == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized void wake() {
        wakeups++;
        notifyAll();
    }
}
