package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * STS clients as every part of the command line makes them: in the command's region (STS's default, us-east-1,
 * when none is known), at the command's endpoint when it has one, reading the same AWS config files as the
 * rest of the command, and named {@code ami-factory} in the User-Agent.
 */
public final class StsClients {

    /** STS's own default when nothing names a region: the global endpoint's. */
    public static final String DEFAULT_REGION = "us-east-1";

    private StsClients() {
    }

    /** A client signing with {@code credentials}; the caller closes it. */
    public static StsClient create(String region, URI endpoint, ProfileFile profiles,
                                   AwsCredentialsProvider credentials) {
        StsClientBuilder b = StsClient.builder().region(Region.of(region == null ? DEFAULT_REGION : region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.defaultProfileFile(profiles).apiCallTimeout(Duration.ofSeconds(30))
                        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, "ami-factory"));
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }
}
