package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a {@link World} over HTTP on 127.0.0.1 only, in the Query protocols of EC2 (2016-11-15), Auto
 * Scaling (2011-01-01) and STS (2011-06-15), and the SSO portal's GetRoleCredentials ({@link SsoPortalApi}),
 * so that the real AWS SDKs and the AWS CLI talk to it through an endpoint override with any credentials.
 * Signatures are not checked, but temporary credentials the simulator issued expire. Scenario control lives
 * under {@value AdminApi#PREFIX}, a path no AWS API uses.
 *
 * <p>As it checks no credentials, it serves only this machine's programs: a Host header naming anything
 * but the loopback interface and its port, and a request a browser marks as another origin's, are refused
 * ({@link LoopbackGuard}); an admin change needs the header {@value #ADMIN_HEADER}{@code : 1}, which a web
 * page cannot send to another site. What a client can make it hold is bounded: a body of 1 MiB, 16 calls
 * at work at once (the next ones are answered 503), and a slow answer of 60 s ({@link Faults#MAX_DELAY}).
 */
public final class SimulatorServer implements AutoCloseable {

    /** The header an admin change must carry, with the value {@code 1}. */
    public static final String ADMIN_HEADER = "X-Ami-Factory-Admin";

    private static final Logger LOG = Logger.getLogger(SimulatorServer.class.getName());

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm and delayed ACKs every
        // answer then waits ~40 ms. The server reads this once, when the first one is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final World world;
    private final Faults faults;
    private final HttpServer http;
    private final Workers workers = new Workers();
    private final QueryEndpoint aws;
    private final AdminApi admin;
    private final SsoPortalApi ssoPortal;
    private final LoopbackGuard guard;

    private SimulatorServer(World world, Faults faults, int port) throws IOException {
        this.world = world;
        this.faults = faults;
        // 127.0.0.1 itself rather than "the loopback address", which is ::1 where IPv6 is preferred: the
        // endpoint printed and documented is 127.0.0.1.
        InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        this.http = HttpServer.create(new InetSocketAddress(loopback, port), 64);
        this.aws = new QueryEndpoint(world, faults);
        this.admin = new AdminApi(world, faults);
        this.ssoPortal = new SsoPortalApi(world, faults);
        this.guard = new LoopbackGuard(http.getAddress().getPort());
        http.setExecutor(workers);
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
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean adminPath = exchange.getRequestURI().getPath().startsWith(AdminApi.PREFIX);
            boolean ssoPath = exchange.getRequestURI().getPath().equals(SsoPortalApi.PATH);
            try {
                guard.check(exchange.getRequestHeaders());
                if (!workers.tryEnter()) {
                    throw Workers.busy();
                }
                try {
                    if (adminPath) {
                        admin.handle(exchange);
                    } else if (ssoPath) {
                        ssoPortal.handle(exchange);
                    } else {
                        aws.serve(exchange);
                    }
                } finally {
                    workers.leave();
                }
            } catch (Refusal refusal) {
                if (adminPath) {
                    AdminApi.refuse(exchange, refusal);
                } else if (ssoPath) {
                    SsoPortalApi.refuse(exchange, refusal);
                } else {
                    aws.refuse(exchange, refusal);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "simulator failed to answer " + exchange.getRequestURI(), e);
        }
    }
}
