package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.util.ArrayList;
import java.util.List;

/**
 * Credentials a command found, and where it found them, in words a person checks before a rollout
 * ({@code profile prod: assume role arn:… from profile base}). Closing it closes the STS clients and providers
 * behind it.
 */
public final class ResolvedCredentials implements AutoCloseable {

    private final AwsCredentialsProvider provider;
    private final String source;
    private final List<AutoCloseable> resources;

    ResolvedCredentials(AwsCredentialsProvider provider, String source, List<AutoCloseable> resources) {
        this.provider = provider;
        this.source = source;
        this.resources = List.copyOf(resources);
    }

    /** Credentials that need nothing closed, e.g. fixed ones given to a test. */
    public static ResolvedCredentials of(AwsCredentialsProvider provider, String source) {
        List<AutoCloseable> none = new ArrayList<>();
        if (provider instanceof SdkAutoCloseable closeable) {
            none.add(closeable);
        }
        return new ResolvedCredentials(provider, source, none);
    }

    /** What the AWS clients sign with; a session refreshes itself before it expires. */
    public AwsCredentialsProvider provider() {
        return provider;
    }

    /** Where the credentials come from, e.g. {@code environment variables (AWS_ACCESS_KEY_ID)}. */
    public String source() {
        return source;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // Closing a client frees its connections; nothing is left to tell the user.
            }
        }
    }
}
