package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.SimulatorMain;
import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ami-factory simulator}: serves the simulated EC2, Auto Scaling and STS account on the loopback
 * interface until Ctrl-C, for trying {@code rollout} and {@code plan} (or the AWS CLI) without AWS. The
 * first line of output is the endpoint, so a script can read it.
 */
@Command(name = "simulator", header = "Serve a simulated EC2, Auto Scaling and STS account on 127.0.0.1.",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Serve a simulated AWS account (EC2, Auto Scaling and STS in their Query protocols, and the SSO "
                        + "portal's GetRoleCredentials) on 127.0.0.1 until Ctrl-C.",
                "Prints endpoint=http://127.0.0.1:PORT first, then the seeded resources as JSON with --seed demo.",
                "Point rollout, plan or the AWS CLI at it with --endpoint-url and any credentials (role, web "
                        + "identity and IAM Identity Center profiles get their sessions from it too)."})
public final class SimulatorCommand implements Callable<Integer> {

    /** The simulator's own limit: beyond it a poll interval is shorter than a request takes. */
    private static final double MAX_TIME_SCALE = 100_000;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "0", order = 1,
            description = "Port to listen on; 0 picks a free one (default: 0).")
    int port;

    @Option(names = "--seed", paramLabel = "<name>", order = 2,
            description = "Start with resources: 'demo' makes group web (launch configuration, 3 instances) and "
                    + "group api (launch template, 2 instances). Default: an empty account.")
    String seed;

    @Option(names = "--time-scale", paramLabel = "<factor>", defaultValue = "1", order = 3,
            description = "How much faster than real time simulated time runs, e.g. 30 (default: 1).")
    double timeScale;

    @Option(names = "--region", paramLabel = "<region>", defaultValue = "us-east-1", order = 4,
            description = "Region the seed goes into, and the one calls without a signed region land in "
                    + "(default: us-east-1).")
    String region;

    private final CliContext ctx;

    SimulatorCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (seed != null && !seed.equals("demo")) {
            throw new BadInputException("--seed: '" + seed + "' is not a seed (use --seed demo, or leave it out for"
                    + " an empty account)");
        }
        if (!(timeScale > 0 && timeScale <= MAX_TIME_SCALE)) {
            throw new BadInputException("--time-scale: " + timeScale + " is not a speed (use a factor above 0 and up to "
                    + (int) MAX_TIME_SCALE + ": 1 for real time, 30 to see a rollout finish in minutes)");
        }
        if (port < 0 || port > 65_535) {
            throw new BadInputException("--port: " + port + " is not a port (use 1 to 65535, or 0 for any free port)");
        }
        SimulatorServer server;
        try {
            server = SimulatorMain.serve(new SimulatorMain.Options(port, seed != null, timeScale, region), ctx.out());
        } catch (IOException e) {
            throw new BadInputException("--port: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (choose another port, or 0 for any free one)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Interrupts.Guard guard = ctx.interrupts().arm(stopped::countDown);
        try (server) {
            ctx.err().println("Serving a simulated AWS account until Ctrl-C; simulated time runs " + timeScale
                    + "x real time. Scenario control: " + server.endpoint() + "/_simulator/state (docs/simulator.md)");
            ctx.err().println("Any credentials work, e.g. AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo "
                    + "ami-factory plan --endpoint-url " + server.endpoint() + " --region " + region + " ...");
            stopped.await();
            ctx.err().println("Simulator stopped.");
            return ExitCodes.OK;
        } finally {
            guard.release(ExitCodes.OK);
        }
    }
}
