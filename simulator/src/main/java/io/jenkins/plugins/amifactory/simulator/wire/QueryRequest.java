package io.jenkins.plugins.amifactory.simulator.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one Query-protocol call ({@code Action=…&Version=…&…}), or a view of the members of
 * one structure inside it ({@code LaunchTemplateData.*}). Lists follow the service's dialect: EC2 numbers
 * them directly ({@code InstanceId.1}), Auto Scaling through {@code .member.} ({@code
 * AvailabilityZones.member.1}). Missing or malformed values become the service's own error codes.
 */
public final class QueryRequest {

    /**
     * How a service spells lists and reports bad parameters. STS speaks as Auto Scaling does ({@code .member.}
     * lists, {@code ValidationError}).
     */
    public enum Dialect {
        EC2, AUTO_SCALING, STS;

        String listKey(String name, int index) {
            return this == EC2 ? name + "." + index : name + ".member." + index;
        }

        AwsException missing(String path) {
            return this == EC2
                    ? new AwsException("MissingParameter", "The request must contain the parameter " + path)
                    : new AwsException("ValidationError",
                            "1 validation error detected: Value null at '" + lowerFirst(path)
                                    + "' failed to satisfy constraint: Member must not be null");
        }

        AwsException invalid(String path, String value, String expected) {
            String message = "Value (" + value + ") for parameter " + path + " is invalid. " + expected;
            return this == EC2 ? new AwsException("InvalidParameterValue", message)
                    : new AwsException("ValidationError", message);
        }
    }

    private final Dialect dialect;
    private final Map<String, String> params;
    private final String prefix;

    private QueryRequest(Dialect dialect, Map<String, String> params, String prefix) {
        this.dialect = dialect;
        this.params = params;
        this.prefix = prefix;
    }

    public static QueryRequest of(Dialect dialect, Map<String, String> params) {
        return new QueryRequest(dialect, Collections.unmodifiableMap(new LinkedHashMap<>(params)), "");
    }

    /** Parses an {@code application/x-www-form-urlencoded} body or query string. */
    public static Map<String, String> parseForm(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The full name of a member of this view, for error messages. */
    public String path(String name) {
        return prefix + name;
    }

    public String action() {
        return params.get("Action");
    }

    public boolean has(String name) {
        return params.containsKey(prefix + name) || hasChildren(name);
    }

    private boolean hasChildren(String name) {
        String p = prefix + name + ".";
        for (String k : params.keySet()) {
            if (k.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The value, or null when absent. */
    public String get(String name) {
        return params.get(prefix + name);
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    public String required(String name) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            throw dialect.missing(path(name));
        }
        return v;
    }

    public Integer integer(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw dialect.invalid(path(name), v, "Expected an integer.");
        }
    }

    public int integer(String name, int fallback) {
        Integer v = integer(name);
        return v == null ? fallback : v;
    }

    public Long longValue(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw dialect.invalid(path(name), v, "Expected an integer.");
        }
    }

    public Boolean bool(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        if ("true".equalsIgnoreCase(v)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(v)) {
            return Boolean.FALSE;
        }
        throw dialect.invalid(path(name), v, "Expected true or false.");
    }

    public boolean bool(String name, boolean fallback) {
        Boolean v = bool(name);
        return v == null ? fallback : v;
    }

    /** A list of plain values, in index order. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String v = params.get(prefix + dialect.listKey(name, i));
            if (v == null) {
                return out;
            }
            out.add(v);
        }
    }

    /** A list of structures, each a view of its members. */
    public List<QueryRequest> structs(String name) {
        List<QueryRequest> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String p = prefix + dialect.listKey(name, i) + ".";
            boolean any = false;
            for (String k : params.keySet()) {
                if (k.startsWith(p)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return out;
            }
            out.add(new QueryRequest(dialect, params, p));
        }
    }

    /** The view of one nested structure, or null when none of its members was sent. */
    public QueryRequest struct(String name) {
        return hasChildren(name) ? new QueryRequest(dialect, params, prefix + name + ".") : null;
    }

    /** Every parameter of this view, with the view's prefix taken off. */
    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** An error for a value that is present but not acceptable, in the service's terms. */
    public AwsException invalid(String name, String value, String expected) {
        return dialect.invalid(path(name), value, expected);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
