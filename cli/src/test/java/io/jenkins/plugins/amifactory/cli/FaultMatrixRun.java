package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.engine.matrix.Fault;
import io.jenkins.plugins.amifactory.engine.matrix.MatrixPhase;
import io.jenkins.plugins.amifactory.engine.matrix.ResourceFailure;
import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of the reliability matrix through the command line: {@code ami-factory rollout --json} in
 * process against a fresh simulated account, with {@code fault} striking when the rollout reaches {@code at}.
 *
 * <p>The seam is the command's wait between two steps (the sleeper of its context): there the run reads the
 * phase from the progress lines the command printed so far, as a person watching it would, and strikes
 * before the next step. Faults in the network or the credentials switch the clients the command holds
 * ({@link SwitchableClients}); Ctrl-C is the test's interrupt source; "restart from the saved state" is what
 * the command line has instead, since it cannot resume: the process dies, its lease lapses, and
 * {@code recover} stops what it left. Checks are in {@link FaultMatrixTest}.
 */
final class FaultMatrixRun {

    static final URI DEAD_ENDPOINT = URI.create("http://127.0.0.1:1");
    /** Longer than the engine's lease term (15 min): a dead rollout's lease has lapsed. */
    static final Duration PAST_THE_LEASE = Duration.ofMinutes(16);
    /** The default of --timeout, which these rollouts keep. */
    private static final Duration WHOLE_ROLLOUT_TIMEOUT = Duration.ofMinutes(180);
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration SLOW_ANSWER = Duration.ofMillis(400);
    /** {@code [  1:08] refresh wait   33%  …}: the stamp, the phase label padded to 13 columns, the text. */
    private static final Pattern LINE = Pattern.compile("^\\[\\s*\\d+:\\d\\d\\] (.{13}) ?(.*)$");

    final SimulatedAccount account;
    final MatrixPhase at;
    final Fault fault;
    final boolean template;
    final String group;
    final CliHarness cli;
    private final SwitchableClients clients = new SwitchableClients();
    private AwsClients normal;
    private String region;
    private Endpoints endpoint;

    int exitCode = -1;
    Map<String, Object> json;
    /** The concurrent second rollout: its exit code, standard error and the calls it made that change things. */
    int concurrentExit = -1;
    String concurrentErr;
    long concurrentMutations = -1;
    /** After a kill: the lease the dead rollout left, and recover's exit code and output. */
    boolean killed;
    String leaseLeft;
    int recoverExit = -1;
    String recoverOut;

    private boolean struck;
    private boolean abortedForRevert;
    private int stepsSinceStrike;

    FaultMatrixRun(SimulatedAccount account, MatrixPhase at, Fault fault, boolean template) {
        this.account = account;
        this.at = at;
        this.fault = fault;
        this.template = template;
        this.group = template ? account.shop.apiGroup() : account.shop.webGroup();
        this.cli = new CliHarness().with(c -> c.withInterrupts(account.ctrlC)
                .withTime(account.world.javaClock(), this::between)
                .withAwsClients((region, credentials, endpoint) -> {
                    this.region = region;
                    this.endpoint = endpoint;
                    normal = AwsClients.create(region, credentials, endpoint);
                    clients.use(normal);
                    return clients.facade();
                }));
    }

    void run() {
        try {
            exitCode = cli.run(account.args("rollout", group, instances().get(0), "--json", "--caller-reference", "matrix"));
            json = JsonReader.object(cli.out());
        } catch (SimulatedAccount.Killed dead) {
            killed = true;
            ProcessMemory.forgetLeases(account.server.endpoint().toString());
            account.server.faults().clear();
            leaseLeft = account.lease(group);
            account.world.advance(PAST_THE_LEASE);
            CliHarness recover = account.cli();
            recoverExit = recover.run(account.command("recover", "--asg", group));
            recoverOut = recover.out() + recover.err();
        } finally {
            account.server.faults().clear();
            clients.close();
        }
    }

    private List<String> instances() {
        return template ? account.shop.apiInstances() : account.shop.webInstances();
    }

