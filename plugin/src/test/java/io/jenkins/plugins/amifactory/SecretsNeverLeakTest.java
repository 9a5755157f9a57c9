package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts with every kind of credentials, succeeding, failing, restarted and stopped, through the Pipeline step
 * and the Freestyle build step; then everything they left is scanned for {@link TestSecrets}: the consoles, the
 * controller's log, the results, what a job's configuration would save, and every saved rollout.
 */
class SecretsNeverLeakTest {

    private static final java.util.Set<String> WIRE_LOGGERS = java.util.Set.of("org.apache.http.wire", "org.apache.http.headers");

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private SimulatedController controller;

    @BeforeEach
    void listen() throws Exception {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        controller = new SimulatedController();
    }

    @AfterEach
    void stop() {
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        controller.close();
    }

    @Test
    void noSecretReachesAConsoleTheLogAResultASavedConfigurationOrASavedRollout() throws Exception {
        List<TestStepContext> contexts = new ArrayList<>();

        // Stored credentials, a success.
        AmiFactoryStep stored = controller.step("web");
        contexts.add(run(stored, controller.context()));

        // withAWS session credentials, a Refresh that fails and is rolled back.
        controller.failTheNextRefresh();
        AmiFactoryStep fromEnvironment = controller.step("api");
        fromEnvironment.setCredentialsId(null);
        TestStepContext session = controller.context();
        session.env = withAws();
        contexts.add(run(fromEnvironment, session));

        // Stored credentials, a restart mid-rollout, then a stop.
        TestStepContext beforeRestart = controller.context();
        AmiFactoryStepExecution execution = controller.start(controller.step("web"), beforeRestart);
        controller.pollUntil(beforeRestart, c -> execution.getStatus().contains("image wait"));
        AmiFactoryStepExecution revived = controller.revive(beforeRestart.saves().get(beforeRestart.saves().size() - 1),
                beforeRestart);
        revived.onResume();
        TestStepContext afterRestart = (TestStepContext) revived.getContext();
        revived.stop(new InterruptedException("Aborted by alice"));
        controller.pollToEnd(afterRestart);
        contexts.add(beforeRestart);
        contexts.add(afterRestart);

        // The rollouts above replaced the seeded instances: image one of those the group runs now.
        String current = controller.group("web").instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString())).findFirst().orElseThrow().instanceId();

        // A fleet into a second region with withAWS session credentials: its saves hold the fleet's facts.
        controller.seedOtherRegion();
        AmiFactoryStep fleet = new AmiFactoryStep("web", current);
        fleet.setRegion(SimulatedController.REGION);
        fleet.setEndpointUrl(controller.server.endpoint().toString());
        fleet.setTargets(List.of(SimulatedController.target("api", null, null),
                SimulatedController.target("web", SimulatedController.OTHER_REGION, "alias/ami-copies")));
        TestStepContext fleetSession = controller.context();
        fleetSession.env = withAws();
        contexts.add(run(fleet, fleetSession));
        assertThat(fleetSession.failure).as(fleetSession.log()).isNull();
        current = controller.group("web").instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString())).findFirst().orElseThrow().instanceId();

        // The Freestyle build step with withAWS-like credentials in the environment, and a plan.
        AmiFactoryBuilder builder = new AmiFactoryBuilder("web", current);
        builder.setRegion(SimulatedController.REGION);
        builder.setEndpointUrl(controller.server.endpoint().toString());
        builder.useRuntime(controller.runtime.build());
        builder.setPlanOnly(true);
        ByteArrayOutputStream freestyleLog = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(freestyleLog, true, StandardCharsets.UTF_8);
        FakeJenkins.TestRun freestyleRun = FakeJenkins.run();
        TaskListener listener = () -> out;
        builder.perform(freestyleRun, withAws(), listener);

        for (TestStepContext c : contexts) {
            assertThat(c.isDone()).as(c.log()).isTrue();
            TestSecrets.assertNoneIn("console", c.log());
            TestSecrets.assertNoneIn("result", String.valueOf(c.result));
            TestSecrets.assertNoneIn("failure", String.valueOf(c.failure));
            for (TestStepContext.Save save : c.saves()) {
                TestSecrets.assertNoneIn("saved rollout", save.bytes());
            }
            AmiFactoryAction action = c.run.getAction(AmiFactoryAction.class);
            if (action != null) {
                TestSecrets.assertNoneIn("build page", fields(action));
            }
        }
        assertThat(contexts.stream().mapToInt(c -> c.saves().size()).sum()).as("saves were scanned").isGreaterThan(10);
        TestSecrets.assertNoneIn("Freestyle console", freestyleLog.toString(StandardCharsets.UTF_8));
        TestSecrets.assertNoneIn("Freestyle build page", fields(freestyleRun.getAction(AmiFactoryAction.class)));
        // What XStream would write for a job's and the controller's configuration: their non-transient fields.
        TestSecrets.assertNoneIn("job configuration", fields(stored) + fields(fromEnvironment) + fields(fleet)
                + fields(builder));
        TestSecrets.assertNoneIn("global configuration", fields(controller.runtime.configuration));
        StringBuilder log = new StringBuilder();
        synchronized (handler) {
            for (LogRecord r : records) {
                if (WIRE_LOGGERS.contains(r.getLoggerName())) {
                    // Apache HttpClient's wire and header dumps (FINE, off unless an administrator turns them on)
                    // show every request as sent, session token included; docs/security.md says so.
                    continue;
                }
                log.append(r.getLoggerName()).append(' ').append(r.getMessage()).append(' ')
                        .append(r.getParameters() == null ? "" : java.util.Arrays.toString(r.getParameters())).append('\n');
                if (r.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                    log.append(trace);
                }
            }
        }
        assertThat(records).as("the log was listened to, at every level").hasSizeGreaterThan(100);
        TestSecrets.assertNoneIn("controller log", log.toString());
    }

    private TestStepContext run(AmiFactoryStep step, TestStepContext context) throws Exception {
        controller.start(step, context);
        controller.pollToEnd(context);
        return context;
    }

    private EnvVars withAws() {
        return new EnvVars("AWS_ACCESS_KEY_ID", "AKIDFROMWITHAWS", "AWS_SECRET_ACCESS_KEY", TestSecrets.SECRET_KEY,
                "AWS_SESSION_TOKEN", TestSecrets.SESSION_TOKEN);
    }

    /** Every non-transient field, followed into the plugin's own objects, as XStream would write them. */
    private static String fields(Object o) {
        StringBuilder sb = new StringBuilder();
        walk(o, sb, new IdentityHashMap<>());
        return sb.toString();
    }

    private static void walk(Object o, StringBuilder sb, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            sb.append(o).append('\n');
            return;
        }
        if (o instanceof Iterable<?> items) {
            items.forEach(i -> walk(i, sb, seen));
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                walk(k, sb, seen);
                walk(v, sb, seen);
            });
            return;
        }
        if (!o.getClass().getName().startsWith("io.jenkins.plugins.amifactory")) {
            sb.append(o).append('\n');
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    walk(f.get(o), sb, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    sb.append("unreadable ").append(f).append('\n');
                }
            }
        }
    }
}
