package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.Headers;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages out. Listening on 127.0.0.1 is not enough on its own: a page in the user's browser can
 * send requests there itself (cross-site), or point a name it controls at 127.0.0.1 and have the browser
 * treat the simulator as that page's own site (DNS rebinding). So the Host header must name the loopback
 * interface and this simulator's port, and a request that a browser marks as coming from a page of
 * another origin ({@code Origin}, {@code Sec-Fetch-Site}) is refused. The SDKs and the AWS CLI send the
 * endpoint's host and port as Host and neither of the browser headers.
 */
final class LoopbackGuard {

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final int port;

    LoopbackGuard(int port) {
        this.port = port;
    }

    /** Refuses the request unless it is addressed to this simulator and no other site's page sent it. */
    void check(Headers headers) throws Refusal {
        List<String> hosts = headers.get("Host");
        if (hosts == null || hosts.size() != 1 || !isThisSimulator(hosts.get(0).trim())) {
            String named = hosts == null || hosts.isEmpty() ? "The request has no Host header"
                    : hosts.size() > 1 ? "The request has more than one Host header"
                    : "The Host header '" + hosts.get(0) + "' does not name this simulator";
            throw new Refusal(421, "MisdirectedRequest", named + ": it answers only to Host 127.0.0.1:" + port
                    + ", localhost:" + port + " or [::1]:" + port + ", so that a web page under another name "
                    + "cannot reach it through DNS rebinding. Use the endpoint http://127.0.0.1:" + port + ".");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !(origin.startsWith("http://") && isThisSimulator(origin.substring("http://".length())))) {
            throw fromWebPage("Origin: " + origin);
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            throw fromWebPage("Sec-Fetch-Site: " + site);
        }
    }

    private static Refusal fromWebPage(String header) {
        return new Refusal(403, "CrossOriginRequest", "A request from a web page of another origin (" + header
                + ") is refused: the simulator serves programs on this machine, such as the AWS SDKs and CLI, "
                + "which send no such header.");
    }

    /** Whether {@code authority} ({@code host[:port]}) is a loopback name with this simulator's port. */
    private boolean isThisSimulator(String authority) {
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon >= 0 && authority.indexOf(']', colon) < 0;
        String host = hasPort ? authority.substring(0, colon) : authority;
        if (!LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!hasPort) {
            return port == 80;
        }
        String digits = authority.substring(colon + 1);
        return digits.matches("[0-9]{1,5}") && Integer.parseInt(digits) == port;
    }
}
