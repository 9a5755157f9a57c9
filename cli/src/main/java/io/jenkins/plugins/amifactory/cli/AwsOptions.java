package io.jenkins.plugins.amifactory.cli;

import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Where to reach AWS and as whom. Region and endpoint fall back to the environment variables the AWS CLI
 * reads, so a shell set up for {@code aws} works as it is; credentials come from the SDK's default chain or
 * the named profile, and are never printed.
 */
final class AwsOptions {

    @Option(names = "--region", paramLabel = "<region>", order = 100,
            description = "AWS region of the group (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "<name>", order = 101,
            description = "Named AWS profile (from the AWS CLI's config and credentials files) for credentials and region "
                    + "(default: AWS_PROFILE, else the standard credential chain).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "<url>", order = 102,
            description = "Send AWS calls to this endpoint instead of AWS's, e.g. the simulator's (default: AWS_ENDPOINT_URL).")
    String endpointUrl;

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

    /**
     * Credentials, checked before anything runs: the rollout treats an SDK client error as passing trouble
     * and retries it, which for missing credentials would mean retrying until the timeout.
     *
     * @throws BadInputException when no credentials can be found
     */
    AwsCredentialsProvider credentials(CliContext ctx) {
        AwsCredentialsProvider provider = ctx.credentials(profile);
        try {
            provider.resolveCredentials();
            return provider;
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
            // The SDK's own message lists every provider it tried in one long line; the gist is enough.
            if (profile != null) {
                throw new BadInputException("--profile: no usable credentials for profile '" + profile + "' ("
                        + "check the name against ~/.aws/config and ~/.aws/credentials, or log in again with"
                        + " 'aws sso login --profile " + profile + "')");
            }
            throw new BadInputException("--profile: no AWS credentials found in the environment, the default profile"
                    + " or the instance role (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give --profile,"
                    + " or set AWS_PROFILE)");
        }
    }

    private String profileName(CliContext ctx) {
        if (profile != null) {
            return profile;
        }
        return ctx.env("AWS_PROFILE") != null ? ctx.env("AWS_PROFILE") : "default";
    }
}
