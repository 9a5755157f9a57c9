package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.io.IOException;
import java.util.Map;

/**
 * The parameters of one admin change, read only after the request showed it is no web page's: a POST
 * carrying the header {@value SimulatorServer#ADMIN_HEADER}{@code : 1} (a page can send a custom header to
 * another site only after a CORS preflight, which the simulator never grants), with the parameters in a
 * form-encoded body of at most 1 MiB and no query string. Its typed reads name the parameter when a value
 * is wrong, as a 400 the caller can act on.
 */
final class AdminForm {

    private static final String HOW = "curl -H '" + SimulatorServer.ADMIN_HEADER + ": 1' -d name=value URL";

    private final Map<String, String> params;

    private AdminForm(Map<String, String> params) {
        this.params = params;
    }

    /** Checks the request in the order a client is best told about it, then reads its body. */
    static AdminForm read(HttpExchange exchange) throws Refusal, IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw Refusal.methodNotAllowed("POST", "This path changes the simulator: POST a form body with the "
                    + "header " + SimulatorServer.ADMIN_HEADER + ": 1 (" + HOW + ").");
        }
        String header = exchange.getRequestHeaders().getFirst(SimulatorServer.ADMIN_HEADER);
        if (header == null || !header.trim().equals("1")) {
            throw new Refusal(403, "AdminHeaderMissing", "A change needs the header " + SimulatorServer.ADMIN_HEADER
                    + ": 1 (" + HOW + "). A web page cannot send it to another site, so pages in a browser "
                    + "cannot change the simulator.");
        }
        FormBody.refuseQuery(exchange, "send the parameters in the form-encoded body (" + HOW + ").");
        return new AdminForm(QueryRequest.parseForm(FormBody.read(exchange)));
    }

    /** Every parameter in the order sent. */
    Map<String, String> all() {
        return params;
    }

    boolean has(String name) {
        return params.containsKey(name);
    }

    String get(String name, String fallback) {
        String v = params.get(name);
        return v == null ? fallback : v.trim();
    }

    String required(String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return v.trim();
    }

    /** A whole number from 0 to {@code max}; {@code fallback} when the parameter is absent. */
    long whole(String name, long fallback, long max) {
        return params.containsKey(name) ? whole(name, params.get(name), max) : fallback;
    }

    double decimal(String name, double fallback) {
        String v = params.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a number, was '" + v + "'");
        }
    }

    /** {@code value} of the parameter {@code name} as a whole number from 0 to {@code max}. */
    static long whole(String name, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, was '" + value + "'");
        }
        if (n < 0) {
            throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value.trim());
        }
        if (n > max) {
            throw new IllegalArgumentException("'" + name + "' must be at most " + max + ", was " + value.trim());
        }
        return n;
    }
}
