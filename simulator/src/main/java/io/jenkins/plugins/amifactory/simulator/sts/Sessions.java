package io.jenkins.plugins.amifactory.simulator.sts;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.Caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The temporary credentials the account hands out (STS AssumeRole and AssumeRoleWithWebIdentity, the SSO
 * portal's GetRoleCredentials) and who signs each call. A key issued here stands for its role session until the
 * simulated clock passes the session's expiry; after that every service answers {@code ExpiredToken}, as AWS
 * does, so a client that does not refresh its session fails. Any other key is taken as an IAM user of that name,
 * so every credential that worked before STS was served still works. Guarded by the world's lock.
 */
public final class Sessions {

    /** Who a call runs as, as GetCallerIdentity answers it. */
    public record Identity(String account, String arn, String userId) {}

    /**
     * One issued session.
     *
     * @param issuedBy    the action that issued it: {@code AssumeRole}, {@code AssumeRoleWithWebIdentity},
     *                    {@code GetRoleCredentials}
     * @param identity    the role session the credentials stand for
     * @param caller      who asked for it (null for a web identity or SSO, which present a token instead)
     * @param externalId  the external id given, or null
     * @param mfaSerial   the MFA device given with a code, or null
     * @param credentials the keys and their expiry
     */
    public record Session(String issuedBy, Identity identity, Identity caller, String externalId, String mfaSerial,
                          Credentials credentials) {}

    /** Temporary credentials; {@link #toString()} leaves the secrets out. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", expires " + expiration + "]";
        }
    }

    private final Account account;
    private final Map<String, Session> byKey = new HashMap<>();
    private final List<Session> issued = new ArrayList<>();

    public Sessions(Account account) {
        this.account = account;
    }

    /**
     * Who signed a call: the role session of a key issued here, or the IAM user named by any other key, or null
     * for an unsigned call.
     *
     * @throws AwsException {@code ExpiredToken} once the session's expiry has passed, {@code InvalidClientTokenId}
     *                      when the session token sent is not the one issued with the key
     */
    public Identity authenticate(Caller caller) {
        if (!caller.signed()) {
            return null;
        }
        Session session = byKey.get(caller.accessKeyId());
        if (session == null) {
            return user(caller.accessKeyId());
        }
        if (!session.credentials().sessionToken().equals(caller.sessionToken())) {
            throw new AwsException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
        }
        if (!account.clock().now().isBefore(session.credentials().expiration())) {
            throw new AwsException("ExpiredToken", "The security token included in the request is expired", 403);
        }
        return session.identity();
    }

    /** Whether {@code identity} is a role session rather than a user: AWS limits chained role sessions to 1 hour. */
    public static boolean isRoleSession(Identity identity) {
        return identity != null && identity.arn().contains(":assumed-role/");
    }

    /** Issues a session of role {@code role} (account and name from its ARN) named {@code sessionName}. */
    public Session issue(String issuedBy, RoleArn role, String sessionName, Duration duration, Identity caller,
                         String externalId, String mfaSerial) {
        Identity identity = new Identity(role.account(),
                "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/" + sessionName,
                "AROA" + digest(role.arn()) + ":" + sessionName);
        Credentials credentials = new Credentials("ASIA" + hex(16), hex(40), "FQoGZXIvYXdzE" + hex(96),
                account.clock().now().plus(duration));
        Session session = new Session(issuedBy, identity, caller, externalId, mfaSerial, credentials);
        byKey.put(credentials.accessKeyId(), session);
        issued.add(session);
        return session;
    }

    /** Every session issued so far, oldest first, for tests to see what was asked for. */
    public List<Session> issued() {
        return List.copyOf(issued);
    }

    private Identity user(String accessKeyId) {
        return new Identity(account.id(), "arn:aws:iam::" + account.id() + ":user/" + accessKeyId,
                "AIDA" + digest(accessKeyId));
    }

    /** Upper-case hex digits drawn from the account's seeded ids, so a scenario replays with the same keys. */
    private String hex(int length) {
        StringBuilder sb = new StringBuilder(length + 32);
        while (sb.length() < length) {
            sb.append(account.ids().uuid().replace("-", ""));
        }
        return sb.substring(0, length).toUpperCase(Locale.ROOT);
    }

    /** 17 characters that stay the same for the same name, as the unique id of a user or role does. */
    private static String digest(String name) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(sha).substring(0, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
