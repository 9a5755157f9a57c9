package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.List;
import java.util.Map;

/**
 * The credentials a machine holds outside the profiles: the environment variables, the container's
 * credentials endpoint (ECS, EKS Pod Identity) and the EC2 instance's role through instance metadata. The
 * environment is the command's, so tests choose it; the container and instance providers are the SDK's, which
 * read their endpoints from the process itself.
 */
final class HostCredentials {

    private final Map<String, String> env;
    private final List<AutoCloseable> resources;

    HostCredentials(Map<String, String> env, List<AutoCloseable> resources) {
        this.env = env;
        this.resources = resources;
    }

    /** A variable, or null when unset or blank. */
    String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, or null when the
     * first two are unset.
     */
    Found environment() {
        String id = env("AWS_ACCESS_KEY_ID");
        String secret = env("AWS_SECRET_ACCESS_KEY");
        if (id == null && secret == null) {
            return null;
        }
        if (id == null || secret == null) {
            throw new CredentialsException((id == null ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                    : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
                    + " (set both, or unset the one that is set to use a profile)");
        }
        String token = env("AWS_SESSION_TOKEN") != null ? env("AWS_SESSION_TOKEN") : env("AWS_SECURITY_TOKEN");
        return new Found(StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token)), "environment variables (AWS_ACCESS_KEY_ID)");
    }

    /** The container's credentials endpoint, or null when neither of its variables is set. */
    Found container() {
        String variable = env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null ? "AWS_CONTAINER_CREDENTIALS_FULL_URI"
                : env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" : null;
        if (variable == null) {
            return null;
        }
        ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();
        resources.add(provider);
        return new Found(provider, "container credentials (" + variable + ")");
    }

    /** The instance's role, or null when {@code AWS_EC2_METADATA_DISABLED} is true. */
    Found instanceMetadata() {
        if ("true".equalsIgnoreCase(env("AWS_EC2_METADATA_DISABLED"))) {
            return null;
        }
        InstanceProfileCredentialsProvider.Builder b = InstanceProfileCredentialsProvider.builder();
        if (env("AWS_EC2_METADATA_SERVICE_ENDPOINT") != null) {
            b.endpoint(env("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
        }
        InstanceProfileCredentialsProvider provider = b.build();
        resources.add(provider);
        return new Found(provider, "instance metadata (the EC2 instance's role)");
    }
}
