package io.jenkins.plugins.amifactory.simulator.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * A module's packaged jar, for the *IT tests that check what a user gets: run it with {@code java -jar}, read its
 * manifest and its entries. Failsafe names the jar in the system property {@code artifact.file} and the version
 * the build computed in {@code ami-factory.version}.
 *
 * @param file the jar
 */
public record PackagedJar(Path file) {

    /** The jar this module's build packaged. */
    public static PackagedJar ofThisModule() {
        return new PackagedJar(Path.of(System.getProperty("artifact.file")));
    }

    /** The version the build computed, which every artifact must show. */
    public static String builtVersion() {
        return System.getProperty("ami-factory.version");
    }

    /** What the process it runs prints (standard output and error together) and how it ended. */
    public record Run(int exitCode, String output) {}

    /** Runs {@code java -jar <file> args...} to its end (a minute at most). */
    public Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", file.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("java -jar " + file + " did not end: " + output);
        }
        return new Run(p.exitValue(), output);
    }

    /** The main attributes of its manifest. */
    public Attributes manifest() throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            return jar.getManifest().getMainAttributes();
        }
    }

    /** An entry's text, or null when the jar has no such entry. */
    public String text(String entry) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            if (jar.getEntry(entry) == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
