package io.jenkins.plugins.amifactory.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a request to stop (Ctrl-C) comes from. A command arms it around work that must not be cut off
 * halfway, such as a rollout that has to revert, and releases it with its exit code once its output is
 * written. Tests use their own source to stop a rollout at a chosen simulated moment.
 */
public interface Interrupts {

    /** Never interrupts. */
    Interrupts NONE = onInterrupt -> exitCode -> { };

    /** Until {@link Guard#release}, runs {@code onInterrupt} when the user asks to stop. */
    Guard arm(Runnable onInterrupt);

    /** The armed state; release it exactly once, when the command's output is complete. */
    @FunctionalInterface
    interface Guard {
        void release(int exitCode);
    }

    /**
     * Ctrl-C (and SIGTERM) as signals the process handles itself, every time one comes: the first stops the
     * rollout going forward, a second stops its revert (the rollout then reports where everything is). A
     * shutdown hook could not do that: once the JVM began to exit, it ignores further signals. The process
     * ends when the command returns its exit code, or {@code bound} after the first signal. Where the JVM does
     * not let a program handle these signals, falls back to {@link #shutdownHook}.
     */
    @SuppressWarnings("sunapi")
    static Interrupts signals(PrintStream err, Duration bound) {
        return onInterrupt -> {
            CountDownLatch released = new CountDownLatch(1);
            AtomicBoolean watchdog = new AtomicBoolean();
            sun.misc.SignalHandler handler = signal -> {
                if (released.getCount() == 0) {
                    return;
                }
                onInterrupt.run();
                if (watchdog.compareAndSet(false, true)) {
                    Thread t = new Thread(() -> haltUnlessReleased(released, err, bound), "ami-factory-stop-bound");
                    t.setDaemon(true);
                    t.start();
                }
            };
            sun.misc.SignalHandler previousInt;
            sun.misc.SignalHandler previousTerm;
            try {
                previousInt = sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
                previousTerm = sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
            } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
                return shutdownHook(err, bound).arm(onInterrupt);
            }
            return exitCode -> {
                released.countDown();
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), previousInt);
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), previousTerm);
            };
        };
    }

    private static void haltUnlessReleased(CountDownLatch released, PrintStream err, Duration bound) {
        try {
            if (!released.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                err.println("Stopped waiting after " + io.jenkins.plugins.amifactory.engine.Durations.words(bound)
                        + "; what the outcome started may still be running in AWS.");
                err.flush();
                System.out.flush();
                Runtime.getRuntime().halt(ExitCodes.ABORTED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ctrl-C (and SIGTERM) through a JVM shutdown hook, once: the JVM ignores a second Ctrl-C while it exits. The JVM is already exiting when the hook runs, so
     * the hook keeps it alive until the command releases the guard (or {@code bound} passes), then ends the
     * process with the command's exit code instead of the JVM's 130.
     */
    static Interrupts shutdownHook(PrintStream err, Duration bound) {
        return onInterrupt -> {
            CountDownLatch released = new CountDownLatch(1);
            AtomicInteger exitCode = new AtomicInteger(ExitCodes.ABORTED);
            Thread hook = new Thread(() -> {
                onInterrupt.run();
                try {
                    if (!released.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                        err.println("Stopped waiting after " + io.jenkins.plugins.amifactory.engine.Durations.words(bound)
                                + "; what the outcome started may still be running in AWS.");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.flush();
                err.flush();
                Runtime.getRuntime().halt(exitCode.get());
            }, "ami-factory-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return code -> {
                exitCode.set(code);
                released.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running: it ends the process with this exit code.
                }
            };
        };
    }
}
