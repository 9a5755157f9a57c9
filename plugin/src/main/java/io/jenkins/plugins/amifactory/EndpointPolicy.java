package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.EndpointUrl;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a build may send the controller's signed AWS requests. A request carries the access key id, the session
 * token and the account, and its answers decide what a Rollout (and its retention) changes; so whoever may edit a
 * Jenkinsfile must not be able to point it at a host of their choosing, probe the controller's network, or forge
 * Describe answers over plain http. By default only https on AWS's own domains is admitted; anything else (a VPC
 * endpoint under another name, a local simulator) an administrator lists in the global configuration.
 *
 * <p>An entry is {@code scheme://host[:port]}, where the host may start with {@code *.} for any subdomain and the
 * port may be {@code *}; without a port, the scheme's default port.
 */
final class EndpointPolicy {

    /** AWS's own domains: commercial and GovCloud, China, and the dual-stack {@code api.aws} names. */
    static final List<String> AWS_DOMAINS = List.of("amazonaws.com", "amazonaws.com.cn", "api.aws");

    private record Entry(String scheme, String host, boolean subdomains, int port) {
        boolean admits(URI uri) {
            String h = uri.getHost().toLowerCase(Locale.ROOT);
            boolean hostMatches = subdomains ? h.endsWith("." + host) : h.equals(host);
            return scheme.equals(uri.getScheme()) && hostMatches && (port == ANY_PORT || port == portOf(uri));
        }
    }

    private static final int ANY_PORT = -2;

    private final List<Entry> entries;

    private EndpointPolicy(List<Entry> entries) {
        this.entries = entries;
    }

    /** The policy from the administrator's list (one entry per line; blank lines and {@code #} comments ignored). */
    static EndpointPolicy of(String allowedEndpoints) {
        List<Entry> entries = new ArrayList<>();
        for (String domain : AWS_DOMAINS) {
            entries.add(new Entry("https", domain, true, 443));
        }
        if (allowedEndpoints != null) {
            for (String line : allowedEndpoints.split("\\R")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    entries.add(entry(t));
                }
            }
        }
        return new EndpointPolicy(List.copyOf(entries));
    }

    /**
     * Refuses {@code endpoint} unless it is admitted, naming {@code field} (the step's field, or the build's
     * {@code AWS_ENDPOINT_URL}) and what to do.
     */
    void check(String field, URI endpoint) {
        if (endpoint != null && entries.stream().noneMatch(e -> e.admits(endpoint))) {
            throw new InvalidRequestException(field, "'" + endpoint.getScheme() + "://" + endpoint.getHost()
                    + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + "' is not an endpoint this controller"
                    + " allows (by default only https on AWS's own domains)", "leave it empty to use AWS's endpoints,"
                    + " or ask an administrator to add it under Manage Jenkins » System » AMI Factory » Allowed endpoints");
        }
    }

    /** One line of the list; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static Entry entry(String line) {
        String text = line.replace("://*.", "://wildcard.");
        URI uri;
        try {
            uri = EndpointUrl.parse("allowedEndpoints", text.replace(":*", ""));
        } catch (InvalidRequestException e) {
            // A line with user-info may hold a password: the message never repeats it.
            String shown = line.contains("@") ? "an entry" : "'" + line + "'";
            throw new IllegalArgumentException(shown + ": " + e.getMessage().substring("allowedEndpoints: ".length()));
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("'" + line + "': give only the scheme, the host and the port, no path");
        }
        boolean subdomains = text.contains("://wildcard.");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (subdomains) {
            host = host.substring("wildcard.".length());
        }
        int port = text.endsWith(":*") ? ANY_PORT : portOf(uri);
        return new Entry(uri.getScheme(), host, subdomains, port);
    }

    /** Checks every line of an administrator's list; null when all are fine, else the first problem. */
    static String problem(String allowedEndpoints) {
        try {
            of(allowedEndpoints);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static int portOf(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
