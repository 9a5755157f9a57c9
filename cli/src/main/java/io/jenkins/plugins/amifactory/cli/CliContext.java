package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a command takes from its surroundings: the streams, the environment, whether a person is
 * watching a terminal, where AWS credentials and profile regions come from, the clock a rollout runs on and
 * where Ctrl-C comes from. {@link #system()} is the real process; tests substitute captured streams, fixed
 * credentials, a simulated clock and their own interrupts, and run the commands in process.
 */
public final class CliContext {

    /** How long Ctrl-C waits for the abort outcome to be applied before the process ends anyway. */
    static final Duration STOP_BOUND = Duration.ofMinutes(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;
    private final Function<String, AwsCredentialsProvider> credentials;
    private final Function<String, Optional<String>> profileRegion;
    private final Clock clock;
    private final RolloutDriver.Sleeper sleeper;
    private final Interrupts interrupts;
    private final ClientFactory clients;

    private CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
                       Function<String, AwsCredentialsProvider> credentials,
                       Function<String, Optional<String>> profileRegion, Clock clock, RolloutDriver.Sleeper sleeper,
                       Interrupts interrupts, ClientFactory clients) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.terminal = terminal;
        this.credentials = credentials;
        this.profileRegion = profileRegion;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interrupts = interrupts;
        this.clients = clients;
    }

    /** The running process: System.out/err, the real environment, AWS's credential chain, wall-clock time. */
    public static CliContext system() {
        boolean terminal = System.console() != null;
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        if (terminal && !env.containsKey("COLUMNS")) {
            // Shells keep COLUMNS to themselves; ask the terminal, so that a progress bar uses its width.
            terminalColumns().ifPresent(c -> env.put("COLUMNS", c));
        }
        return new CliContext(System.out, System.err, env, terminal,
                CliContext::awsCredentials, CliContext::awsProfileRegion, Clock.systemUTC(), new WakeableSleeper(),
                Interrupts.signals(System.err, STOP_BOUND), AwsClients::create);
    }

    /**
     * A context for running commands in process: the given streams and environment, no terminal, AWS's
     * credential chain, wall-clock time, no Ctrl-C. Change parts with the {@code with} methods.
     */
    public static CliContext of(PrintStream out, PrintStream err, Map<String, String> env) {
        return new CliContext(out, err, env, false, CliContext::awsCredentials, profile -> Optional.empty(),
                Clock.systemUTC(), new WakeableSleeper(), Interrupts.NONE, AwsClients::create);
    }

    /** Credentials for every profile name (null for the default chain), e.g. fixed ones for a simulator. */
    public CliContext withCredentials(Function<String, AwsCredentialsProvider> credentials) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    /** Where a profile's region is looked up. */
    public CliContext withProfileRegions(Function<String, Optional<String>> profileRegion) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    /** The time a rollout reads and how it waits between steps (a simulated clock in tests). */
    public CliContext withTime(Clock clock, RolloutDriver.Sleeper sleeper) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    public CliContext withInterrupts(Interrupts interrupts) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    /**
     * How the commands make their AWS clients. Tests wrap the real ones to change them between two steps of a
     * rollout (an endpoint that stops answering, credentials that expire, a shorter call timeout), as a
     * network or an expiring session would under a running process.
     */
    public CliContext withAwsClients(ClientFactory clients) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    /** Whether to draw progress bars (a person at a terminal) instead of plain lines. */
    public CliContext withTerminal(boolean terminal) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, clock, sleeper, interrupts, clients);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** An environment variable, or null when unset or blank. */
    String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    boolean terminal() {
        return terminal;
    }

    /** Columns to fit a progress line into. */
    int width() {
        try {
            String columns = env("COLUMNS");
            return columns == null ? 80 : Math.max(40, Integer.parseInt(columns));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    AwsCredentialsProvider credentials(String profile) {
        return credentials.apply(profile);
    }

    Optional<String> profileRegion(String profile) {
        return profileRegion.apply(profile);
    }

    Clock clock() {
        return clock;
    }

    RolloutDriver.Sleeper sleeper() {
        return sleeper;
    }

    Interrupts interrupts() {
        return interrupts;
    }

    AwsClients awsClients(String region, AwsCredentialsProvider credentials, java.net.URI endpoint) {
        return clients.create(region, credentials, endpoint);
    }

    /** Makes the AWS clients of one command; {@link AwsClients#create(String, AwsCredentialsProvider, java.net.URI)}. */
    @FunctionalInterface
    public interface ClientFactory {
        AwsClients create(String region, AwsCredentialsProvider credentials, java.net.URI endpoint);
    }

    /** The terminal's width from {@code stty size}, or empty when it cannot tell within a second. */
    private static Optional<String> terminalColumns() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String[] rowsColumns = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .trim().split("\\s+");
            return rowsColumns.length == 2 && rowsColumns[1].matches("\\d+") ? Optional.of(rowsColumns[1]) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static AwsCredentialsProvider awsCredentials(String profile) {
        return profile == null ? DefaultCredentialsProvider.builder().build() : ProfileCredentialsProvider.create(profile);
    }

    private static Optional<String> awsProfileRegion(String profile) {
        return ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property(ProfileProperty.REGION));
    }
}
