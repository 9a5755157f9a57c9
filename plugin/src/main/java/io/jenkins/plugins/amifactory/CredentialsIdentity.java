package io.jenkins.plugins.amifactory;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Which credentials a set of clients signs with, as a cache key: two rollouts share clients only when they would sign
 * with the same credentials. Credentials stored in Jenkins are the same when they are the same object, not when they
 * have the same id (folders may hold different credentials under one id, each visible only to its own jobs).
 * Credentials given as values (the build environment's {@code AWS_*}) are the same when every value is, access key,
 * secret and session token alike: a build that knows another's access key id but not its secret must not borrow its
 * clients. The text of an identity names no part of any credential.
 */
abstract sealed class CredentialsIdentity permits CredentialsIdentity.SameObject, CredentialsIdentity.SameValues {

    private CredentialsIdentity() {
    }

    static CredentialsIdentity of(AwsCredentialsProvider provider) {
        if (provider instanceof StaticCredentialsProvider fixed) {
            return new SameValues(fixed.resolveCredentials());
        }
        return new SameObject(provider);
    }

    /** A provider that resolves credentials itself (stored in Jenkins, the controller's own): by identity. */
    static final class SameObject extends CredentialsIdentity {
        private final AwsCredentialsProvider provider;

        SameObject(AwsCredentialsProvider provider) {
            this.provider = provider;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SameObject other && other.provider == provider;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(provider);
        }

        @Override
        public String toString() {
            return provider instanceof AmazonWebServicesCredentials c ? "stored credentials '" + c.getId() + "'"
                    : provider.getClass().getSimpleName();
        }
    }

    /** Fixed credentials: by a digest of all their values, so the key keeps no secret in plain text. */
    static final class SameValues extends CredentialsIdentity {
        private final byte[] digest;

        SameValues(AwsCredentials credentials) {
            String token = credentials instanceof AwsSessionCredentials s ? s.sessionToken() : "";
            digest = sha256(credentials.accessKeyId(), credentials.secretAccessKey(), token);
        }

        private static byte[] sha256(String... parts) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (String p : parts) {
                    byte[] bytes = String.valueOf(p).getBytes(StandardCharsets.UTF_8);
                    // Each part's length first, so that no two different triples read as the same bytes.
                    md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) ':');
                    md.update(bytes);
                }
                return md.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SameValues other && MessageDigest.isEqual(other.digest, digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "fixed credentials";
        }
    }
}
