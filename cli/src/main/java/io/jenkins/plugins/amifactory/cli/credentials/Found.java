package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials one source of the chain offers, not yet loaded, and the source in words.
 *
 * @param provider    loads (and renews) the credentials
 * @param description where they come from, e.g. {@code assume role arn:… from profile base}
 */
record Found(AwsCredentialsProvider provider, String description) {}
