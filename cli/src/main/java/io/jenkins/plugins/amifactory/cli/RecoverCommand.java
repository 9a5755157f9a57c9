package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.cli.credentials.ResolvedCredentials;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ami-factory recover}: frees a group from a rollout that was cut off (a closed terminal, a killed
 * process, a controller that died), stopping the instance refresh it left running. A live lease is only
 * reported unless {@code --force} says its rollout is gone.
 */
@Command(name = "recover", header = "Free a group from a rollout that was cut off.",
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "ami-factory recover --asg <name> [--force] [--region <region>] [options]",
        description = {
                "Read the group's lease (tag ami-factory:lease). When the rollout holding it was cut off (its lease "
                        + "lapsed, or --force), roll back its instance refresh where AWS can (a launch template "
                        + "version) or cancel it, wait until AWS says it stopped, and remove the lease. Then say "
                        + "where the group is.",
                "",
                "Exit codes: 0 done (or nothing to do), 2 bad input (nothing changed), 3 an AWS call failed, "
                        + "4 the refresh did not stop within --timeout, 6 held by a live rollout (nothing changed), "
                        + "1 unexpected error."})
public class RecoverCommand implements Callable<Integer> {

    @Option(names = "--asg", required = true, paramLabel = "<name>", order = 1,
            description = "The Auto Scaling group.")
    String asg;

    @Option(names = "--force", order = 2,
            description = "Take over a lease that still counts: only when you know its rollout is gone.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "<minutes>", order = 3, defaultValue = "60",
            description = "Wait this long for AWS to stop the refresh (1-1440, default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @ArgGroup(validate = false, heading = "%nAWS:%n", order = 5)
    AwsOptions aws = new AwsOptions();

    private final CliContext ctx;

    RecoverCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (asg.isBlank()) {
            throw new BadInputException("--asg: the group name is empty");
        }
        if (timeoutMinutes < 1 || timeoutMinutes > 1440) {
            throw new BadInputException("--timeout: " + timeoutMinutes + " is out of range (use 1 to 1440 minutes)");
        }
        String region = aws.region(ctx);
        Endpoints endpoints = aws.endpoints(ctx);
        if (region == null) {
            throw new BadInputException("--region: no AWS region is set (give --region, set AWS_REGION or "
                    + "AWS_DEFAULT_REGION, or give the profile a region in ~/.aws/config)");
        }
        if (endpoints.usesRegion() && !Region.regions().contains(Region.of(region))) {
            throw new BadInputException("--region: '" + region + "' is not an AWS region (use a region code such as "
                    + "us-east-1 or eu-west-1)");
        }
        try (ResolvedCredentials credentials = aws.credentials(ctx, region, aws.endpointUri(ctx));
             AwsClients clients = ctx.awsClients(region, credentials.provider(), endpoints)) {
            CutOffRollout recovery = new CutOffRollout(clients, asg, ctx.out(), ctx.clock(), ctx.sleeper());
            AutoScalingGroup group;
            try {
                group = recovery.describe();
            } catch (SdkException e) {
                // Nothing was changed yet: the group could not be read where the options point.
                throw new BadInputException("--asg: could not read group '" + asg + "' in " + where(region, endpoints)
                        + ": " + firstLine(e.getMessage()));
            }
            if (group == null) {
                throw new BadInputException("--asg: there is no Auto Scaling group '" + asg + "' in "
                        + where(region, endpoints) + " (check the group name and the region)");
            }
            try {
                return recovery.recover(group, force, Duration.ofMinutes(timeoutMinutes));
            } catch (SdkException e) {
                ctx.out().println("Recover stopped: " + firstLine(e.getMessage())
                        + " (the lines above say what was done; run recover again)");
                return ExitCodes.FAILED;
            }
        }
    }

    /** Where the group was looked for: it lives where the Auto Scaling calls go. */
    private static String where(String region, Endpoints endpoints) {
        return endpoints.autoScaling() == null ? region : region + " at " + endpoints.autoScaling();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
