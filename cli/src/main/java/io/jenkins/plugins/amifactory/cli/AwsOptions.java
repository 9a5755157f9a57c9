package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.cli.credentials.CredentialsException;
import io.jenkins.plugins.amifactory.cli.credentials.ResolvedCredentials;
import io.jenkins.plugins.amifactory.engine.EndpointUrl;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.URI;

/**
 * Where to reach AWS and as whom. Region and endpoint fall back to the environment variables the AWS CLI
 * reads, so a shell set up for {@code aws} works as it is; credentials are found as the AWS CLI finds them
 * (see {@link io.jenkins.plugins.amifactory.cli.credentials.CredentialChain}), and are never printed.
 */
final class AwsOptions {

    @Option(names = "--region", paramLabel = "<region>", order = 100,
            description = "AWS region of the group (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "<name>", order = 101,
            description = "Named AWS profile (from the AWS CLI's config and credentials files) for credentials and region: "
                    + "keys, an assumed role, IAM Identity Center (after 'aws sso login'), web identity or credential_process "
                    + "(default: AWS_ACCESS_KEY_ID, else AWS_PROFILE or the default profile, else the container or instance role).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "<url>", order = 102,
            description = "Send AWS calls to this endpoint instead of AWS's, e.g. the simulator's (default: AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(names = "--ec2-endpoint-url", paramLabel = "<url>", order = 103,
            description = "Send the EC2 calls to this endpoint, e.g. an interface VPC endpoint for EC2 "
                    + "(default: AWS_ENDPOINT_URL_EC2 unless --endpoint-url is given, else the common endpoint).")
    String ec2EndpointUrl;

    @Option(names = "--autoscaling-endpoint-url", paramLabel = "<url>", order = 104,
            description = "Send the Auto Scaling calls to this endpoint (default: AWS_ENDPOINT_URL_AUTO_SCALING unless "
                    + "--endpoint-url is given, else the common endpoint).")
    String autoScalingEndpointUrl;

    /** The region to use, or null when nothing names one (the request then says how to give one). */
    String region(CliContext ctx) {
        if (region != null) {
            return region;
        }
        String fromEnv = ctx.env("AWS_REGION") != null ? ctx.env("AWS_REGION") : ctx.env("AWS_DEFAULT_REGION");
        if (fromEnv != null) {
            return fromEnv;
        }
        return ctx.profileRegion(profileName(ctx)).orElse(null);
    }

    String endpoint(CliContext ctx) {
        return endpointUrl != null ? endpointUrl : ctx.env("AWS_ENDPOINT_URL");
    }

    /*
     * As the AWS SDKs layer them, a service's own endpoint comes before the common one; an option given on the
     * command line comes before anything in the environment, so --endpoint-url also overrides AWS_ENDPOINT_URL_EC2.
     */

    String ec2Endpoint(CliContext ctx) {
        return ec2EndpointUrl != null ? ec2EndpointUrl : endpointUrl != null ? null : ctx.env("AWS_ENDPOINT_URL_EC2");
    }

    String autoScalingEndpoint(CliContext ctx) {
        return autoScalingEndpointUrl != null ? autoScalingEndpointUrl
                : endpointUrl != null ? null : ctx.env("AWS_ENDPOINT_URL_AUTO_SCALING");
    }

    /**
     * Where each service's calls go, for commands that build no rollout request.
     *
     * @throws BadInputException when an endpoint is not an http(s) URL
     */
    Endpoints endpoints(CliContext ctx) {
        URI common = endpointUri(ctx);
        URI ec2 = uri("--ec2-endpoint-url", ec2Endpoint(ctx));
        URI autoScaling = uri("--autoscaling-endpoint-url", autoScalingEndpoint(ctx));
        return new Endpoints(ec2 != null ? ec2 : common, autoScaling != null ? autoScaling : common);
    }

    private static URI uri(String option, String url) {
        try {
            return EndpointUrl.parse(option, url);
        } catch (InvalidRequestException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * The common endpoint as a URI, or null for AWS's own.
     *
     * @throws BadInputException when it is not an http(s) URL, or carries what an endpoint must not
     */
    URI endpointUri(CliContext ctx) {
        return uri("--endpoint-url", endpoint(ctx));
    }

    /**
     * Credentials, checked before anything runs: the rollout treats an SDK client error as passing trouble
     * and retries it, which for missing credentials would mean retrying until the timeout. STS and the SSO portal
     * are called at {@code endpoint} too when it is given, as every other AWS call is.
     *
     * @throws BadInputException when no credentials can be had; the message names the profile and the fix
     */
    ResolvedCredentials credentials(CliContext ctx, String region, URI endpoint) {
        ResolvedCredentials resolved;
        try {
            resolved = ctx.credentials(profile, region, endpoint);
        } catch (CredentialsException e) {
            throw new BadInputException("--profile: " + e.getMessage());
        }
        try {
            resolved.provider().resolveCredentials();
            return resolved;
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
            resolved.close();
            // The SDK's own message lists every provider it tried in one long line; the first line is enough.
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException("--profile: no usable credentials"
                    + (profile != null ? " for profile '" + profile + "'" : "") + " from " + resolved.source() + ": "
                    + why + " ('ami-factory whoami" + (profile != null ? " --profile " + profile : "")
                    + "' shows where credentials come from)");
        }
    }

    private String profileName(CliContext ctx) {
        if (profile != null) {
            return profile;
        }
        return ctx.env("AWS_PROFILE") != null ? ctx.env("AWS_PROFILE") : "default";
    }
}
