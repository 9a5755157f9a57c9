package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C in a real process: the shutdown hook has to apply the abort outcome, let the command finish its
 * report, and end the process with 5 rather than the JVM's 130. Only a separate process can show that.
 */
class CtrlCProcessTest {

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigintDuringARolloutRevertsReportsAndExitsFive() throws Exception {
        String out = demoInterrupted(false);
        assertThat(out).contains("Stopping: applying --on-abort rollback to group 'web' before exiting (Ctrl-C again stops that too).",
                "Aborted (Ctrl-C) during refresh wait", "reverting", "ABORTED: group 'web' is on web-lc-1",
                "Summary: stopped by Ctrl-C", "exit 5");
    }

    /** The JVM ignores signals once it exits, so this needs the process to handle them itself. */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aSecondSigintStopsTheRevert() throws Exception {
        String out = demoInterrupted(true);
        assertThat(out).contains("Ctrl-C again: stopping the revert of group 'web' where it is",
                "Aborted again (Ctrl-C again): stopping the revert where it is", "second abort",
                "Summary: stopped by Ctrl-C", "exit 5");
    }

    /** The demo's first rollout, Ctrl-C once its refresh runs and, when {@code twice}, again once it reverts. */
    private static String demoInterrupted(boolean twice) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AmiFactoryCli.class.getName(),
                "demo", "--plain", "--time-scale", twice ? "20" : "100")
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch reverting = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("refresh wait")) {
                        refreshing.countDown();
                    }
                    if (line.contains("] reverting")) {
                        reverting.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            assertThat(refreshing.await(60, TimeUnit.SECONDS)).as("reached the refresh").isTrue();
            sigint(p);
            if (twice) {
                assertThat(reverting.await(60, TimeUnit.SECONDS)).as("reverting").isTrue();
                sigint(p);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after Ctrl-C").isTrue();
        } finally {
            p.destroyForcibly();
        }
        reader.join(5000);
        synchronized (output) {
            return output + "exit " + p.exitValue();
        }
    }

    private static void sigint(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
    }
}
