package io.jenkins.plugins.amifactory.cli;

import java.util.ArrayList;
import java.util.List;

/** Ctrl-C on demand: {@link #fire} does what the shutdown hook would, and the release codes are recorded. */
final class TestInterrupts implements Interrupts {

    private Runnable armed;
    final List<Integer> released = new ArrayList<>();

    @Override
    public synchronized Guard arm(Runnable onInterrupt) {
        armed = onInterrupt;
        return exitCode -> {
            synchronized (this) {
                released.add(exitCode);
                armed = null;
            }
        };
    }

    synchronized boolean isArmed() {
        return armed != null;
    }

    /** Presses Ctrl-C; false when nothing was armed. */
    boolean fire() {
        Runnable r;
        synchronized (this) {
            r = armed;
        }
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }
}
