package io.jenkins.plugins.amifactory;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.FleetState;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.Rollout;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The running {@code amiFactory} step. Each poll makes one {@link Rollout#advance} (with targets, one
 * {@link Fleet#advance}, which may call several regions) on the plugin's pool of AWS call threads
 * ({@link AwsCallQueue}), never two at once ({@link SerialPolls}); a stop's poll goes ahead of the others.
 * Between polls only a task scheduled on Jenkins' timer exists, so a rollout of hours holds no thread.
 * What is saved with the build is the request and the engine's facts ({@link RolloutState}, or a fleet's
 * {@link FleetState}): no secret and no client. After a controller restart, {@link #onResume} continues from the
 * last saved facts and the engine looks up what an interrupted poll may already have created instead of creating it
 * again. {@link #stop} applies the abort outcome (roll back, cancel or leave; in a fleet, to every wave) and only
 * then ends the step.
 */
final class AmiFactoryStepExecution extends AbstractStepExecutionImpl {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AmiFactoryStepExecution.class.getName());

    /**
     * Polls in a row that may fail for a reason that is neither AWS's answer (the engine backs off from those) nor
     * a refusal (which ends the step at once), before the step gives up.
     */
    static final int MAX_UNEXPECTED_FAILURES = 5;
    static final Duration UNEXPECTED_FAILURE_DELAY = Duration.ofSeconds(30);

    /** What to roll out (with targets, the first target's part of the fleet); holds no secret. */
    private final RolloutRequest request;
    /**
     * With targets, the fleet around {@link #request}; null for a lone Rollout, and in executions saved before fleets
     * existed (which read back as lone Rollouts). Holds no secret.
     */
    private final FleetRequest fleet;
    /** Where the credentials come from: an id or the build environment, never the credentials. */
    private final CredentialsChoice credentials;
    /** Whether progress lines are left out of the console; phase changes and the summary still show. */
    private final boolean quiet;
    /**
     * The engine's facts after the last poll. A copy, not the live object: Jenkins saves the program on its own
     * thread, possibly while the next poll changes the live one.
     */
    private volatile RolloutState state;
    /** With targets, the fleet's facts after the last poll, a copy for the same reason as {@link #state}. */
    private volatile FleetState fleetState;
    /** Why the step was stopped; kept so that a revert still running at a restart ends with it afterwards. */
    private volatile Throwable stopCause;
    /** True once the step's context is completed; nothing runs after that. */
    private volatile boolean done;
    /** How many times the step was stopped: the first stop reverts, a second one stops the revert too. */
    private volatile int stopsRequested;
    /**
     * How many of those the engine has heard of. Saved with the step, so that a stop passed on before a
     * restart is not passed on again afterwards (which would read as a second stop).
     */
    private volatile int stopsPassedOn;

    /** Printed once, at the start; not needed after a restart. */
    private transient RolloutSetup setup;
    private transient PluginRuntime runtime;
    private transient Object scheduleLock;
    private transient SerialPolls polls;
    private transient RolloutWork work;
    private transient ConsoleRolloutListener console;
    private transient String savedFacts;
    private transient int unexpectedFailures;

    AmiFactoryStepExecution(StepContext context, RolloutSetup setup, boolean quiet, PluginRuntime runtime) {
        super(context);
        this.setup = setup;
        this.request = setup.request();
        this.fleet = setup.fleet();
        this.credentials = setup.credentials();
        this.quiet = quiet;
        this.runtime = runtime;
        initLocks();
    }

    @Serial
    private Object readResolve() {
        initLocks();
        return this;
    }

    private void initLocks() {
        scheduleLock = new Object();
        polls = new SerialPolls(this::runtime, AwsCallQueue.endpointOf(request.region(), request.endpoints()),
                () -> stopsPassedOn < stopsRequested, this::poll);
    }

    /** For tests: the surroundings to use after deserialization instead of Jenkins'. */
    void useRuntime(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    private PluginRuntime runtime() {
        PluginRuntime r = runtime;
        return r != null ? r : PluginRuntime.jenkins();
    }

    @Override
    public boolean start() throws Exception {
        ConsoleRolloutListener c = newConsole(getContext());
        // Started first, so that the log begins with the Rollout's line naming the version that runs it.
        work = RolloutWork.start(request, fleet, runtime().clock().instant(), c);
        keepCopy(work);
        setup.announce(c);
        String durability = durabilityWarning(getContext());
        if (durability != null) {
            c.info(durability);
        }
        schedule(Duration.ZERO);
        return false;
    }

    @Override
    public void onResume() {
        // Not super.onResume(): it re-injects @StepContextParameter fields, and this execution has none.
        if (!done) {
            // The first poll rebuilds the Rollout from the saved facts and says so in the log.
            schedule(Duration.ZERO);
        }
    }

    @Override
    public void stop(Throwable cause) {
        synchronized (scheduleLock) {
            if (done) {
                return;
            }
            if (stopCause == null) {
                stopCause = cause;
            }
            stopsRequested++;
        }
        schedule(Duration.ZERO);
    }

    @Override
    public String getStatus() {
        RolloutState s = state;
        FleetState f = fleetState;
        String where = (fleet == null ? s == null : f == null) ? Messages.Execution_Starting()
                : RolloutWork.resume(request, s, fleet, f, null).status();
        String status = fleet == null ? Messages.Execution_Status(request.asg(), where)
                : Messages.Execution_FleetStatus(fleet.targets().size(), where);
        return status + (stopCause != null && !done ? Messages.Execution_Stopping() : "");
    }

    private void schedule(Duration delay) {
        synchronized (scheduleLock) {
            if (done) {
                return;
            }
            // A stop that the engine has not heard of yet is passed on at once, whatever the engine asked for.
            polls.request(stopsPassedOn < stopsRequested ? Duration.ZERO : delay);
        }
    }

    /** One poll; {@link SerialPolls} never runs two at once, so the fields below are this poll's alone. */
    private void poll() {
        if (done) {
            return;
        }
        RolloutWork w;
        Duration next;
        try {
            StepContext context = getContext();
            w = work(context);
            Throwable cause = stopCause;
            while (stopsPassedOn < stopsRequested) {
                w.abort(cause.getMessage() != null ? cause.getMessage() : Messages.Execution_StoppedByUser());
                stopsPassedOn++;
            }
            PluginRuntime rt = runtime();
            AwsCredentialsProvider provider = credentials.provider(context.get(Run.class), environment(context), rt);
            // One credentials resolution per poll, whichever regions the poll calls: a fleet is one account.
            PerPollCredentials perPoll = new PerPollCredentials(provider);
            next = w.advance(region -> rt.clients().create(region, perPoll, request.endpoints()),
                    rt.clock().instant());
        } catch (AbortException e) {
            fail(e);
            return;
        } catch (Exception e) {
            retryAfterUnexpectedFailure(e);
            return;
        }
        unexpectedFailures = 0;
        remember(w);
        if (next == null) {
            finish(w.outcome());
        } else {
            schedule(runtime().configuration().get().pollDelay(next));
        }
    }

    /** The live Rollout or fleet; after a restart, rebuilt from the saved facts. */
    private RolloutWork work(StepContext context) throws IOException, InterruptedException {
        if (work == null) {
            ConsoleRolloutListener c = newConsole(context);
            work = RolloutWork.resume(request, state == null ? null : copy(state), fleet,
                    fleetState == null ? null : copy(fleetState), c);
            c.info(fleet == null ? Messages.Execution_Resuming(request.asg(), work.status())
                    : Messages.Execution_ResumingFleet(fleet.targets().size(), work.status()));
        }
        return work;
    }

    private ConsoleRolloutListener newConsole(StepContext context) throws IOException, InterruptedException {
        console = new ConsoleRolloutListener(context.get(TaskListener.class).getLogger(), quiet, runtime().clock());
        return console;
    }

    /**
     * A warning when the Pipeline does not save the program at every step: then {@code saveState()} writes
     * nothing, and after a crash this step cannot be resumed, so its Refresh goes on with nothing gating it. Null
     * when every step is saved, or when there is no Pipeline to ask.
     */
    static String durabilityWarning(StepContext context) throws InterruptedException {
        FlowExecution flow;
        try {
            flow = context.get(FlowExecution.class);
        } catch (IOException e) {
            // Only advice: a Pipeline that cannot be asked must not stop the rollout.
            LOGGER.log(Level.FINE, "AMI Factory: no Pipeline to ask for its durability", e);
            return null;
        }
        FlowDurabilityHint hint = flow == null ? null : flow.getDurabilityHint();
        return hint == null || hint.isPersistWithEveryStep() ? null : Messages.Execution_DurabilityNotSaved(hint.name());
    }

    private static EnvVars environment(StepContext context) throws IOException, InterruptedException {
        // From the context, not the Run: only the context has what withEnv and withAWS set for this block.
        EnvVars env = context.get(EnvVars.class);
        return env != null ? env : new EnvVars();
    }

    /** Keeps a copy of the facts and asks Jenkins to save the program when one of them changed. */
    private void remember(RolloutWork w) {
        keepCopy(w);
        String facts = w.facts();
        if (!facts.equals(savedFacts)) {
            savedFacts = facts;
            getContext().saveState();
        }
    }

    /** Copies the engine's facts into the field Jenkins saves: a lone Rollout's, or the fleet's. */
    private void keepCopy(RolloutWork w) {
        if (fleet == null) {
            state = (RolloutState) copy(w.state());
        } else {
            fleetState = (FleetState) copy(w.state());
        }
    }

    private void finish(RolloutWork.Outcome result) {
        if (!complete()) {
            return;
        }
        keepWithTheBuild(result);
        result.summarize(console);
        if (stopCause != null) {
            // A stopped step ends with the stop's cause, so the build shows as aborted, however the Rollout ended
            // (a stop can also come while a failure is reverted); the summary above says how that was.
            getContext().onFailure(stopCause);
        } else if (result.succeeded()) {
            getContext().onSuccess(result.toMap());
        } else {
            // The reason is in the log above, once; Jenkins prints this as the ERROR line, on one line as the console.
            getContext().onFailure(new AbortException(LogText.oneLine(result.verdict())));
        }
    }

    /** Adds the result to the build's page and summary; a build that cannot be reached only loses those. */
    private void keepWithTheBuild(RolloutWork.Outcome result) {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            if (run != null) {
                result.keepWith(run);
            }
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "AMI Factory: could not keep the result of the rollout of " + subject()
                    + " with the build", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(AbortException e) {
        if (complete()) {
            getContext().onFailure(e);
        }
    }

    private void retryAfterUnexpectedFailure(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        unexpectedFailures++;
        LOGGER.log(Level.WARNING, "AMI Factory: a poll of the rollout of " + subject() + " failed", e);
        if (unexpectedFailures >= MAX_UNEXPECTED_FAILURES) {
            String last = LogText.oneLine(e.toString(), LogText.MAX_QUOTE);
            fail(new AbortException(fleet == null ? Messages.Execution_GaveUp(request.asg(), unexpectedFailures, last)
                    : Messages.Execution_GaveUpFleet(fleet.targets().size(), unexpectedFailures, last)));
            return;
        }
        if (console != null) {
            console.info(Messages.Execution_Retrying(LogText.oneLine(e.toString(), LogText.MAX_QUOTE), Durations.words(UNEXPECTED_FAILURE_DELAY)));
        }
        schedule(UNEXPECTED_FAILURE_DELAY);
    }

    /** What the step rolls out, for the controller's log: {@code group 'web'} or {@code groups web@…, worker@…}. */
    private String subject() {
        return fleet == null ? "group " + request.asg() : "groups " + fleet.targets();
    }

    /** Marks the step done and cancels the next poll; false if it was done already. */
    private boolean complete() {
        synchronized (scheduleLock) {
            if (done) {
                return false;
            }
            done = true;
            polls.cancel();
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Serializable> T copy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
