package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingProtocol;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2Protocol;
import io.jenkins.plugins.amifactory.simulator.sts.StsProtocol;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.Caller;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.QueryService;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2 (2016-11-15), Auto Scaling (2011-01-01) and STS (2011-06-15) over their Query protocols: a POST whose
 * form body names the {@code Action} and {@code Version}. The service is picked by {@code Version}, else by the
 * SigV4 credential scope, which also names the region. Injected faults apply here, before the world's lock;
 * then a call signed with a session the simulator issued is refused once that session expired.
 */
final class QueryEndpoint {

    private static final Logger LOG = Logger.getLogger(QueryEndpoint.class.getName());
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

    /** What the credential scope of a signed request names; both null for an unsigned one. */
    private record Scope(String region, String service) {
        static Scope of(HttpExchange exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = authorization == null ? null : CREDENTIAL_SCOPE.matcher(authorization);
            return m != null && m.find() ? new Scope(m.group(1), m.group(2)) : new Scope(null, null);
        }
    }

    private final World world;
    private final Faults faults;
    private final List<QueryService> services;

    QueryEndpoint(World world, Faults faults) {
        this.world = world;
        this.faults = faults;
        this.services = List.of(new Ec2Protocol(world.account(), world::ec2),
                new AutoScalingProtocol(world::autoScaling), new StsProtocol(world.sts()));
    }

    void serve(HttpExchange exchange) throws IOException, Refusal {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw Refusal.methodNotAllowed("POST", "EC2 and Auto Scaling calls are served only as a POST with "
                    + "the parameters in an " + FormBody.CONTENT_TYPE + " body, as the AWS SDKs and CLI send "
                    + "them (a " + exchange.getRequestMethod() + " is refused: a link or an image on a web page "
                    + "could make one).");
        }
        FormBody.refuseQuery(exchange, "send every parameter in the form-encoded body, as the AWS SDKs do.");
        Map<String, String> params = QueryRequest.parseForm(FormBody.read(exchange));
        Scope scope = Scope.of(exchange);
        QueryService service = pick(params.get("Version"), scope.service());
        if (service == null) {
            send(exchange, 400, genericError(new AwsException("InvalidAction",
                    "This simulator serves EC2 (Version 2016-11-15), Auto Scaling (Version 2011-01-01) and STS "
                            + "(Version 2011-06-15)."),
                    world.call(() -> world.ids().uuid())));
            return;
        }
        String action = params.getOrDefault("Action", "");
        // Counted before the world's lock, so that a call waiting for it is already seen.
        Faults.Rule fault = faults.onCall(service.name(), action, "true".equalsIgnoreCase(params.get("DryRun")),
                exchange.getRequestHeaders().getFirst("User-Agent"));
        String requestId = world.call(() -> world.ids().uuid());
        if (fault != null && answerFault(exchange, service, fault, requestId)) {
            return;
        }
        String region = scope.region() != null ? scope.region() : world.defaultRegion();
        QueryRequest request = QueryRequest.of(service.dialect(), params);
        Caller caller = Caller.of(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
        String body;
        try {
            body = world.call(() -> {
                world.sts().authenticate(caller); // an expired session is refused by every service, as by AWS
                return service.handle(region, request, requestId, caller);
            });
        } catch (AwsException e) {
            sendError(exchange, service, e, requestId);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "simulator bug answering " + service.name() + ":" + action, e);
            sendError(exchange, service, service.internalError(), requestId);
            return;
        }
        send(exchange, 200, body);
    }

    /** Answers in the fault's place; false for a slow answer, which then goes on to the world. */
    private static boolean answerFault(HttpExchange exchange, QueryService service, Faults.Rule fault,
            String requestId) throws IOException {
        switch (fault.kind()) {
            case DROP -> {
                // closing the exchange without an answer drops the connection
            }
            case THROTTLE -> sendError(exchange, service, service.throttled(), requestId);
            case INTERNAL_ERROR -> sendError(exchange, service, service.internalError(), requestId);
            case UNAVAILABLE -> sendError(exchange, service, service.unavailable(), requestId);
            case ACCESS_DENIED -> sendError(exchange, service, service.accessDenied(), requestId);
            case BAD_GATEWAY -> send(exchange, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
            case SLOW -> {
                sleep(fault);
                return false;
            }
        }
        return true;
    }

    /**
     * Answers a refused request in the shape of the service its signature names, so that the SDK reads the
     * code (a busy simulator says what that service says when overloaded, which the SDK retries); an
     * unsigned request gets the generic Query error shape. Takes no lock: a busy world must not delay it.
     */
    void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        String requestId = UUID.randomUUID().toString();
        QueryService service = pick(null, Scope.of(exchange).service());
        String code = refusal.status() == 503 && service != null ? service.unavailable().code() : refusal.code();
        AwsException error = new AwsException(code, refusal.getMessage(), refusal.status());
        refusal.addHeaders(exchange.getResponseHeaders());
        send(exchange, refusal.status(), service != null ? service.errorBody(error, requestId)
                : genericError(error, requestId));
    }

    private QueryService pick(String version, String scopeService) {
        for (QueryService s : services) {
            if (s.apiVersion().equals(version)) {
                return s;
            }
        }
        for (QueryService s : services) {
            if (s.name().equals(scopeService)) {
                return s;
            }
        }
        return null;
    }

    private static String genericError(AwsException e, String requestId) {
        return new Xml().start("ErrorResponse").start("Error").el("Type", e.isSenderFault() ? "Sender" : "Receiver")
                .el("Code", e.code()).el("Message", e.getMessage()).end().el("RequestId", requestId).end().toString();
    }

    private static void sleep(Faults.Rule fault) {
        try {
            Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendError(HttpExchange exchange, QueryService service, AwsException e, String requestId)
            throws IOException {
        send(exchange, e.status(), service.errorBody(e, requestId));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
