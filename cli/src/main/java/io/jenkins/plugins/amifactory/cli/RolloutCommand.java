package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.cli.credentials.ResolvedCredentials;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.simulator.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ami-factory rollout}: the Jenkins step from a terminal. Validates everything before the first AWS
 * call, runs the rollout to its end, and exits with the code of how it ended.
 */
@Command(name = "rollout", header = "Roll a new Image out to an Auto Scaling group.",
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "ami-factory rollout --asg <name> --instance <id> [--region <region>] [options]",
        description = {
                "Create an Image from a running instance, write the group's next launch configuration or launch "
                        + "template version, point the group at it and run an instance refresh until it is healthy.",
                "",
                "Exit codes: 0 succeeded, 2 bad input (nothing changed), 3 failed, 4 timed out, 5 stopped by "
                        + "Ctrl-C, 6 another rollout holds the group (nothing changed), 1 unexpected error. Ctrl-C "
                        + "applies --on-abort before exiting."})
public class RolloutCommand implements Callable<Integer> {

    @Mixin
    RolloutOptions rollout;

    @ArgGroup(validate = false, heading = "%nAWS:%n", order = 5)
    AwsOptions aws = new AwsOptions();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 6)
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    private final CliContext ctx;

    RolloutCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Whether this command only shows what a rollout would do. */
    boolean planOnly() {
        return false;
    }

    @Override
    public Integer call() {
        RolloutRequest request;
        try {
            request = rollout.toRequest(aws.region(ctx), aws, ctx, planOnly());
        } catch (InvalidRequestException e) {
            throw new BadInputException(OptionNames.translate(e.getMessage()));
        }
        FleetRequest fleet;
        try {
            fleet = rollout.toFleet(request);
        } catch (InvalidRequestException e) {
            throw new BadInputException(OptionNames.translate(e.getMessage()));
        }
        try (ResolvedCredentials credentials = aws.credentials(ctx, request.region(), request.endpoint());
             AwsClients clients = ctx.awsClients(request.region(), credentials.provider(), request.endpoints())) {
            RolloutRunner runner = new RolloutRunner(ctx, clients, ctx.clock(), ctx.sleeper());
            if (fleet != null) {
                // The same credentials and endpoints in every region: one account, as the fleet requires.
                Fleet.RegionClients regions = region -> region.equals(request.region())
                        ? AwsClients.borrowed(clients, () -> { })
                        : ctx.awsClients(region, credentials.provider(), request.endpoints());
                return runner.guarded(() -> {
                    FleetResult result = runner.run(fleet, regions, output.progressStream(ctx), output.bar(ctx));
                    report(result);
                    return ExitCodes.of(result.status());
                });
            }
            return runner.guarded(() -> {
                RolloutResult result = runner.run(request, output.progressStream(ctx), output.bar(ctx));
                report(result);
                return heldByAnother(result) ? ExitCodes.HELD : ExitCodes.of(result.status());
            });
        }
    }

    /**
     * Whether preflight refused the rollout because another one holds the group. The engine says so only in
     * words (as a refusal of the asg field), so the words are matched; RecoverCommandTest pins them.
     */
    static boolean heldByAnother(RolloutResult result) {
        String m = result.message();
        return result.status() == RolloutStatus.REJECTED && m != null
                && (m.startsWith("asg: group '" + result.asg() + "' is being rolled out by ")
                || m.startsWith("asg: another rollout took group '" + result.asg() + "'"));
    }

    private void report(FleetResult result) {
        if (output.json) {
            ctx.out().println(Json.write(result.toMap()));
        }
        if (result.status() == RolloutStatus.REJECTED) {
            Usage.printError(spec.commandLine(), ctx.err(), OptionNames.translate(result.message()));
        } else if (!output.json) {
            Summary.print(ctx.out(), result);
        }
    }

    private void report(RolloutResult result) {
        if (output.json) {
            ctx.out().println(Json.write(result.toMap()));
        }
        if (heldByAnother(result)) {
            // Nothing is wrong with the command: it can run once the other rollout is done (or recovered).
            ctx.err().println("Held: " + OptionNames.translate(result.message()));
        } else if (result.status() == RolloutStatus.REJECTED) {
            // AWS did not know the group, the instance or the region: bad input, shown like a usage error.
            Usage.printError(spec.commandLine(), ctx.err(), OptionNames.translate(result.message()));
        } else if (!output.json) {
            Summary.print(ctx.out(), result);
        }
    }
}
