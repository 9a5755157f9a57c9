package io.jenkins.plugins.amifactory;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Resolves the wrapped provider at most once per poll. The SDK asks for credentials on every request, and AWS
 * credentials stored in Jenkins with an IAM role call STS AssumeRole on every resolution; once per poll keeps that
 * cheap while a rollout longer than a session still gets fresh credentials. Lives for one poll (or, in the
 * Freestyle build step and in shared clients, is told when the next poll starts); never persisted.
 */
final class PerPollCredentials implements AwsCredentialsProvider {

    private final AwsCredentialsProvider source;
    private AwsCredentials current;

    PerPollCredentials(AwsCredentialsProvider source) {
        this.source = source;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (current == null) {
            current = source.resolveCredentials();
        }
        return current;
    }

    /** The provider this one wraps; for another provider, that provider itself. */
    static AwsCredentialsProvider sourceOf(AwsCredentialsProvider provider) {
        return provider instanceof PerPollCredentials p ? p.source : provider;
    }

    /** Forgets the resolved credentials, so the next request of the next poll resolves them again. */
    synchronized void nextPoll() {
        current = null;
    }

    @Override
    public String toString() {
        // Never the credentials themselves: this may end up in an SDK log line.
        return "PerPollCredentials[" + source.getClass().getSimpleName() + "]";
    }
}
