package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.cli.credentials.AwsConfigFiles;
import io.jenkins.plugins.amifactory.cli.credentials.ResolvedCredentials;
import io.jenkins.plugins.amifactory.cli.credentials.StsClients;
import io.jenkins.plugins.amifactory.simulator.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ami-factory whoami}: which account and identity the credentials are, and where they came from, so that
 * a person can check before a rollout that it will run as whom they mean. Asks STS's GetCallerIdentity, which
 * needs no permission.
 */
@Command(name = "whoami", header = "Show the AWS account and identity a rollout would run as, and where the credentials come from.",
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "ami-factory whoami [--profile <name>] [--region <region>] [--endpoint-url <url>] [--json]",
        description = {
                "Find credentials as 'rollout' does (the same profiles, roles, IAM Identity Center logins and "
                        + "variables) and ask AWS who they are.",
                "",
                "Exit codes: 0 shown, 2 no usable credentials (or AWS does not accept them), 3 AWS could not be "
                        + "asked, 1 unexpected error."})
public final class WhoamiCommand implements Callable<Integer> {

    /** What AWS answers for credentials it does not take: they are the user's to fix. */
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidClientTokenId", "ExpiredToken",
            "ExpiredTokenException", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId",
            "AccessDenied", "AuthFailure");

    @ArgGroup(validate = false, heading = "%nAWS:%n", order = 5)
    AwsOptions aws = new AwsOptions();

    @Option(names = "--json", order = 10, description = "Print account, arn, userId and source as one JSON object.")
    boolean json;

    private final CliContext ctx;

    WhoamiCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (aws.ec2EndpointUrl != null || aws.autoScalingEndpointUrl != null) {
            // Silently ignoring them would let a user believe the services' endpoints were checked.
            throw new BadInputException((aws.ec2EndpointUrl != null ? "--ec2-endpoint-url" : "--autoscaling-endpoint-url")
                    + ": whoami calls only STS, at --endpoint-url when given (leave the service's endpoint out)");
        }
        String region = aws.region(ctx);
        URI endpoint = aws.endpointUri(ctx);
        try (ResolvedCredentials credentials = aws.credentials(ctx, region, endpoint);
             StsClient sts = StsClients.create(region, endpoint, AwsConfigFiles.from(ctx.environment()).profileFile(),
                     credentials.provider())) {
            GetCallerIdentityResponse me;
            try {
                me = sts.getCallerIdentity();
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (REFUSED_CREDENTIALS.contains(code)) {
                    throw new BadInputException("--profile: AWS does not accept the credentials from "
                            + credentials.source() + ": " + code + ": " + e.awsErrorDetails().errorMessage()
                            + " (renew them: log in again, or check the keys)");
                }
                return failed(e, region, endpoint);
            } catch (SdkException e) {
                return failed(e, region, endpoint);
            }
            print(me, credentials.source());
            return ExitCodes.OK;
        }
    }

    private void print(GetCallerIdentityResponse me, String source) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("account", me.account());
            out.put("arn", me.arn());
            out.put("userId", me.userId());
            out.put("source", source);
            ctx.out().println(Json.write(out));
            return;
        }
        ctx.out().println("Account:  " + me.account());
        ctx.out().println("Identity: " + me.arn());
        ctx.out().println("Source:   " + source);
    }

    private int failed(SdkException e, String region, URI endpoint) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        ctx.err().println("Could not ask STS in " + (region == null ? StsClients.DEFAULT_REGION : region)
                + (endpoint == null ? "" : " at " + endpoint) + " who the credentials are: " + m);
        return ExitCodes.FAILED;
    }
}
