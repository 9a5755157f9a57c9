package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs the command line in process with captured output, an environment of the test's choosing and the
 * simulator's dummy credentials, and records which profiles credentials were asked for (to show that bad input
 * never got as far as AWS).
 */
final class CliHarness {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<String> credentialRequests = new ArrayList<>();
    private CliContext ctx;

    CliHarness(Map<String, String> env) {
        ctx = CliContext.of(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .withCredentials(profile -> {
                    credentialRequests.add(String.valueOf(profile));
                    return SimulatorKit.credentials();
                });
    }

    CliHarness() {
        this(Map.of());
    }

    /**
     * A command line that finds credentials as in the field, from {@code env} and the AWS config files its HOME
     * holds (see {@link AwsHome}), instead of the simulator's fixed ones.
     */
    static CliHarness withAwsConfig(Map<String, String> env) {
        return new CliHarness(env).with(c -> c.withCredentials(null));
    }

    CliHarness with(UnaryOperator<CliContext> change) {
        ctx = change.apply(ctx);
        return this;
    }

    CliContext context() {
        return ctx;
    }

    int run(String... args) {
        return AmiFactoryCli.run(ctx, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
