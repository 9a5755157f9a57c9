package io.jenkins.plugins.amifactory.simulator.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who signed a call, as far as the request says: the access key id of its SigV4 credential scope and the
 * session token header that temporary credentials add. Signatures themselves are not checked; the identity
 * behind the key is the STS layer's business.
 *
 * @param accessKeyId  the key the request was signed with, or null for an unsigned request
 * @param sessionToken the {@code X-Amz-Security-Token} header, or null
 */
public record Caller(String accessKeyId, String sessionToken) {

    /** An unsigned request (AssumeRoleWithWebIdentity is one). */
    public static final Caller ANONYMOUS = new Caller(null, null);

    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

    /** The caller of a request with these {@code Authorization} and {@code X-Amz-Security-Token} headers. */
    public static Caller of(String authorization, String securityToken) {
        if (authorization == null) {
            return ANONYMOUS;
        }
        Matcher m = ACCESS_KEY.matcher(authorization);
        return m.find() ? new Caller(m.group(1), securityToken) : ANONYMOUS;
    }

    public boolean signed() {
        return accessKeyId != null;
    }
}
