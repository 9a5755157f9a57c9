package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario control over HTTP, for end-to-end tests of a pipeline that talks to a running simulator:
 * read and change the knobs, inject faults, move the clock, read the call counters. Lives under
 * {@value #PREFIX}; reads are plain GETs, every change is a form POST that passes {@link AdminForm}'s
 * checks, every answer is JSON. See {@code docs/simulator.md} for the list.
 */
final class AdminApi {

    static final String PREFIX = "/_simulator";

    /** The most one call moves the clock: everything due on the way runs under the world's lock. */
    static final Duration MAX_ADVANCE = Duration.ofDays(31);

    private final World world;
    private final Faults faults;

    AdminApi(World world, Faults faults) {
        this.world = world;
        this.faults = faults;
    }

    void handle(HttpExchange exchange) throws IOException, Refusal {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        switch (path) {
            case "", "/", "/state", "/calls" -> {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    throw Refusal.methodNotAllowed("GET", "This path only reads: GET it.");
                }
                FormBody.refuseQuery(exchange, "a read takes no parameters.");
                answer(exchange, 200, path.equals("/calls") ? faults.counters() : state());
            }
            case "/scenario", "/faults", "/faults/clear", "/calls/reset", "/base-image", "/ssm-parameter",
                    "/alarm", "/clock/advance" -> change(exchange, path, AdminForm.read(exchange));
            default -> answer(exchange, 404, Map.of("error", "no such admin path: " + PREFIX + path
                    + " (try " + PREFIX + "/state)"));
        }
    }

    private void change(HttpExchange exchange, String path, AdminForm form) throws IOException {
        Object result;
        try {
            result = switch (path) {
                case "/scenario" -> {
                    world.run(() -> applyScenario(form));
                    yield state();
                }
                case "/faults" -> {
                    faults.add(rule(form));
                    yield state();
                }
                case "/faults/clear" -> {
                    faults.clear();
                    yield state();
                }
                case "/calls/reset" -> {
                    faults.resetCounters();
                    yield state();
                }
                case "/base-image" -> baseImage(form);
                case "/ssm-parameter" -> putParameter(form);
                case "/alarm" -> {
                    setAlarm(form);
                    yield state();
                }
                case "/clock/advance" -> {
                    if (!form.has("seconds")) {
                        throw new IllegalArgumentException("'seconds' is required");
                    }
                    world.advance(Duration.ofSeconds(form.whole("seconds", 0, MAX_ADVANCE.toSeconds())));
                    yield state();
                }
                default -> throw new IllegalStateException("no change at " + path);
            };
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
            return;
        }
        answer(exchange, 200, result);
    }

    /** Answers a refused admin request as JSON, as every admin answer is. */
    static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        refusal.addHeaders(exchange.getResponseHeaders());
        answer(exchange, refusal.status(), Map.of("error", refusal.getMessage()));
    }

    private Map<String, Object> baseImage(AdminForm form) {
        String name = form.get("name", "base-image");
        int size = (int) form.whole("sizeGiB", 8, Integer.MAX_VALUE);
        String region = form.get("region", world.defaultRegion());
        if (size < 1) {
            throw new IllegalArgumentException("'sizeGiB' must be at least 1");
        }
        String id = world.call(() -> world.ec2(region).registerBaseImage(name, size).id);
        return Map.of("imageId", id, "name", name, "region", region);
    }

    /**
     * Stores a version of a Systems Manager parameter, for launch templates whose Image id is
     * {@code resolve:ssm:<name>}: {@code name}, {@code value}, optional {@code dataType} (default
     * {@code aws:ec2:image}) and {@code region}.
     */
    private Map<String, Object> putParameter(AdminForm form) {
        String name = form.required("name");
        String value = form.required("value");
        String dataType = form.get("dataType", ParameterStore.IMAGE);
        String region = form.get("region", world.defaultRegion());
        long version = world.call(() -> world.ssm(region).put(name, value, dataType, world.clock().now()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("value", value);
        out.put("dataType", dataType);
        out.put("version", version);
        out.put("region", region);
        return out;
    }

    /**
     * Puts a CloudWatch alarm in a state, for Refreshes that watch it: {@code name}, {@code state} ({@code ALARM}
     * or {@code OK}), optional {@code region} and {@code afterSeconds} (the change happens that many simulated
     * seconds later, so that a script can make it fire in the middle of a Refresh).
     */
    private void setAlarm(AdminForm form) {
        String name = form.required("name");
        String given = form.required("state");
        Alarms.State state = Arrays.stream(Alarms.State.values()).filter(s -> s.name().equalsIgnoreCase(given))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("'state' must be one of "
                        + Arrays.toString(Alarms.State.values()) + ", was '" + given + "'"));
        String region = form.get("region", world.defaultRegion());
        long after = form.whole("afterSeconds", 0, MAX_ADVANCE.toSeconds());
        world.run(() -> {
            if (after > 0) {
                world.alarms(region).setLater(name, state, Duration.ofSeconds(after));
            } else {
                world.alarms(region).set(name, state);
            }
        });
    }

    /** The alarms set so far, by region and name, and the changes still to come. */
    private void putAlarms(Map<String, Object> out) {
        Map<String, Object> states = new LinkedHashMap<>();
        List<Map<String, Object>> coming = new ArrayList<>();
        for (String region : world.regionNames()) {
            Alarms alarms = world.alarms(region);
            if (!alarms.all().isEmpty()) {
                Map<String, String> byName = new LinkedHashMap<>();
                alarms.all().forEach((name, state) -> byName.put(name, state.name()));
                states.put(region, byName);
            }
            for (Alarms.Scheduled c : alarms.scheduled()) {
                coming.add(Map.of("region", region, "name", c.name(), "state", c.state().name(),
                        "at", Xml.timestamp(c.at())));
            }
        }
        out.put("alarms", states);
        out.put("alarmChanges", coming);
    }

    private Map<String, Object> state() {
        return world.call(() -> {
            Scenario s = world.scenario();
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("imageBaseSeconds", s.imageBaseTime.toSeconds());
            scenario.put("imageSecondsPerGiB", s.imageTimePerGiB.toSeconds());
            scenario.put("copyBaseSeconds", s.copyBaseTime.toSeconds());
            scenario.put("copySecondsPerGiB", s.copyTimePerGiB.toSeconds());
            scenario.put("instanceBootSeconds", s.instanceBootTime.toSeconds());
            scenario.put("instanceHealthySeconds", s.instanceHealthyTime.toSeconds());
            scenario.put("unhealthyImageIds", List.copyOf(s.unhealthyImageIds));
            scenario.put("unhealthyNextImages", s.unhealthyNextImages);
            scenario.put("failNextImages", s.failNextImages);
            scenario.put("failNextCopies", s.failNextCopies);
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
            putAlarms(out);
            return out;
        });
    }

    private void applyScenario(AdminForm form) {
        Scenario s = world.scenario();
        for (Map.Entry<String, String> e : form.all().entrySet()) {
            String v = e.getValue().trim();
            switch (e.getKey()) {
                case "imageBaseSeconds" -> s.imageBaseTime = seconds(e.getKey(), v);
                case "imageSecondsPerGiB" -> s.imageTimePerGiB = seconds(e.getKey(), v);
                case "copyBaseSeconds" -> s.copyBaseTime = seconds(e.getKey(), v);
                case "copySecondsPerGiB" -> s.copyTimePerGiB = seconds(e.getKey(), v);
                case "instanceBootSeconds" -> s.instanceBootTime = seconds(e.getKey(), v);
                case "instanceHealthySeconds" -> s.instanceHealthyTime = seconds(e.getKey(), v);
                case "rebootSeconds" -> s.rebootTime = seconds(e.getKey(), v);
                case "refreshStallSeconds" -> s.refreshStallTimeout = seconds(e.getKey(), v);
                case "unhealthyNextImages" -> s.unhealthyNextImages = count(e.getKey(), v);
                case "failNextImages" -> s.failNextImages = count(e.getKey(), v);
                case "failNextCopies" -> s.failNextCopies = count(e.getKey(), v);
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

    private static Faults.Rule rule(AdminForm form) {
        String action = form.get("action", "");
        if (action.isEmpty()) {
            throw new IllegalArgumentException("'action' is required: an action name such as CreateImage, "
                    + "ec2:CreateImage, or * for every action");
        }
        Faults.Kind kind;
        try {
            kind = Faults.Kind.valueOf(form.get("kind", "").toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'kind' must be one of " + Arrays.toString(Faults.Kind.values()));
        }
        int count = (int) form.whole("count", -1, Integer.MAX_VALUE);
        double probability = form.decimal("probability", 1);
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("'probability' must be in (0, 1]");
        }
        long maxDelay = Faults.MAX_DELAY.toMillis();
        long delay = form.whole("delayMillis", 0, Long.MAX_VALUE);
        if (delay > maxDelay) {
            throw new IllegalArgumentException("'delayMillis' must be at most " + maxDelay + " (" + Faults.MAX_DELAY
                    .toSeconds() + " s: a slow answer holds one of the simulator's workers), was " + delay);
        }
        return new Faults.Rule(action, kind, count, probability, Duration.ofMillis(delay));
    }

    private static Duration seconds(String name, String v) {
        return Duration.ofSeconds(AdminForm.whole(name, v, Long.MAX_VALUE));
    }

    private static int count(String name, String v) {
        return (int) AdminForm.whole(name, v, Integer.MAX_VALUE);
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
