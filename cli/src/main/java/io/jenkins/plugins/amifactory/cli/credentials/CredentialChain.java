package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds AWS credentials the way the AWS CLI v2 does, from the same files and variables, in its order:
 *
 * <ol>
 *   <li>{@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (not when {@code --profile} names a profile);</li>
 *   <li>the profile ({@code --profile}, else {@code AWS_PROFILE}, else {@code default}) when it assumes a role
 *       from a source profile or {@code credential_source};</li>
 *   <li>web identity: {@code AWS_WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN}, or the profile's
 *       {@code web_identity_token_file} and {@code role_arn};</li>
 *   <li>the profile's IAM Identity Center login, static keys or {@code credential_process};</li>
 *   <li>the container's credentials endpoint, then the EC2 instance's role.</li>
 * </ol>
 *
 * Temporary credentials (roles, web identity, IAM Identity Center) renew themselves before they expire, judged by
 * the command's clock. STS and the SSO portal are called at the command's endpoint when it has one. A profile
 * that is named but not there is an error, as in the AWS CLI, not a reason to look elsewhere.
 */
public final class CredentialChain {

    private final Map<String, String> env;
    private final Clock clock;
    private final Prompt prompt;

    /**
     * @param env    the environment to read variables and find the files from (the process's, or a test's)
     * @param clock  the time that decides when a session is renewed and a login has expired
     * @param prompt where to ask for an MFA code
     */
    public CredentialChain(Map<String, String> env, Clock clock, Prompt prompt) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.prompt = prompt;
    }

    /**
     * Finds and loads credentials once, so that every problem shows before anything runs.
     *
     * @param profile  {@code --profile}, or null
     * @param region   the command's region, for STS; null for STS's default
     * @param endpoint the command's endpoint, for STS and the SSO portal too; null for AWS's own
     * @throws CredentialsException when none can be had; the message names the profile or variable and the fix
     */
    public ResolvedCredentials resolve(String profile, String region, URI endpoint) {
        List<AutoCloseable> resources = new ArrayList<>();
        AwsConfigFiles files = AwsConfigFiles.from(env);
        HostCredentials host = new HostCredentials(env, resources);
        StsSessions sts = new StsSessions(region, endpoint, files, clock, prompt);
        resources.add(sts);
        ProfileCredentials profiles = new ProfileCredentials(files, host, sts, new SsoPortal(endpoint), clock,
                resources);
        try {
            String name = profile != null ? profile : Optional.ofNullable(host.env("AWS_PROFILE")).orElse("default");
            boolean named = profile != null || host.env("AWS_PROFILE") != null;
            Profile p = profile(files, name, profile != null ? "--profile" : named ? "AWS_PROFILE" : null);
            Found found = find(host, profiles, sts, p, profile != null);
            if (found == null && named) {
                throw new CredentialsException("profile '" + name + "' sets no credentials (none of "
                        + "aws_access_key_id, role_arn, sso_session, sso_start_url or credential_process), and the "
                        + "container and the instance have none either (add them with 'aws configure --profile " + name
                        + "' or 'aws configure sso --profile " + name + "')");
            }
            if (found == null) {
                throw new CredentialsException("no AWS credentials found in the environment, the default profile of "
                        + files.describe() + ", the container or the instance role (set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY, give --profile, or set AWS_PROFILE)");
            }
            load(found);
            return new ResolvedCredentials(found.provider(), found.description(), resources);
        } catch (RuntimeException e) {
            ResolvedCredentials.closeAll(resources);
            throw e;
        }
    }

    private static Profile profile(AwsConfigFiles files, String name, String namedBy) {
        Optional<Profile> p = files.profile(name);
        if (p.isEmpty() && namedBy != null) {
            throw new CredentialsException((namedBy.equals("AWS_PROFILE") ? "AWS_PROFILE names profile '" : "profile '")
                    + name + "', which is not in " + files.describe() + " ("
                    + (files.profileNames().isEmpty() ? "there are no profiles; " : "the profiles there are "
                    + String.join(", ", files.profileNames()) + "; ")
                    + "add it with 'aws configure --profile " + name + "' or 'aws configure sso --profile " + name
                    + "'" + (namedBy.equals("AWS_PROFILE") ? ", or unset AWS_PROFILE" : "") + ")");
        }
        return p.orElse(null);
    }

    private Found find(HostCredentials host, ProfileCredentials profiles, StsSessions sts, Profile p, boolean named) {
        Found env = named ? null : host.environment();
        if (env != null) {
            return env;
        }
        if (p != null && ProfileCredentials.assumesRole(p)) {
            return inProfile(p, profiles.of(p, false));
        }
        Found web = webIdentity(host, sts, p);
        if (web != null) {
            return web;
        }
        Found own = p == null ? null : profiles.of(p, false);
        if (own != null) {
            return inProfile(p, own);
        }
        Found container = host.container();
        if (container != null) {
            return container;
        }
        // The last place to look: off EC2 it cannot answer, and that means no credentials were found at all.
        Found instance = host.instanceMetadata();
        try {
            if (instance != null) {
                instance.provider().resolveCredentials();
            }
            return instance;
        } catch (SdkException e) {
            return null;
        }
    }

    private static Found inProfile(Profile p, Found found) {
        return new Found(found.provider(), "profile " + p.name() + ": " + found.description());
    }

    /** Web identity, each setting from its variable, else from the profile; null when no token file is set. */
    private Found webIdentity(HostCredentials host, StsSessions sts, Profile p) {
        String file = setting(host, p, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
        if (file == null) {
            return null;
        }
        String role = setting(host, p, "AWS_ROLE_ARN", "role_arn");
        boolean fromEnv = host.env("AWS_WEB_IDENTITY_TOKEN_FILE") != null;
        String who = fromEnv ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "profile '" + p.name() + "'";
        if (role == null) {
            throw new CredentialsException(who + " sets a web identity token file but no role to assume (set "
                    + (fromEnv ? "AWS_ROLE_ARN" : "role_arn in the profile") + ")");
        }
        String session = setting(host, p, "AWS_ROLE_SESSION_NAME", "role_session_name");
        return new Found(sts.webIdentity(who, role, Path.of(file),
                session != null ? session : "ami-factory-" + clock.instant().getEpochSecond()),
                (fromEnv ? "" : "profile " + p.name() + ": ") + "web identity token " + file + " for role " + role
                        + (fromEnv ? " (AWS_WEB_IDENTITY_TOKEN_FILE)" : ""));
    }

    private static String setting(HostCredentials host, Profile p, String variable, String property) {
        String v = host.env(variable);
        return v != null ? v : p == null ? null : p.property(property).filter(s -> !s.isBlank()).orElse(null);
    }

    /** Loads the credentials once; a failure names where they were to come from. */
    private static void load(Found found) {
        try {
            found.provider().resolveCredentials();
        } catch (SdkException e) {
            throw new CredentialsException(found.description() + ": the credentials could not be loaded ("
                    + StsSessions.explain(e) + ")", e);
        }
    }
}
