package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingProtocol;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2Protocol;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.QueryService;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a {@link World} over HTTP on the loopback interface, in the Query protocols of EC2 (2016-11-15)
 * and Auto Scaling (2011-01-01), so that the real AWS SDKs and the AWS CLI talk to it through an endpoint
 * override with any credentials. Signatures are not checked. Scenario control lives under
 * {@value AdminApi#PREFIX}, a path no AWS API uses.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatorServer.class.getName());
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm and delayed ACKs every
        // answer then waits ~40 ms. The server reads this once, when the first one is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final World world;
    private final Faults faults;
    private final List<QueryService> services;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AdminApi admin;

    private SimulatorServer(World world, Faults faults, int port) throws IOException {
        this.world = world;
        this.faults = faults;
        this.services = List.of(new Ec2Protocol(world.account(), world::ec2),
                new AutoScalingProtocol(world::autoScaling));
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulator-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.admin = new AdminApi(world, faults);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
    }

    /** Starts serving {@code world} on 127.0.0.1; port 0 lets the OS choose. */
    public static SimulatorServer start(World world, Faults faults, int port) throws IOException {
        SimulatorServer server = new SimulatorServer(world, faults, port);
        server.http.start();
        return server;
    }

    /** Starts a fresh test world on an OS-chosen port. */
    public static SimulatorServer startForTests() throws IOException {
        return start(World.forTests(), new Faults(7), 0);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public World world() {
        return world;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith(AdminApi.PREFIX)) {
                admin.handle(exchange);
                return;
            }
            serveAws(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "simulator failed to answer " + exchange.getRequestURI(), e);
        }
    }

    private void serveAws(HttpExchange exchange) throws IOException {
        String form = "POST".equals(exchange.getRequestMethod())
                ? readBody(exchange.getRequestBody())
                : exchange.getRequestURI().getRawQuery();
        Map<String, String> params = QueryRequest.parseForm(form);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String scopeRegion = null;
        String scopeService = null;
        if (authorization != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(authorization);
            if (m.find()) {
                scopeRegion = m.group(1);
                scopeService = m.group(2);
            }
        }
        QueryService service = pick(params.get("Version"), scopeService);
        String requestId = world.call(() -> world.ids().uuid());
        if (service == null) {
            String body = new Xml().start("ErrorResponse").start("Error").el("Type", "Sender")
                    .el("Code", "InvalidAction")
                    .el("Message", "This simulator serves EC2 (Version 2016-11-15) and Auto Scaling (Version 2011-01-01).")
                    .end().el("RequestId", requestId).end().toString();
            send(exchange, 400, body);
            return;
        }
        String action = params.getOrDefault("Action", "");
        Faults.Rule fault = faults.onCall(service.name(), action, "true".equalsIgnoreCase(params.get("DryRun")),
                exchange.getRequestHeaders().getFirst("User-Agent"));
        if (fault != null) {
            switch (fault.kind()) {
                case DROP -> {
                    return; // closing the exchange without an answer drops the connection
                }
                case THROTTLE -> {
                    sendError(exchange, service, service.throttled(), requestId);
                    return;
                }
                case INTERNAL_ERROR -> {
                    sendError(exchange, service, service.internalError(), requestId);
                    return;
                }
                case UNAVAILABLE -> {
                    sendError(exchange, service, service.unavailable(), requestId);
                    return;
                }
                case ACCESS_DENIED -> {
                    sendError(exchange, service, service.accessDenied(), requestId);
                    return;
                }
                case BAD_GATEWAY -> {
                    send(exchange, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
                    return;
                }
                case SLOW -> sleep(fault);
            }
        }
        String region = scopeRegion != null ? scopeRegion : world.defaultRegion();
        QueryRequest request = QueryRequest.of(service.dialect(), params);
        String body;
        try {
            body = world.call(() -> service.handle(region, request, requestId));
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

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
