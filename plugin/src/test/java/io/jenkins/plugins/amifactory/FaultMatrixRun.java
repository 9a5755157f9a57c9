package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Deadlines;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.matrix.Fault;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixPhase;
import io.jenkins.plugins.amifactory.engine.matrix.ResourceFailure;
import io.jenkins.plugins.amifactory.simulator.Faults;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * One case of the reliability matrix on the amiFactory step: the step started on the {@link SimulatedController},
 * polled on its timer, with {@code fault} striking when the step's status shows the rollout in {@code at}'s phase.
 * The faults strike as in the engine's matrix, through what the plugin has instead of the engine's hands: the
 * step's stop, a save read back into a new execution, the runtime's client factory, the stored credentials, and a
 * second build of the same group. It only drives; {@link FaultMatrixTest} checks what the case must show.
 */
final class FaultMatrixRun {

    /** An endpoint nothing listens on: connecting to it is refused at once. */
    static final URI DEAD_ENDPOINT = URI.create("http://127.0.0.1:1");
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SLOW_ANSWER = Duration.ofMillis(600);
    /**
     * How long after its poll an answer the client gave up on may still be on its way: the call started at least
     * the call timeout before the poll ended.
     */
    private static final Duration SLOW_ANSWER_LANDS = SLOW_ANSWER.minus(SHORT_CALL_TIMEOUT).plusMillis(100);
    /** A second build must be refused in its first poll or so, not after waiting for the group. */
    static final int CONCURRENT_POLLS = 3;

    /** What the runtime's client factory hands the next poll. */
    private enum Clients { AS_USUAL, REFUSED, IMPATIENT }

    final SimulatedController controller;
    final String group;
    final boolean template;
    final MatrixPhase at;
    final Fault fault;
    /** The execution and context now running; after a restart, the revived ones. */
    AmiFactoryStepExecution execution;
    TestStepContext context;
    /** The context the build started with, which a restart leaves behind uncompleted. */
    TestStepContext first;
    /** The first stop's cause: the one an aborted step must end with. */
    InterruptedException firstStop;
    boolean restarted;
    /** The second build of {@link Fault#CONCURRENT_ROLLOUT}, who held the group then, and what it changed. */
    TestStepContext concurrent;
    String leaseHolder;
    long concurrentMutations = -1;
    private volatile Clients clients = Clients.AS_USUAL;
    private boolean struck;
    private boolean answeredSlowly;
    private int pollsSinceStrike;

    FaultMatrixRun(SimulatedController controller, boolean template, MatrixPhase at, Fault fault) {
        this.controller = controller;
        this.group = template ? controller.shop.apiGroup() : controller.shop.webGroup();
        this.template = template;
        this.at = at;
        this.fault = fault;
    }

    void run() throws Exception {
        controller.runtime.clients = this::clients;
        first = context = controller.context();
        execution = controller.start(controller.step(group), context);
        boolean abortedForRevert = false;
        for (int i = 0; i < 5000 && !context.isDone(); i++) {
            String status = execution.getStatus();
            Phase phase = phaseOf(status);
            if (at == MatrixPhase.REVERT && !abortedForRevert && phase == Phase.REFRESH_WAIT
                    && status.matches(".*, refresh \\w+ \\d+%.*")) {
                stop("matrix: to test the revert");
                abortedForRevert = true;
            }
            if (!struck && strikesNow(phase)) {
                strike();
                struck = true;
            } else if (struck) {
                afterPoll(phase);
            }
            int slowBefore = slowAnswersLeft();
            assertThat(controller.poll()).as("a poll is scheduled while the step runs").isTrue();
            if (slowAnswersLeft() < slowBefore) {
                // A call the client gave up on still runs on the server: let it land before the next poll.
                Thread.sleep(SLOW_ANSWER_LANDS.toMillis());
                answeredSlowly = true;
            }
        }
        controller.server.faults().clear();
        assertThat(struck).as("the step reached " + at.title).isTrue();
        if (fault == Fault.SLOW_ANSWERS) {
            assertThat(answeredSlowly).as("a call was answered after the client gave up").isTrue();
        }
        assertThat(context.isDone()).as("the step finished: " + execution.getStatus()).isTrue();
    }

    /** The phase the step's status line names: what its next poll works on. */
    static Phase phaseOf(String status) {
        String where = status.substring(status.indexOf("': ") + 3);
        Phase found = null;
        for (Phase p : Phase.values()) {
            String rest = where.startsWith(p.label()) ? where.substring(p.label().length()) : null;
            if (rest != null && (rest.isEmpty() || rest.startsWith(",") || rest.startsWith(" ("))) {
                found = p;
            }
        }
        assertThat(found).as("a phase in " + status).isNotNull();
        return found;
    }

