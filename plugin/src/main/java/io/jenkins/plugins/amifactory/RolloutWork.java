package io.jenkins.plugins.amifactory;

import hudson.model.Run;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.FleetNext;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.FleetState;
import io.jenkins.plugins.amifactory.engine.Next;
import io.jenkins.plugins.amifactory.engine.Rollout;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import io.jenkins.plugins.amifactory.engine.RolloutListener;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutState;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a step runs: a lone {@link Rollout}, as before fleets, or a {@link Fleet} when the step names targets. The
 * Pipeline step's polls and the build step's driver see both through this one face, so polling, stopping, saving,
 * recording and failing are written once for both. Not thread-safe: one caller advances it at a time.
 */
abstract class RolloutWork {

    /** Starts the work; nothing is called in AWS yet. The first line on {@code listener} names the version. */
    static RolloutWork start(RolloutRequest request, FleetRequest fleet, Instant now, RolloutListener listener) {
        return fleet == null ? new Lone(Rollout.start(request, now, listener))
                : new OfFleet(Fleet.start(fleet, now, listener));
    }

    /** Continues from saved facts: {@code state} for a lone Rollout, {@code fleetState} with a fleet. */
    static RolloutWork resume(RolloutRequest request, RolloutState state, FleetRequest fleet, FleetState fleetState,
                              RolloutListener listener) {
        return fleet == null ? new Lone(Rollout.resume(request, state, listener))
                : new OfFleet(Fleet.resume(fleet, fleetState, listener));
    }

    /** Goes back as the abort outcome says; asked again, stops going back too. */
    abstract void abort(String reason);

    /**
     * One step, each region's calls on the clients {@code regions} opens (and this closes). The delay before the next
     * step, or null once the work has ended (then {@link #outcome()} is final).
     */
    abstract Duration advance(Fleet.RegionClients regions, Instant now);

    /** Runs to the end on the calling thread (the build step's): {@code driver} sleeps and passes aborts on. */
    abstract Outcome run(RolloutDriver driver, Fleet.RegionClients regions);

    /** The engine's facts: what a restarted controller needs to continue. The live object, not a copy. */
    abstract Serializable state();

    /** A one-line account of where it is. */
    abstract String status();

    /**
     * The facts a restarted controller must not lose, as text to compare between polls: a save is asked for only
     * when they change. Progress percentages and call counts are left out.
     */
    abstract String facts();

    /** How it ended; meaningful once {@link #advance} answered null. */
    abstract Outcome outcome();

    /** "The build was aborted before anything started", naming what would have run. */
    abstract String abortedBeforeStart();

    /** What a lone Rollout's facts are; a fleet's are its targets' together. */
    static String facts(RolloutResult x) {
        return String.join("|", String.valueOf(x.phase()), x.status().name(), x.imageId(),
                String.valueOf(x.snapshotIds()), x.newConfiguration(), x.refreshId(), x.refreshStatus(),
                x.message(), String.valueOf(x.ledger()));
    }

    /**
     * How a finished rollout or fleet ended, as the build shows it.
     *
     * @param toMap           what the Pipeline step returns
     * @param verdict         how it ended, in one sentence that the build's last line can be
     * @param summary         writes the summary at the end of the log
     * @param keeper          adds it to the build's results page and summary
     * @param abortedAfterEnd why an interrupted build step ended aborted although the work had ended as it did
     */
    record Outcome(RolloutStatus status, Map<String, Object> toMap, String verdict,
                   Consumer<ConsoleRolloutListener> summary, Consumer<Run<?, ?>> keeper, String abortedAfterEnd) {

        static Outcome of(RolloutResult r) {
            return new Outcome(r.status(), r.toMap(), r.verdict(), c -> c.summary(r),
                    run -> AmiFactoryAction.record(run, r), Messages.Builder_AbortedAfterEnd(r.asg(), r.status().name()));
        }

        /** {@code customEndpoint}: whether the fleet's calls went elsewhere than AWS (its targets then get no links). */
        static Outcome of(FleetResult f, boolean customEndpoint) {
            return new Outcome(f.status(), f.toMap(), ConsoleRolloutListener.verdict(f), c -> c.summary(f),
                    run -> AmiFactoryAction.record(run, f, customEndpoint),
                    Messages.Builder_FleetAbortedAfterEnd(f.targets().size(), f.status().name()));
        }

        boolean succeeded() {
            return status.isSuccess();
        }

        void summarize(ConsoleRolloutListener console) {
            summary.accept(console);
        }

        void keepWith(Run<?, ?> run) {
            keeper.accept(run);
        }
    }

    private static final class Lone extends RolloutWork {
        private final Rollout rollout;
        private RolloutResult result;

        Lone(Rollout rollout) {
            this.rollout = rollout;
        }

        @Override
        void abort(String reason) {
            rollout.abort(reason);
        }

        @Override
        Duration advance(Fleet.RegionClients regions, Instant now) {
            Next next;
            try (AwsClients clients = regions.open(rollout.request().region())) {
                next = rollout.advance(clients, now);
            }
            if (next.isFinished()) {
                result = next.result();
                return null;
            }
            return next.delay();
        }

        @Override
        Outcome run(RolloutDriver driver, Fleet.RegionClients regions) {
            result = driver.run(rollout);
            return outcome();
        }

        @Override
        Serializable state() {
            return rollout.state();
        }

        @Override
        String status() {
            return rollout.status();
        }

        @Override
        String facts() {
            return facts(rollout.result());
        }

        @Override
        Outcome outcome() {
            return Outcome.of(result);
        }

        @Override
        String abortedBeforeStart() {
            return Messages.Builder_AbortedBeforeStart(rollout.request().asg());
        }
    }

    private static final class OfFleet extends RolloutWork {
        private final Fleet fleet;
        private FleetResult result;

        OfFleet(Fleet fleet) {
            this.fleet = fleet;
        }

        @Override
        void abort(String reason) {
            fleet.abort(reason);
        }

        @Override
        Duration advance(Fleet.RegionClients regions, Instant now) {
            FleetNext next = fleet.advance(regions, now);
            if (next.isFinished()) {
                result = next.result();
                return null;
            }
            return next.delay();
        }

        @Override
        Outcome run(RolloutDriver driver, Fleet.RegionClients regions) {
            result = driver.run(fleet, regions);
            return outcome();
        }

        @Override
        Serializable state() {
            return fleet.state();
        }

        @Override
        String status() {
            return fleet.status();
        }

        @Override
        String facts() {
            FleetResult x = fleet.result();
            List<String> parts = new ArrayList<>(List.of(fleet.state().stage().name(), x.status().name(),
                    String.valueOf(x.message()), String.valueOf(x.plans().size()), String.valueOf(x.copies()),
                    String.valueOf(x.ledger())));
            x.results().forEach(r -> parts.add(r == null ? "-" : facts(r)));
            return String.join("#", parts);
        }

        @Override
        Outcome outcome() {
            return Outcome.of(result, fleet.request().first().endpoints().custom());
        }

        @Override
        String abortedBeforeStart() {
            return Messages.Builder_FleetAbortedBeforeStart(fleet.request().targets().size());
        }
    }
}
