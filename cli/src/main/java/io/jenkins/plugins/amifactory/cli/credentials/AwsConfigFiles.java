package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS CLI's configuration files, found as the AWS CLI finds them, from the environment it is given (not the
 * JVM's, so that tests point it at a temporary home): {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config};
 * {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}; and the IAM Identity Center token cache
 * that {@code aws sso login} writes, {@code ~/.aws/sso/cache}. A file that does not exist counts as empty. Where
 * both files set a property of a profile, the credentials file wins, as in the AWS CLI.
 */
public final class AwsConfigFiles {

    private final Path config;
    private final Path credentials;
    private final Path home;
    private final ProfileFile profiles;

    private AwsConfigFiles(Path config, Path credentials, Path home) {
        this.config = config;
        this.credentials = credentials;
        this.home = home;
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        if (credentials != null && Files.isRegularFile(credentials)) {
            all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (config != null && Files.isRegularFile(config)) {
            all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        this.profiles = all.build();
    }

    /** The files {@code env} points at; without HOME and without the two variables, none. */
    public static AwsConfigFiles from(Map<String, String> env) {
        Path home = blank(env.get("HOME")) ? null : Path.of(env.get("HOME"));
        return new AwsConfigFiles(file(env.get("AWS_CONFIG_FILE"), home, "config"),
                file(env.get("AWS_SHARED_CREDENTIALS_FILE"), home, "credentials"), home);
    }

    private static Path file(String variable, Path home, String name) {
        if (!blank(variable)) {
            String v = variable.trim();
            return v.startsWith("~/") && home != null ? home.resolve(v.substring(2)) : Path.of(v);
        }
        return home == null ? null : home.resolve(".aws").resolve(name);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Both files as one, for the SDK clients that read settings of the profile (its retry mode, say). */
    public ProfileFile profileFile() {
        return profiles;
    }

    public Optional<Profile> profile(String name) {
        return profiles.profile(name);
    }

    /** The {@code [sso-session NAME]} section of the config file. */
    public Optional<Profile> ssoSession(String name) {
        return profiles.getSection("sso-session", name);
    }

    /** The names of every profile, sorted, to suggest one when a name is not there. */
    public Set<String> profileNames() {
        return new TreeSet<>(profiles.profiles().keySet());
    }

    /** Where {@code aws sso login} keeps its tokens, or null without a home. */
    public Path ssoCache() {
        return home == null ? null : home.resolve(".aws").resolve("sso").resolve("cache");
    }

    /** The two files, as a message names them. */
    public String describe() {
        return show(config) + " or " + show(credentials);
    }

    private String show(Path p) {
        if (p == null) {
            return "~/.aws/…";
        }
        return home != null && p.startsWith(home) ? "~/" + home.relativize(p) : p.toString();
    }
}