    private boolean strikesNow(Phase phase) {
        return phase == (fault == Fault.RESOURCE_FAILS ? ResourceFailure.strikesIn(at) : at.phase);
    }

    private void strike() throws Exception {
        Faults faults = controller.server.faults();
        switch (fault) {
            case THROTTLING_STORM -> faults.add(new Faults.Rule("*", Faults.Kind.THROTTLE, -1, 0.6, Duration.ZERO));
            case AWS_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.UNAVAILABLE, 3, 1.0, Duration.ZERO));
            case BARE_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.BAD_GATEWAY, 3, 1.0, Duration.ZERO));
            case CONNECTION_REFUSED -> clients = Clients.REFUSED;
            case SLOW_ANSWERS -> {
                clients = Clients.IMPATIENT;
                faults.add(new Faults.Rule("*", Faults.Kind.SLOW, 2, 1.0, SLOW_ANSWER));
            }
            case RESOURCE_FAILS -> ResourceFailure.inject(at, template, faults, controller::scenario);
            case ABORT, SECOND_ABORT -> stop("matrix");
            case RESTART -> restart();
            // What an IAM role's credentials do once their session cannot be renewed: every poll's resolution fails.
            case CREDENTIALS_EXPIRE -> controller.runtime.credentials.byId.get(SimulatedController.CREDENTIALS_ID)
                    .expired = SdkClientException.create("Unable to load credentials: the session token has expired");
            case DEADLINE_BETWEEN_POLLS -> {
                assertThat(controller.runtime.configuration.getDefaultTimeoutMinutes())
                        .as("the step runs with the engine's overall timeout").isNull();
                controller.world.advance(Deadlines.DEFAULT_OVERALL.plusMinutes(1));
            }
            case CONCURRENT_ROLLOUT -> startASecondBuild();
        }
    }

    /** What a fault does on the polls after it struck. */
    private void afterPoll(Phase phase) {
        pollsSinceStrike++;
        switch (fault) {
            case CONNECTION_REFUSED -> clients = Clients.AS_USUAL;
            case THROTTLING_STORM -> {
                if (phase != at.phase) {
                    controller.server.faults().clear();
                }
            }
            case SLOW_ANSWERS -> {
                if (phase != at.phase) {
                    clients = Clients.AS_USUAL;
                }
            }
            case SECOND_ABORT -> {
                if (pollsSinceStrike == 1) {
                    stop("matrix, again");
                }
            }
            default -> {
            }
        }
    }

    /** The user's abort: Pipeline calls the step's stop with the interruption that ends the build. */
    private void stop(String why) {
        InterruptedException cause = new InterruptedException(why);
        if (firstStop == null) {
            firstStop = cause;
        }
        execution.stop(cause);
    }

    /** The controller dies and comes back with the build as last saved. */
    private void restart() throws Exception {
        List<TestStepContext.Save> saves = context.saves();
        assertThat(saves).as("the step saved before " + at.title).isNotEmpty();
        execution = controller.revive(saves.get(saves.size() - 1), context);
        execution.onResume();
        context = (TestStepContext) execution.getContext();
        restarted = true;
    }

    /** A second build of the same group, polled on its own timer while the first one waits. */
    private void startASecondBuild() throws Exception {
        leaseHolder = controller.group(group).tags().stream().filter(t -> t.key().equals("ami-factory:lease"))
                .map(t -> t.value().replaceAll("^rollout=([^;]+).*", "$1")).findFirst().orElse(null);
        long before = controller.server.faults().mutatingCalls();
        SimulatedController.ManualTimer timer = new SimulatedController.ManualTimer(controller.world);
        concurrent = controller.context();
        controller.start(controller.step(group), concurrent, timer);
        for (int i = 0; i < CONCURRENT_POLLS && !concurrent.isDone(); i++) {
            timer.runNext();
            controller.awaitQuiet();
        }
        concurrentMutations = controller.server.faults().mutatingCalls() - before;
    }

    private AwsClients clients(String region, AwsCredentialsProvider credentials, Endpoints endpoint) {
        return switch (clients) {
            case AS_USUAL -> controller.connections.create(region, credentials, endpoint);
            case REFUSED -> AwsClients.create(region, credentials, DEAD_ENDPOINT);
            case IMPATIENT -> AwsClients.create(region, credentials, endpoint, null, null, SHORT_CALL_TIMEOUT);
        };
    }

    private int slowAnswersLeft() {
        return controller.server.faults().rules().stream().filter(r -> r.kind() == Faults.Kind.SLOW)
                .mapToInt(Faults.Rule::remaining).sum();
    }
}
