package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.Rollout;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutResult;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * Runs rollouts the way every command does: progress as they go, and Ctrl-C turned into the abort outcome
 * of the rollout running at the time. A command wraps all its work in {@link #guarded}, so that a Ctrl-C
 * lets it finish its report (a demo its whole summary) before the process ends with its exit code.
 */
final class RolloutRunner {

    private final CliContext ctx;
    private final AwsClients clients;
    private final Clock clock;
    private final RolloutDriver.Sleeper sleeper;

    private RolloutDriver running;
    private RolloutRequest runningRequest;
    /** Whether the running work is a fleet: Ctrl-C then reaches every group it is rolling out. */
    private boolean runningFleet;
    private boolean stopRequested;

    RolloutRunner(CliContext ctx, AwsClients clients, Clock clock, RolloutDriver.Sleeper sleeper) {
        this.ctx = ctx;
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs {@code work} with Ctrl-C armed; its result is the exit code the process ends with. */
    int guarded(IntSupplier work) {
        Interrupts.Guard guard = ctx.interrupts().arm(this::stop);
        int exitCode = ExitCodes.UNEXPECTED;
        try {
            exitCode = work.getAsInt();
            return exitCode;
        } finally {
            ctx.out().flush();
            ctx.err().flush();
            guard.release(exitCode);
        }
    }

    /** Runs {@code request} to its end, showing progress on {@code progressOut} (a bar when {@code bar}). */
    RolloutResult run(RolloutRequest request, PrintStream progressOut, boolean bar) {
        RolloutDriver driver = new RolloutDriver(clients, clock, sleeper);
        synchronized (this) {
            running = driver;
            runningRequest = request;
            if (stopRequested) {
                driver.abort("Ctrl-C");
            }
        }
        try (ConsoleProgress progress = new ConsoleProgress(progressOut, bar, ctx.width(), clock,
                request.planOnly())) {
            return driver.run(Rollout.start(request, clock.instant(), progress));
        } finally {
            synchronized (this) {
                running = null;
                runningRequest = null;
            }
        }
    }

    /** Runs {@code fleet} to its end, each region's calls on {@code regions}; progress as for one rollout. */
    FleetResult run(FleetRequest fleet, Fleet.RegionClients regions, PrintStream progressOut, boolean bar) {
        RolloutDriver driver = new RolloutDriver(clients, clock, sleeper);
        synchronized (this) {
            running = driver;
            runningRequest = fleet.first();
            runningFleet = true;
            if (stopRequested) {
                driver.abort("Ctrl-C");
            }
        }
        try (ConsoleProgress progress = new ConsoleProgress(progressOut, bar, ctx.width(), clock,
                fleet.first().planOnly())) {
            return driver.run(Fleet.start(fleet, clock.instant(), progress), regions);
        } finally {
            synchronized (this) {
                running = null;
                runningRequest = null;
                runningFleet = false;
            }
        }
    }

    /**
     * Ctrl-C: the running rollout applies its abort outcome, and any later one stops before it starts; a second
     * Ctrl-C stops the revert too.
     */
    private void stop() {
        RolloutDriver driver;
        RolloutRequest request;
        boolean again;
        boolean fleet;
        synchronized (this) {
            fleet = runningFleet;
            again = stopRequested;
            stopRequested = true;
            driver = running;
            request = runningRequest;
        }
        ctx.err().println();
        if (driver == null) {
            ctx.err().println("Stopping.");
            return;
        }
        if (again) {
            ctx.err().println("Ctrl-C again: stopping the revert of " + (fleet ? "every group" : "group '"
                    + request.asg() + "'") + " where it is; the result says where everything is.");
        } else {
            ctx.err().println("Stopping: applying --on-abort " + request.deadlines().onAbort().displayName()
                    + " to " + (fleet ? "every group the fleet is rolling out" : "group '" + request.asg() + "'")
                    + " before exiting (Ctrl-C again stops that too).");
        }
        driver.abort(again ? "Ctrl-C again" : "Ctrl-C");
        if (sleeper instanceof WakeableSleeper wakeable) {
            wakeable.wake();
        }
    }
}
