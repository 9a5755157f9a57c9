package io.jenkins.plugins.amifactory.engine;

import java.net.URI;

/**
 * The shape an endpoint URL must have: http or https, a host, and nothing that does not belong in an endpoint.
 * User-info would put a secret into logs and saved configurations; a query or a fragment changes what every
 * signed request says, or hides where it really goes.
 */
public final class EndpointUrl {

    private EndpointUrl() {
    }

    /** {@code text} as an endpoint for {@code field}, or null when it is empty. */
    public static URI parse(String field, String text) {
        String t = text == null ? null : text.strip();
        if (t == null || t.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        // Never quote user-info back: it may be a password.
        String shown = uri != null && uri.getRawUserInfo() != null ? "the URL" : "'" + LogText.oneLine(t, 200) + "'";
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new InvalidRequestException(field, shown + " is not an http(s) URL",
                    "give a URL such as https://ec2.eu-west-1.amazonaws.com or http://127.0.0.1:4566, or leave it empty");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidRequestException(field, shown + " carries a user name or password",
                    "remove the part before '@': AWS requests are signed with the credentials, never with the URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidRequestException(field, shown + " has a query or a fragment",
                    "give only the scheme, the host and, if needed, the port");
        }
        return uri;
    }
}
