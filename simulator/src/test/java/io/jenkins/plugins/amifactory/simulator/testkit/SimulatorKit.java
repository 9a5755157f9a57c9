package io.jenkins.plugins.amifactory.simulator.testkit;

import io.jenkins.plugins.amifactory.simulator.DemoShop;
import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.Scenario;
import io.jenkins.plugins.amifactory.simulator.SimClock;
import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running simulator for tests, with real SDK v2 clients pointed at it: the one place a test of any module
 * starts a simulator. Close it after the test (try-with-resources or an {@code @AfterEach}).
 *
 * <p>By default the world is the simulator's test world ({@link SimulatorServer#startForTests()}): a manual
 * clock at {@link #START}, fixed seeds, region {@value #REGION}, no shop. The clients do not retry, so that
 * a test sees exactly the answer the simulator gave, injected faults included.
 *
 * <pre>{@code
 * try (SimulatorKit sim = SimulatorKit.withDemoShop()) {
 *     sim.advance(Duration.ofMinutes(5));
 *     sim.group(sim.shop().webGroup());
 * }
 * }</pre>
 */
public final class SimulatorKit implements AutoCloseable {

    /** The test world's default region (as {@link World#forTests()} sets it); the clients and the demo shop use it. */
    public static final String REGION = "us-east-1";
    /** Where the test world's clock starts (as {@link World#forTests()} sets it). */
    public static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // The seeds SimulatorServer.startForTests() uses, so that a scaled world makes the same ids.
    private static final long WORLD_SEED = 42;
    private static final long FAULTS_SEED = 7;

    /** The running server: its endpoint, fault injection and call counters. */
    public final SimulatorServer server;
    /** The simulated account, to read or change directly (under its lock: {@link World#call}, {@link World#run}). */
    public final World world;
    /** EC2 in {@value #REGION}. */
    public final Ec2Client ec2;
    /** Auto Scaling in {@value #REGION}. */
    public final AutoScalingClient autoScaling;
    private final boolean retries;
    private final DemoShop.Seeded shop;

    private SimulatorKit(Builder options) throws IOException {
        server = options.timeScale > 0
                ? SimulatorServer.start(new World(SimClock.scaled(START, options.timeScale), WORLD_SEED, REGION),
                        new Faults(FAULTS_SEED), 0)
                : SimulatorServer.startForTests();
        world = server.world();
        retries = options.retries;
        ec2 = ec2(Region.of(REGION));
        autoScaling = autoScaling(Region.of(REGION));
        try {
            shop = options.demoShop ? DemoShop.seed(world, REGION) : null;
        } catch (RuntimeException e) {
            // The caller never gets the kit to close, so a failed seed must not leave the server running.
            close();
            throw e;
        }
    }

    /** An empty test world on a manual clock, clients without retries. */
    public static SimulatorKit start() throws IOException {
        return builder().start();
    }

    /** The test world seeded with {@link DemoShop}: groups {@code web} and {@code api}, all in service. */
    public static SimulatorKit withDemoShop() throws IOException {
        return builder().demoShop().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link SimulatorKit}; each defaults to the plain test world. */
    public static final class Builder {
        private boolean retries;
        private boolean demoShop;
        private double timeScale;

        private Builder() {
        }

        /** Clients retry as the SDK's standard mode does: for tests of transient faults the SDK rides out. */
        public Builder sdkRetries() {
            this.retries = true;
            return this;
        }

        /** Seeds {@link DemoShop} and lets its instances come into service. */
        public Builder demoShop() {
            this.demoShop = true;
            return this;
        }

        /** A clock that follows real time {@code timeScale} times faster instead of a manual one. */
        public Builder timeScale(double timeScale) {
            if (!(timeScale > 0)) {
                throw new IllegalArgumentException("time scale must be positive, was " + timeScale);
            }
            this.timeScale = timeScale;
            return this;
        }

        public SimulatorKit start() throws IOException {
            return new SimulatorKit(this);
        }
    }

    /** A clock on its own, without a world, at {@link #START}; for code that only needs time to move. */
    public static SimClock manualClock() {
        return SimClock.manual(START);
    }

    /** Credentials the simulator accepts (it checks no signature); AWS would refuse them. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR", "simulator-secret"));
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Fault injection and the call counters. */
    public Faults faults() {
        return server.faults();
    }

    /** A further EC2 client, for another region of the same simulator; the caller closes it. */
    public Ec2Client ec2(Region region) {
        return client(Ec2Client.builder(), region);
    }

    /** A further Auto Scaling client, for another region of the same simulator; the caller closes it. */
    public AutoScalingClient autoScaling(Region region) {
        return client(AutoScalingClient.builder(), region);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Region region) {
        return client(builder, region, credentials());
    }

    /**
     * A client of any service the simulator serves ({@code StsClient.builder()}, …), signing with
     * {@code credentials}, e.g. a role session's; the caller closes it.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, Region region, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint()).region(region).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()).overrideConfiguration(overrides()).build();
    }

    private ClientOverrideConfiguration overrides() {
        // A hung simulator fails the test in seconds instead of holding the build.
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(20));
        if (retries) {
            b.retryStrategy(RetryMode.STANDARD);
        } else {
            b.retryStrategy(s -> s.maxAttempts(1));
        }
        return b.build();
    }

    /** Moves simulated time forward, running every change due on the way. */
    public void advance(Duration by) {
        world.advance(by);
    }

    /** Changes scenario knobs under the world's lock. */
    public void scenario(Consumer<Scenario> change) {
        world.run(() -> change.accept(world.scenario()));
    }

    /** Reads scenario knobs under the world's lock. */
    public <T> T readScenario(Function<Scenario, T> read) {
        return world.call(() -> read.apply(world.scenario()));
    }

    /** Puts the CloudWatch alarm {@code name} of {@value #REGION} in {@code state} now, for Refreshes that watch it. */
    public void alarm(String name, Alarms.State state) {
        world.run(() -> world.alarms(REGION).set(name, state));
    }

    /** Puts the CloudWatch alarm {@code name} of {@value #REGION} in {@code state} once {@code after} has passed. */
    public void alarm(String name, Alarms.State state, Duration after) {
        world.run(() -> world.alarms(REGION).setLater(name, state, after));
    }

    /** Registers an available base image (what a user launches from) in {@value #REGION}; its id. */
    public String baseImage(String name, int rootSizeGiB) {
        return world.call(() -> world.ec2(REGION).registerBaseImage(name, rootSizeGiB).id);
    }

    /** Seeds {@value #REGION} directly in the world: Images, launch templates, SSM parameters in bulk. */
    public AccountSeed seed() {
        return seed(REGION);
    }

    /** Seeds {@code region} directly in the world. */
    public AccountSeed seed(String region) {
        return new AccountSeed(world, region);
    }

    /**
     * Makes a change through the admin endpoint, as a script would and as {@code docs/simulator.md} says it
     * must: a POST of {@code form} ({@code name=value&…}, form-encoded) to {@code /_simulator<path>} with the
     * header {@value SimulatorServer#ADMIN_HEADER}{@code : 1}. The answer, whatever its status.
     */
    public HttpResponse<String> admin(String path, String form) {
        return send(request("/_simulator" + path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(SimulatorServer.ADMIN_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A request to {@code pathAndQuery} on this simulator, for a test that speaks HTTP to it by hand. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(endpoint().resolve(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    /** Sends {@code request} over HTTP/1.1, as the SDKs do, and returns the answer whatever its status. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the simulator", e);
        }
    }

    /** The group as Auto Scaling describes it. */
    public AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    /** Calls of {@code service} ({@code ec2}, {@code autoscaling}) {@code action} since the last reset, faulted or not. */
    public long calls(String service, String action) {
        return faults().count(service, action);
    }

    /** Calls since the last reset that may have changed something: not Describe*, Get* or dry runs. */
    public long mutatingCalls() {
        return faults().mutatingCalls();
    }

    public void resetCounters() {
        faults().resetCounters();
    }

    /** The ids of the demo shop; only when started {@linkplain Builder#demoShop() with it}. */
    public DemoShop.Seeded shop() {
        if (shop == null) {
            throw new IllegalStateException("this simulator was started without the demo shop");
        }
        return shop;
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        server.close();
    }
}