    /** The command waits between two steps: finish the step just done, let time pass, prepare the next. */
    private void between(Duration wait) {
        if (struck && fault == Fault.SLOW_ANSWERS && stepsSinceStrike < 2) {
            // A call the client gave up on still runs on the server: let it land before the next step. The two
            // slow answers come in the two steps after the strike.
            sleepReally(SLOW_ANSWER.plusMillis(50));
        }
        account.world.advance(wait);
        Phase phase = phase();
        if (at == MatrixPhase.REVERT && !abortedForRevert && phase == Phase.REFRESH_WAIT && refreshPolled()) {
            account.ctrlC.fire();
            abortedForRevert = true;
        }
        if (!struck && strikesNow(phase)) {
            struck = true;
            strike();
        } else if (struck) {
            afterStep(phase);
        }
    }

    /** The phase of the last progress line (info lines have no phase). */
    private Phase phase() {
        Matcher m = lastPhaseLine();
        if (m == null) {
            return Phase.PREFLIGHT;
        }
        String label = m.group(1).strip();
        for (Phase p : Phase.values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new AssertionError("no phase is called '" + label + "'");
    }

    /** Whether the refresh was seen with a percentage, as the engine's matrix waits for before it aborts. */
    private boolean refreshPolled() {
        Matcher m = lastPhaseLine();
        return m != null && m.group(2).matches("\\s*\\d+%.*");
    }

    private Matcher lastPhaseLine() {
        List<String> lines = cli.err().lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = LINE.matcher(lines.get(i));
            if (m.matches() && !m.group(1).isBlank()) {
                return m;
            }
        }
        return null;
    }

    /** Faults about the Image and the Refresh are decided when they are made, before the phase they show in. */
    private boolean strikesNow(Phase phase) {
        if (fault == Fault.RESOURCE_FAILS) {
            return phase == ResourceFailure.strikesIn(at);
        }
        return phase == at.phase;
    }

    private void strike() {
        Faults faults = account.server.faults();
        switch (fault) {
            case THROTTLING_STORM -> faults.add(new Faults.Rule("*", Faults.Kind.THROTTLE, -1, 0.6, Duration.ZERO));
            case AWS_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.UNAVAILABLE, 3, 1.0, Duration.ZERO));
            case BARE_5XX -> faults.add(new Faults.Rule("*", Faults.Kind.BAD_GATEWAY, 3, 1.0, Duration.ZERO));
            case CONNECTION_REFUSED -> clients.use(AwsClients.create(region, SimulatorKit.credentials(), DEAD_ENDPOINT));
            case SLOW_ANSWERS -> {
                clients.use(AwsClients.create(region, SimulatorKit.credentials(), endpoint, null, null, SHORT_CALL_TIMEOUT));
                faults.add(new Faults.Rule("*", Faults.Kind.SLOW, 2, 1.0, SLOW_ANSWER));
            }
            case RESOURCE_FAILS -> ResourceFailure.inject(at, template, faults, account.kit()::scenario);
            case ABORT, SECOND_ABORT -> account.ctrlC.fire();
            case RESTART -> throw new SimulatedAccount.Killed();
            case CREDENTIALS_EXPIRE -> clients.use(AwsClients.create(region, () -> {
                throw SdkClientException.create("Unable to load credentials: the session token has expired");
            }, endpoint));
            case DEADLINE_BETWEEN_POLLS -> account.world.advance(WHOLE_ROLLOUT_TIMEOUT.plusMinutes(1));
            case CONCURRENT_ROLLOUT -> concurrentRollout();
        }
    }

    /** A second terminal rolls out to the same group: it shares nothing with this process but AWS. */
    private void concurrentRollout() {
        ProcessMemory.forgetLeases(account.server.endpoint().toString());
        CliHarness second = new CliHarness().with(c -> c.withTime(account.world.javaClock(), account.world::advance));
        long before = account.server.faults().mutatingCalls();
        concurrentExit = second.run(account.args("rollout", group, instances().get(1), "--json",
                "--caller-reference", "matrix-second"));
        concurrentMutations = account.server.faults().mutatingCalls() - before;
        concurrentErr = second.err();
    }

    private void afterStep(Phase phase) {
        stepsSinceStrike++;
        switch (fault) {
            case CONNECTION_REFUSED -> clients.use(normal);
            case THROTTLING_STORM -> {
                if (phase != at.phase) {
                    account.server.faults().clear();
                }
            }
            case SLOW_ANSWERS -> {
                if (phase != at.phase) {
                    clients.use(normal);
                }
            }
            case SECOND_ABORT -> {
                if (stepsSinceStrike == 1) {
                    account.ctrlC.fire();
                }
            }
            default -> {
            }
        }
    }

    private static void sleepReally(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
