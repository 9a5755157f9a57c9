package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.engine.matrix.Fault;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixPhase;
import io.jenkins.plugins.amifactory.engine.matrix.ResourceFailure;

import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.URI;
import java.time.Duration;

/**
 * One case of the reliability matrix on the engine: a rollout of a fresh {@link Shop}, stepped on the
 * simulated clock, with {@code fault} striking when it reaches {@code at}. It only drives; what the case must
 * show is checked by {@link FaultMatrixTest}.
 */
final class FaultMatrixRun {

    /** An endpoint nothing listens on: connecting to it is refused at once. */
    static final URI DEAD_ENDPOINT = URI.create("http://127.0.0.1:1");
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SLOW_ANSWER = Duration.ofMillis(600);

    final Shop shop;
    final MatrixPhase at;
    final Fault fault;
    final RolloutRequest request;
    Rollout rollout;
    /** The second rollout of {@link Fault#CONCURRENT_ROLLOUT}, and the mutating calls it made. */
    RolloutResult concurrent;
    long concurrentMutations = -1;
    private AwsClients clients;
    private boolean struck;
    private int stepsSinceStrike;

    FaultMatrixRun(Shop shop, MatrixPhase at, Fault fault) {
        this.shop = shop;
        this.at = at;
        this.fault = fault;
        this.request = shop.request().callerReference("matrix").build();
        this.clients = shop.aws;
    }

    RolloutResult run() {
        rollout = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        boolean abortedForRevert = false;
        for (int i = 0; i < 5000; i++) {
            Phase phase = rollout.state().phase();
            if (at == MatrixPhase.REVERT && !abortedForRevert && phase == Phase.REFRESH_WAIT
                    && rollout.state().refreshPercent() != null) {
                rollout.abort("matrix: to test the revert");
                abortedForRevert = true;
            }
            if (!struck && strikesNow(phase)) {
                strike();
                struck = true;
            } else if (struck) {
                afterStep();
            }
            Next next = rollout.advance(clients, shop.world.now());
            if (struck && fault == Fault.SLOW_ANSWERS && stepsSinceStrike < 3) {
                // A call the client gave up on still runs on the server: let it land before the next step.
                sleep(SLOW_ANSWER.plusMillis(100));
            }
            if (next.isFinished()) {
                shop.server.faults().clear();
                return next.result();
            }
            shop.world.advance(next.delay());
        }
        throw new AssertionError("the rollout did not finish: " + rollout.status());
    }

    private boolean strikesNow(Phase phase) {
        return phase == (fault == Fault.RESOURCE_FAILS ? ResourceFailure.strikesIn(at) : at.phase);
    }

    private void strike() {
        Faults faults = shop.server.faults();
        switch (fault) {
            case THROTTLING_STORM -> faults.add(new Faults.Rule("*", Faults.Kind.THROTTLE, -1, 0.6, Duration.ZERO));
            case AWS_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.UNAVAILABLE, 3, 1.0, Duration.ZERO));
            case BARE_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.BAD_GATEWAY, 3, 1.0, Duration.ZERO));
            case CONNECTION_REFUSED -> clients = AwsClients.create(Shop.REGION, SimulatorKit.credentials(), DEAD_ENDPOINT);
            case SLOW_ANSWERS -> {
                clients = AwsClients.create(Shop.REGION, SimulatorKit.credentials(), shop.server.endpoint(),
                        SHORT_CALL_TIMEOUT);
                faults.add(new Faults.Rule("*", Faults.Kind.SLOW, 2, 1.0, SLOW_ANSWER));
            }
            case RESOURCE_FAILS -> ResourceFailure.inject(at, rollout.state().written.template, faults, shop::scenario);
            case ABORT, SECOND_ABORT -> rollout.abort("matrix");
            case RESTART -> rollout = Rollout.resume(request, Shop.roundTrip(rollout.state()), RolloutListener.NONE);
            case CREDENTIALS_EXPIRE -> clients = AwsClients.create(Shop.REGION, () -> {
                throw SdkClientException.create("Unable to load credentials: the session token has expired");
            }, shop.server.endpoint());
            case DEADLINE_BETWEEN_POLLS -> shop.world.advance(request.deadlines().overall().plusMinutes(1));
            case CONCURRENT_ROLLOUT -> {
                RolloutRequest second = shop.request().callerReference("matrix-second").build();
                long before = shop.mutatingCalls();
                concurrent = shop.run(second);
                concurrentMutations = shop.mutatingCalls() - before;
            }
        }
    }

    /** What a fault does on the steps after it struck. */
    private void afterStep() {
        stepsSinceStrike++;
        switch (fault) {
            case CONNECTION_REFUSED -> clients = shop.aws;
            case THROTTLING_STORM -> {
                if (rollout.state().phase() != at.phase) {
                    shop.server.faults().clear();
                }
            }
            case SLOW_ANSWERS -> {
                if (rollout.state().phase() != at.phase) {
                    clients = shop.aws;
                }
            }
            case SECOND_ABORT -> {
                if (stepsSinceStrike == 1) {
                    rollout.abort("matrix, again");
                }
            }
            default -> {
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
