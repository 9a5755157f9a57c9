package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProcessCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a profile of the AWS CLI's files says to use, read the way the AWS CLI reads it: an assume-role profile
 * ({@code role_arn} with {@code source_profile} or {@code credential_source}), a web identity profile
 * ({@code role_arn} with {@code web_identity_token_file}), an IAM Identity Center profile, static keys, or
 * {@code credential_process}. A source profile is resolved the same way, so roles chain; a profile that is its
 * own source uses its own keys, and a longer loop is refused.
 */
final class ProfileCredentials {

    private final AwsConfigFiles files;
    private final HostCredentials host;
    private final StsSessions sts;
    private final SsoPortal sso;
    private final Clock clock;
    private final List<AutoCloseable> resources;

    ProfileCredentials(AwsConfigFiles files, HostCredentials host, StsSessions sts, SsoPortal sso, Clock clock,
                       List<AutoCloseable> resources) {
        this.files = files;
        this.host = host;
        this.sts = sts;
        this.sso = sso;
        this.clock = clock;
        this.resources = resources;
    }

    /** Whether {@code p} assumes a role with credentials from another profile or from the host. */
    static boolean assumesRole(Profile p) {
        return p.property("role_arn").isPresent()
                && (p.property("source_profile").isPresent() || p.property("credential_source").isPresent());
    }

    /**
     * The credentials profile {@code p} configures, or null when it configures none (a profile with only a
     * region, say).
     *
     * @param asSource whether {@code p} is another profile's source: then its own keys come before its role, as
     *                 in the AWS CLI
     */
    Found of(Profile p, boolean asSource) {
        return of(p, asSource, new ArrayList<>());
    }

    private Found of(Profile p, boolean asSource, List<String> chain) {
        boolean keys = p.property("aws_access_key_id").isPresent();
        if (p.property("role_arn").isPresent() && !(asSource && keys)) {
            if (p.property("web_identity_token_file").isPresent()) {
                String file = p.property("web_identity_token_file").orElseThrow();
                RoleProfile role = RoleProfile.of(p, clock);
                return new Found(sts.webIdentity("profile '" + p.name() + "'", role.roleArn(), Path.of(file),
                        role.sessionName()), "web identity token " + file + " for role " + role.roleArn());
            }
            return assumeRole(p, chain);
        }
        if (SsoLogin.isSso(p)) {
            SsoLogin login = SsoLogin.of(p, files);
            return new Found(sso.roleCredentials(login, files, clock), login.describe());
        }
        if (keys) {
            return staticKeys(p);
        }
        Optional<String> process = p.property("credential_process").filter(c -> !c.isBlank());
        if (process.isPresent()) {
            ProcessCredentialsProvider provider = ProcessCredentialsProvider.builder().command(process.get()).build();
            resources.add(provider);
            return new Found(provider, "credential_process");
        }
        return null;
    }

    private Found assumeRole(Profile p, List<String> chain) {
        String source = p.property("source_profile").orElse(null);
        String credentialSource = p.property("credential_source").orElse(null);
        if (source == null && credentialSource == null) {
            throw new CredentialsException("profile '" + p.name() + "' has role_arn but no source_profile, "
                    + "credential_source or web_identity_token_file (add source_profile = <a profile with "
                    + "credentials>, or credential_source = Environment, Ec2InstanceMetadata or EcsContainer)");
        }
        if (source != null && credentialSource != null) {
            throw new CredentialsException("profile '" + p.name() + "' has both source_profile and credential_source "
                    + "(keep one of them)");
        }
        RoleProfile role = RoleProfile.of(p, clock);
        Found from;
        String via;
        if (credentialSource != null) {
            from = credentialSource(p.name(), credentialSource.trim());
            via = " with credentials from " + credentialSource.trim() + " (credential_source)";
        } else {
            from = sourceProfile(p, source.trim(), chain);
            via = " from profile " + source.trim();
        }
        return new Found(sts.assumeRole(role, from.provider()), role.describe() + via);
    }

    private Found sourceProfile(Profile p, String source, List<String> chain) {
        if (source.equals(p.name())) {
            if (p.property("aws_access_key_id").isEmpty()) {
                throw new CredentialsException("profile '" + p.name() + "' is its own source_profile but has no "
                        + "aws_access_key_id (add its keys, or name another source_profile)");
            }
            return staticKeys(p);
        }
        chain.add(p.name());
        if (chain.contains(source)) {
            throw new CredentialsException("profiles " + String.join(" -> ", chain) + " -> " + source
                    + " name each other as source_profile in a loop (end the chain at a profile with credentials)");
        }
        Profile sp = files.profile(source).orElseThrow(() -> new CredentialsException("profile '" + p.name()
                + "' has source_profile = " + source + ", and there is no profile '" + source + "' in "
                + files.describe() + " (add it, or correct source_profile)"));
        Found found = of(sp, true, chain);
        if (found == null) {
            throw new CredentialsException("profile '" + source + "', the source_profile of '" + p.name()
                    + "', has no credentials (give it aws_access_key_id and aws_secret_access_key, an SSO login, a "
                    + "role or credential_process)");
        }
        return found;
    }

    private Found credentialSource(String profile, String kind) {
        Found found = switch (kind) {
            case "Environment" -> host.environment();
            case "EcsContainer" -> host.container();
            case "Ec2InstanceMetadata" -> host.instanceMetadata();
            default -> throw new CredentialsException("profile '" + profile + "' has credential_source = " + kind
                    + ", which is not a source (use Environment, Ec2InstanceMetadata or EcsContainer)");
        };
        if (found == null) {
            throw new CredentialsException("profile '" + profile + "' takes its credentials from " + kind
                    + " (credential_source), and there are none there (" + switch (kind) {
                        case "Environment" -> "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
                        case "EcsContainer" -> "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is not set";
                        default -> "AWS_EC2_METADATA_DISABLED is true";
                    } + ")");
        }
        return found;
    }

    private static Found staticKeys(Profile p) {
        String id = p.property("aws_access_key_id").orElse("").trim();
        String secret = p.property("aws_secret_access_key").orElse("").trim();
        if (id.isEmpty() || secret.isEmpty()) {
            throw new CredentialsException("profile '" + p.name() + "' has "
                    + (id.isEmpty() ? "an empty aws_access_key_id" : "no aws_secret_access_key")
                    + " (set both, e.g. with 'aws configure --profile " + p.name() + "')");
        }
        String token = p.property("aws_session_token").map(String::trim).filter(t -> !t.isEmpty()).orElse(null);
        return new Found(StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token)), "access key (aws_access_key_id)");
    }
}
