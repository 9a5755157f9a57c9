package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.cli.credentials.AwsConfigFiles;
import io.jenkins.plugins.amifactory.cli.credentials.CredentialChain;
import io.jenkins.plugins.amifactory.cli.credentials.Prompt;
import io.jenkins.plugins.amifactory.cli.credentials.ResolvedCredentials;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a command takes from its surroundings: the streams, the environment, whether a person is
 * watching a terminal (and can type an MFA code), where AWS credentials and profile regions come from, the clock
 * a rollout runs on and where Ctrl-C comes from. {@link #system()} is the real process; tests substitute
 * captured streams, an environment whose HOME holds their own AWS config files (or fixed credentials), a
 * simulated clock and their own interrupts, and run the commands in process.
 */
public final class CliContext {

    /** How long Ctrl-C waits for the abort outcome to be applied before the process ends anyway. */
    static final Duration STOP_BOUND = Duration.ofMinutes(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;
    /** Fixed credentials per profile name; null for the AWS CLI's chain ({@link CredentialChain}). */
    private final Function<String, AwsCredentialsProvider> credentials;
    /** Where a profile's region is read; null for the AWS CLI's config files. */
    private final Function<String, Optional<String>> profileRegion;
    private final Prompt prompt;
    private final Clock clock;
    private final RolloutDriver.Sleeper sleeper;
    private final Interrupts interrupts;
    private final ClientFactory clients;

    private CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
                       Function<String, AwsCredentialsProvider> credentials,
                       Function<String, Optional<String>> profileRegion, Prompt prompt, Clock clock,
                       RolloutDriver.Sleeper sleeper, Interrupts interrupts, ClientFactory clients) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.terminal = terminal;
        this.credentials = credentials;
        this.profileRegion = profileRegion;
        this.prompt = prompt;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interrupts = interrupts;
        this.clients = clients;
    }

    /** The running process: System.out/err, the real environment, the AWS CLI's credential chain, wall-clock time. */
    public static CliContext system() {
        boolean terminal = System.console() != null;
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        if (terminal && !env.containsKey("COLUMNS")) {
            // Shells keep COLUMNS to themselves; ask the terminal, so that a progress bar uses its width.
            terminalColumns().ifPresent(c -> env.put("COLUMNS", c));
        }
        // ~/.aws is found through HOME; a process started without one still has a home, as the AWS CLI finds it.
        env.putIfAbsent("HOME", System.getProperty("user.home"));
        return new CliContext(System.out, System.err, env, terminal, null, null, Prompt.console(), Clock.systemUTC(),
                new WakeableSleeper(), Interrupts.signals(System.err, STOP_BOUND), AwsClients::create);
    }

    /**
     * A context for running commands in process: the given streams and environment (its HOME, AWS_CONFIG_FILE and
     * AWS_SHARED_CREDENTIALS_FILE say where the AWS config files are), no terminal, the AWS CLI's credential
     * chain, wall-clock time, no Ctrl-C. Change parts with the {@code with} methods.
     */
    public static CliContext of(PrintStream out, PrintStream err, Map<String, String> env) {
        return new CliContext(out, err, env, false, null, null, Prompt.NONE, Clock.systemUTC(), new WakeableSleeper(),
                Interrupts.NONE, AwsClients::create);
    }

    /** Credentials for every profile name (null for the default chain), e.g. fixed ones for a simulator. */
    public CliContext withCredentials(Function<String, AwsCredentialsProvider> credentials) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    /** Where a profile's region is looked up. */
    public CliContext withProfileRegions(Function<String, Optional<String>> profileRegion) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    /** Who is asked for an MFA code (a person at the terminal; a test's answer). */
    public CliContext withPrompt(Prompt prompt) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    /** The time a rollout reads and how it waits between steps (a simulated clock in tests). */
    public CliContext withTime(Clock clock, RolloutDriver.Sleeper sleeper) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    public CliContext withInterrupts(Interrupts interrupts) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    /**
     * How the commands make their AWS clients. Tests wrap the real ones to change them between two steps of a
     * rollout (an endpoint that stops answering, credentials that expire, a shorter call timeout), as a
     * network or an expiring session would under a running process.
     */
    public CliContext withAwsClients(ClientFactory clients) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    /** Whether to draw progress bars (a person at a terminal) instead of plain lines. */
    public CliContext withTerminal(boolean terminal) {
        return new CliContext(out, err, env, terminal, credentials, profileRegion, prompt, clock, sleeper, interrupts,
                clients);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** The whole environment the command was given. */
    Map<String, String> environment() {
        return env;
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

    /**
     * Credentials for {@code profile} (null: the environment, AWS_PROFILE or the default profile), with STS and
     * the SSO portal at {@code endpoint} when it is given.
     *
     * @throws io.jenkins.plugins.amifactory.cli.credentials.CredentialsException when there are none
     */
    ResolvedCredentials credentials(String profile, String region, java.net.URI endpoint) {
        if (credentials != null) {
            return ResolvedCredentials.of(credentials.apply(profile), "credentials given to this process");
        }
        return new CredentialChain(env, clock, prompt).resolve(profile, region, endpoint);
    }

    Optional<String> profileRegion(String profile) {
        if (profileRegion != null) {
            return profileRegion.apply(profile);
        }
        return AwsConfigFiles.from(env).profile(profile).flatMap(p -> p.property(ProfileProperty.REGION));
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

    AwsClients awsClients(String region, AwsCredentialsProvider credentials, Endpoints endpoints) {
        return clients.create(region, credentials, endpoints);
    }

    /** Makes the AWS clients of one command; {@link AwsClients#create(String, AwsCredentialsProvider, Endpoints)}. */
    @FunctionalInterface
    public interface ClientFactory {
        AwsClients create(String region, AwsCredentialsProvider credentials, Endpoints endpoints);
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
}
