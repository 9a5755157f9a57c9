package io.jenkins.plugins.amifactory;

import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step context as Pipeline gives one: the build, its log and environment; completion callbacks; and
 * {@link #saveState()}, which here serializes the execution the way Jenkins writes program.dat, so a test can
 * "restart the controller" from any save.
 */
final class TestStepContext extends StepContext {

    private static final long serialVersionUID = 1L;

    /** One save: where the rollout was (from the step's status line) and the bytes written. */
    record Save(String status, byte[] bytes) {
    }

    transient Run<?, ?> run;
    transient EnvVars env;
    transient ByteArrayOutputStream log;
    transient TaskListener listener;
    transient StepExecution execution;
    transient List<Save> saves;
    transient volatile Object result;
    transient volatile Throwable failure;
    transient volatile int completions;
    /** What {@code get(FlowExecution.class)} answers; null, as outside a Pipeline, unless a test sets it. */
    transient FlowExecution flow;
    /** When set, {@code get(FlowExecution.class)} throws it, as for a Pipeline that failed to load. */
    transient IOException flowUnavailable;

    /** A Pipeline as far as the step asks it: only its durability hint. */
    static final class Flow extends FlowExecution {
        private final FlowDurabilityHint hint;

        Flow(FlowDurabilityHint hint) {
            this.hint = hint;
        }

        @Override
        public FlowDurabilityHint getDurabilityHint() {
            return hint;
        }
    }

    TestStepContext(Run<?, ?> run, EnvVars env) {
        this.run = run;
        this.env = env;
        this.log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        this.listener = () -> out;
        this.saves = new ArrayList<>();
    }

    /** After deserialization: takes over the build, log and environment of the context it replaces. */
    void adopt(TestStepContext before, StepExecution revived) {
        run = before.run;
        env = before.env;
        log = before.log;
        listener = before.listener;
        saves = new ArrayList<>();
        execution = revived;
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    boolean isDone() {
        return completions > 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> key) throws IOException {
        if (key == FlowExecution.class) {
            if (flowUnavailable != null) {
                throw flowUnavailable;
            }
            return (T) flow;
        }
        if (key == Run.class) {
            return (T) run;
        }
        if (key == TaskListener.class) {
            return (T) listener;
        }
        if (key == EnvVars.class) {
            return (T) env;
        }
        return null;
    }

    @Override
    public synchronized void onSuccess(Object r) {
        result = r;
        completions++;
    }

    @Override
    public synchronized void onFailure(Throwable t) {
        failure = t;
        completions++;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(execution);
            }
            synchronized (this) {
                saves.add(new Save(execution.getStatus(), bytes.toByteArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Done();
    }

    synchronized List<Save> saves() {
        return List.copyOf(saves);
    }

    @Override
    public void setResult(Result r) {
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("no body");
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** An already completed future (Guava's own need its failureaccess jar, which the mirrors leave out). */
    private static final class Done implements ListenableFuture<Void> {
        @Override
        public void addListener(Runnable listener, Executor executor) {
            executor.execute(listener);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Void get() {
            return null;
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
