package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * An IAM Identity Center (SSO) profile and the login {@code aws sso login} left for it. The profile names an
 * account and a role, and either an {@code sso_session} (a {@code [sso-session NAME]} section with the start URL
 * and region) or, the older way, the start URL and region itself. The login is the access token in
 * {@code ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json}, valid until its
 * {@code expiresAt}. This tool does not log in, and does not renew an expired token with its refresh token:
 * either needs {@code aws sso login}, which the messages say.
 *
 * @param profile   the profile's name
 * @param session   the sso-session's name, or null for a profile of the older kind
 * @param startUrl  the AWS access portal's start URL
 * @param region    the region of IAM Identity Center
 * @param accountId the account to get credentials for
 * @param roleName  the permission set's role in that account
 */
record SsoLogin(String profile, String session, String startUrl, String region, String accountId, String roleName) {

    private static final DateTimeFormatter EXPIRED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Whether {@code p} is an IAM Identity Center profile. */
    static boolean isSso(Profile p) {
        return p.property("sso_session").isPresent() || p.property("sso_start_url").isPresent();
    }

    /** The login settings of SSO profile {@code p}, checked. */
    static SsoLogin of(Profile p, AwsConfigFiles files) {
        String session = p.property("sso_session").orElse(null);
        String startUrl;
        String region;
        if (session != null) {
            Profile s = files.ssoSession(session).orElseThrow(() -> new CredentialsException("profile '" + p.name()
                    + "' names sso_session = " + session + ", and there is no [sso-session " + session + "] section in "
                    + files.describe() + " (add it, or run 'aws configure sso')"));
            startUrl = required(s, "sso_start_url", "[sso-session " + session + "]");
            region = required(s, "sso_region", "[sso-session " + session + "]");
        } else {
            startUrl = required(p, "sso_start_url", "profile '" + p.name() + "'");
            region = required(p, "sso_region", "profile '" + p.name() + "'");
        }
        return new SsoLogin(p.name(), session, startUrl, region,
                required(p, "sso_account_id", "profile '" + p.name() + "'"),
                required(p, "sso_role_name", "profile '" + p.name() + "'"));
    }

    private static String required(Profile p, String key, String where) {
        return p.property(key).filter(v -> !v.isBlank()).map(String::trim).orElseThrow(() ->
                new CredentialsException(where + " has no " + key + " (add it, or run 'aws configure sso')"));
    }

    /**
     * The access token of the login, read again on every call (a new {@code aws sso login} replaces it).
     *
     * @throws CredentialsException when there is no login, or it expired by {@code clock}
     */
    String accessToken(Path cache, Clock clock) {
        Path file = cache == null ? null : cache.resolve(sha1(session != null ? session : startUrl) + ".json");
        JsonNode token;
        try {
            if (file == null) {
                throw new NoSuchFileException("~/.aws/sso/cache");
            }
            token = JsonNode.parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new CredentialsException("profile '" + profile + "': there is no IAM Identity Center login for "
                    + loginName() + " (log in with '" + loginCommand() + "', then run this again)");
        } catch (IOException | RuntimeException e) {
            throw new CredentialsException("profile '" + profile + "': the IAM Identity Center login for "
                    + loginName() + " in " + file + " cannot be read (" + e.getMessage() + "; log in again with '"
                    + loginCommand() + "')", e);
        }
        String accessToken = token.field("accessToken").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
        Instant expiresAt = token.field("expiresAt").filter(JsonNode::isString).map(n -> instant(n.asString()))
                .orElse(null);
        if (accessToken == null || expiresAt == null) {
            throw new CredentialsException("profile '" + profile + "': the IAM Identity Center login for " + loginName()
                    + " in " + file + " has no accessToken or expiresAt (log in again with '" + loginCommand() + "')");
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new CredentialsException("profile '" + profile + "': the IAM Identity Center login for " + loginName()
                    + " expired at " + EXPIRED_AT.format(expiresAt) + " (log in again with '" + loginCommand() + "')");
        }
        return accessToken;
    }

    /** The account and role, and which login gets them, in words. */
    String describe() {
        return (session != null ? "SSO session " + session : "IAM Identity Center " + startUrl)
                + ", account " + accountId + ", role " + roleName;
    }

    private String loginName() {
        return session != null ? "sso-session '" + session + "'" : startUrl;
    }

    private String loginCommand() {
        return "aws sso login --profile " + profile;
    }

    /** The AWS CLI writes {@code 2026-01-05T18:00:00Z}; older versions {@code 2026-01-05T18:00:00UTC}. */
    private static Instant instant(String s) {
        try {
            return Instant.parse(s.endsWith("UTC") ? s.substring(0, s.length() - 3) + "Z" : s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
