package io.jenkins.plugins.amifactory.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A home directory for a test, with the AWS CLI's files in it as a user would have them: {@code ~/.aws/config},
 * {@code ~/.aws/credentials} and the token cache of {@code aws sso login}. The command line finds them through
 * the HOME of the environment {@link #env()} gives, never through the test JVM's own.
 */
final class AwsHome {

    final Path home;
    private final Map<String, String> env = new HashMap<>();

    AwsHome(Path home) {
        this.home = home;
        env.put("HOME", home.toString());
        // No instance role to find on a test machine; asking for one would only wait for a timeout.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    AwsHome config(String text) {
        return write(home.resolve(".aws/config"), text);
    }

    AwsHome credentials(String text) {
        return write(home.resolve(".aws/credentials"), text);
    }

    /** The token {@code aws sso login} leaves for an sso-session (or, the older way, a start URL). */
    AwsHome ssoLogin(String sessionOrStartUrl, String accessToken, Instant expiresAt) {
        return write(home.resolve(".aws/sso/cache/" + sha1(sessionOrStartUrl) + ".json"),
                "{\"startUrl\": \"https://example.awsapps.com/start\", \"region\": \"eu-west-1\", \"accessToken\": \""
                        + accessToken + "\", \"expiresAt\": \"" + expiresAt + "\"}");
    }

    /** A file in the home, e.g. a web identity token or a credential_process script. */
    Path file(String name, String text) {
        Path p = home.resolve(name);
        write(p, text);
        return p;
    }

    AwsHome env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    private AwsHome write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
