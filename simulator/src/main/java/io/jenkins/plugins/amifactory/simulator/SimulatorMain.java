package io.jenkins.plugins.amifactory.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ami-factory-simulator.jar [--port N] [--seed demo] [--time-scale X] [--region R]}:
 * serves the simulator on 127.0.0.1 until stopped. The first line printed is {@code endpoint=…}, so a
 * script can read it; with {@code --seed demo} the second line is the demo shop's ids as JSON.
 * {@code --version} prints the version the jar was built as, and nothing else.
 */
public final class SimulatorMain {

    static final String USAGE = """
            Usage: java -jar ami-factory-simulator.jar [--port N] [--seed demo] [--time-scale X] [--region R]
              --port N        port on 127.0.0.1 (default: one the OS chooses)
              --seed demo     create a small shop: group web on a launch configuration, group api on a launch template
              --time-scale X  simulated seconds per real second (default 1; 60 makes a 40 s image take under a second)
              --region R      region the demo shop is made in (default us-east-1)
              --version       print the version and exit
            It listens on 127.0.0.1 only.
            Scenario control: GET http://127.0.0.1:PORT/_simulator/state; changes are form POSTs with the header
            X-Ami-Factory-Admin: 1 (see docs/simulator.md)""";

    /** What to serve; the command line's {@code simulator} command builds it from its own options. */
    public record Options(int port, boolean seedDemo, double timeScale, String region) {}

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (Arrays.asList(args).contains("--version")) {
            System.out.println("ami-factory-simulator " + version());
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        SimulatorServer server = serve(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }

    /** Starts the server as {@code options} say and prints the endpoint (and the seed) lines. */
    public static SimulatorServer serve(Options options, PrintStream out) throws IOException {
        World world = new World(SimClock.scaled(Instant.now().truncatedTo(ChronoUnit.SECONDS), options.timeScale()),
                System.nanoTime(), options.region());
        SimulatorServer server = SimulatorServer.start(world, new Faults(System.nanoTime()), options.port());
        out.println("endpoint=" + server.endpoint());
        if (options.seedDemo()) {
            out.println(DemoShop.seed(world, options.region()).toJson());
        }
        out.flush();
        return server;
    }

    /**
     * The version the jar was built as, from its manifest (the build writes it there); classes not run from the
     * jar have none.
     */
    static String version() {
        String v = SimulatorMain.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    /** Parses the arguments; null means help was asked for. */
    static Options parse(String[] args) {
        int port = 0;
        boolean seed = false;
        double scale = 1;
        String region = "us-east-1";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--port" -> port = intValue(a, value(args, ++i, a), 0, 65535);
                case "--seed" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("demo")) {
                        throw new IllegalArgumentException("--seed: '" + v + "' is not a seed (the only one is: demo)");
                    }
                    seed = true;
                }
                case "--time-scale" -> {
                    String v = value(args, ++i, a);
                    try {
                        scale = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        scale = -1;
                    }
                    if (!(scale > 0 && scale <= 100_000)) {
                        throw new IllegalArgumentException("--time-scale: '" + v + "' must be a number above 0 (e.g. 1 or 60)");
                    }
                }
                case "--region" -> region = value(args, ++i, a);
                case "--bind", "--host", "--address", "--listen" -> throw new IllegalArgumentException(a
                        + ": the simulator listens on 127.0.0.1 only, and that cannot be changed: it checks no "
                        + "credentials, so nothing off this machine may reach it");
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new Options(port, seed, scale, region);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String option, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": '" + v + "' must be a whole number from " + min + " to " + max);
    }
}
