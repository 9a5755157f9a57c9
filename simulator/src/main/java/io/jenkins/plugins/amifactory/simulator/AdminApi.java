package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario control over HTTP, for end-to-end tests of a pipeline that talks to a running simulator:
 * read and change the knobs, inject faults, move the clock, read the call counters. Lives under
 * {@value #PREFIX}; every change is a POST with form parameters, every answer is JSON.
 * See {@code docs/simulator.md} for the list.
 */
final class AdminApi {

    static final String PREFIX = "/_simulator";

    private final World world;
    private final Faults faults;

    AdminApi(World world, Faults faults) {
        this.world = world;
        this.faults = faults;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        boolean post = "POST".equals(method);
        try {
            // Parameters may come in the query string (curl -X POST '…?seconds=60') or the form body (curl -d).
            Map<String, String> form = QueryRequest.parseForm(exchange.getRequestURI().getRawQuery());
            if (post) {
                form.putAll(QueryRequest.parseForm(SimulatorServer.readBody(exchange.getRequestBody())));
            }
            switch (path) {
                case "", "/", "/state" -> answer(exchange, 200, state());
                case "/calls" -> answer(exchange, 200, faults.counters());
                case "/scenario" -> {
                    requirePost(post);
                    world.run(() -> applyScenario(form));
                    answer(exchange, 200, state());
                }
                case "/faults" -> {
                    requirePost(post);
                    faults.add(rule(form));
                    answer(exchange, 200, state());
                }
                case "/faults/clear" -> {
                    requirePost(post);
                    faults.clear();
                    answer(exchange, 200, state());
                }
                case "/calls/reset" -> {
                    requirePost(post);
                    faults.resetCounters();
                    answer(exchange, 200, state());
                }
                case "/base-image" -> {
                    requirePost(post);
                    String name = form.getOrDefault("name", "base-image").trim();
                    int size = (int) (form.containsKey("sizeGiB") ? number("sizeGiB", form.get("sizeGiB")) : 8);
                    String region = form.getOrDefault("region", world.defaultRegion()).trim();
                    if (size < 1) {
                        throw new IllegalArgumentException("'sizeGiB' must be at least 1");
                    }
                    String id = world.call(() -> world.ec2(region).registerBaseImage(name, size).id);
                    answer(exchange, 200, Map.of("imageId", id, "name", name, "region", region));
                }
                case "/ssm-parameter" -> {
                    requirePost(post);
                    answer(exchange, 200, putParameter(form));
                }
                case "/clock/advance" -> {
                    requirePost(post);
                    world.advance(Duration.ofSeconds(longParam(form, "seconds")));
                    answer(exchange, 200, state());
                }
                default -> answer(exchange, 404, Map.of("error", "no such admin path: " + PREFIX + path
                        + " (try " + PREFIX + "/state)"));
            }
        } catch (MethodNotAllowed e) {
            answer(exchange, 405, Map.of("error", "use POST to change the simulator"));
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    /**
     * Stores a version of a Systems Manager parameter, for launch templates whose Image id is
     * {@code resolve:ssm:<name>}: {@code name}, {@code value}, optional {@code dataType} (default
     * {@code aws:ec2:image}) and {@code region}.
     */
    private Map<String, Object> putParameter(Map<String, String> form) {
        String name = required(form, "name");
        String value = required(form, "value");
        String dataType = form.getOrDefault("dataType", ParameterStore.IMAGE).trim();
        String region = form.getOrDefault("region", world.defaultRegion()).trim();
        long version = world.call(() -> world.ssm(region).put(name, value, dataType, world.clock().now()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("value", value);
        out.put("dataType", dataType);
        out.put("version", version);
        out.put("region", region);
        return out;
    }

    private static String required(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return v.trim();
    }

    private Map<String, Object> state() {
        return world.call(() -> {
            Scenario s = world.scenario();
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("imageBaseSeconds", s.imageBaseTime.toSeconds());
            scenario.put("imageSecondsPerGiB", s.imageTimePerGiB.toSeconds());
            scenario.put("instanceBootSeconds", s.instanceBootTime.toSeconds());
            scenario.put("instanceHealthySeconds", s.instanceHealthyTime.toSeconds());
            scenario.put("unhealthyImageIds", List.copyOf(s.unhealthyImageIds));
            scenario.put("unhealthyNextImages", s.unhealthyNextImages);
            scenario.put("failNextImages", s.failNextImages);
            scenario.put("rebootSeconds", s.rebootTime.toSeconds());
            scenario.put("refreshStallSeconds", s.refreshStallTimeout.toSeconds());
            scenario.put("launchConfigurationsDisabled", s.launchConfigurationsDisabled);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("now", Xml.timestamp(world.clock().now()));
            out.put("timeScale", world.clock().timeScale());
            out.put("scenario", scenario);
            out.put("faults", faults.rules().stream().map(r -> Map.of(
                    "action", r.action(), "kind", r.kind().name(), "remaining", r.remaining(),
                    "probability", r.probability(), "delayMillis", r.delay().toMillis())).toList());
            out.put("calls", faults.counters());
            return out;
        });
    }

    private void applyScenario(Map<String, String> form) {
        Scenario s = world.scenario();
        for (Map.Entry<String, String> e : form.entrySet()) {
            String v = e.getValue().trim();
            switch (e.getKey()) {
                case "imageBaseSeconds" -> s.imageBaseTime = seconds(e.getKey(), v);
                case "imageSecondsPerGiB" -> s.imageTimePerGiB = seconds(e.getKey(), v);
                case "instanceBootSeconds" -> s.instanceBootTime = seconds(e.getKey(), v);
                case "instanceHealthySeconds" -> s.instanceHealthyTime = seconds(e.getKey(), v);
                case "rebootSeconds" -> s.rebootTime = seconds(e.getKey(), v);
                case "refreshStallSeconds" -> s.refreshStallTimeout = seconds(e.getKey(), v);
                case "unhealthyNextImages" -> s.unhealthyNextImages = (int) number(e.getKey(), v);
                case "failNextImages" -> s.failNextImages = (int) number(e.getKey(), v);
                case "launchConfigurationsDisabled" -> s.launchConfigurationsDisabled = Boolean.parseBoolean(v);
                case "unhealthyImageIds" -> {
                    s.unhealthyImageIds.clear();
                    Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                            .forEach(s.unhealthyImageIds::add);
                }
                default -> throw new IllegalArgumentException("unknown scenario knob '" + e.getKey()
                        + "'; GET " + PREFIX + "/state lists them");
            }
        }
    }

    private static Faults.Rule rule(Map<String, String> form) {
        String action = form.getOrDefault("action", "").trim();
        if (action.isEmpty()) {
            throw new IllegalArgumentException("'action' is required: an action name such as CreateImage, "
                    + "ec2:CreateImage, or * for every action");
        }
        Faults.Kind kind;
        try {
            kind = Faults.Kind.valueOf(form.getOrDefault("kind", "").trim().toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'kind' must be one of " + Arrays.toString(Faults.Kind.values()));
        }
        int count = form.containsKey("count") ? (int) number("count", form.get("count")) : -1;
        double probability = form.containsKey("probability") ? decimal("probability", form.get("probability")) : 1;
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("'probability' must be in (0, 1]");
        }
        long delay = form.containsKey("delayMillis") ? number("delayMillis", form.get("delayMillis")) : 0;
        return new Faults.Rule(action, kind, count, probability, Duration.ofMillis(delay));
    }

    private static Duration seconds(String name, String v) {
        return Duration.ofSeconds(number(name, v));
    }

    private static long longParam(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return number(name, v);
    }

    private static long number(String name, String v) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new IllegalArgumentException("'" + name + "' must not be negative, was " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, was '" + v + "'");
        }
    }

    private static double decimal(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a number, was '" + v + "'");
        }
    }

    private static void requirePost(boolean post) {
        if (!post) {
            throw new MethodNotAllowed();
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
