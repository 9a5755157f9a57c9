package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.simulator.DemoShop;
import io.jenkins.plugins.amifactory.simulator.Scenario;
import io.jenkins.plugins.amifactory.simulator.SimulatorServer;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A controller as far as the amiFactory step can tell: Jenkins' timer (a manual one on the simulator's clock, so
 * a wait of minutes takes no time), the plugin's real queue for AWS calls and its real client cache (with Jenkins'
 * proxy as {@link #proxy} says), stored credentials, and the simulated AWS account seeded with the demo shop (group
 * {@code web} on a launch configuration, {@code api} on a launch template), from {@link SimulatorKit}. A fleet's
 * test seeds the same shop in {@link #OTHER_REGION} too ({@link #seedOtherRegion()}): the simulator serves every
 * region of the account at the one endpoint.
 */
final class SimulatedController implements AutoCloseable {

    static final String REGION = SimulatorKit.REGION;
    /** A second region of the same account, for fleets. */
    static final String OTHER_REGION = "eu-west-1";
    static final String CREDENTIALS_ID = "aws-sim";
    static final String POOL_THREAD = AwsCallQueue.THREAD_NAME;

    private final SimulatorKit sim;
    final SimulatorServer server;
    final World world;
    final DemoShop.Seeded shop;
    final ManualTimer timer;
    final AwsCallQueue awsCalls;
    final AwsConnections connections;
    /** Jenkins' proxy, as the controller's clients see it at each poll. */
    volatile ProxySettings proxy;
    final TestRuntime runtime = new TestRuntime();

    SimulatedController() throws IOException {
        this(new AwsCallQueue(AwsCallQueue.THREADS, AwsCallQueue.PER_ENDPOINT), AwsConnections.Timeouts.DEFAULT);
    }

    SimulatedController(AwsCallQueue awsCalls, AwsConnections.Timeouts timeouts) throws IOException {
        sim = SimulatorKit.withDemoShop();
        server = sim.server;
        world = sim.world;
        shop = sim.shop();
        timer = new ManualTimer(world);
        this.awsCalls = awsCalls;
        connections = new AwsConnections(() -> proxy, world.javaClock(), timeouts);
        runtime.clock = world.javaClock();
        runtime.scheduler = timer;
        runtime.awsCalls = awsCalls;
        runtime.clients = connections;
        runtime.sleeper = world::advance;
        runtime.credentials.with(CREDENTIALS_ID);
    }

    /** Seeds the demo shop ({@code web} and {@code api}) in {@link #OTHER_REGION} as well, for a fleet. */
    DemoShop.Seeded seedOtherRegion() {
        return DemoShop.seed(world, OTHER_REGION);
    }

    /** A target of a fleet, as a Jenkinsfile's map {@code [asg: …, region: …, kmsKeyId: …]} binds to one. */
    static FleetTarget target(String asg, String region, String kmsKeyId) {
        FleetTarget t = new FleetTarget(asg);
        t.setRegion(region);
        t.setKmsKeyId(kmsKeyId);
        return t;
    }

    /** Puts the CloudWatch alarm {@code name} of {@code region} in {@code state} now, for the Refreshes that watch it. */
    void alarm(String region, String name, Alarms.State state) {
        world.run(() -> world.alarms(region).set(name, state));
    }

    /** The key the call queue caps the simulator's polls by. */
    String simulatorEndpoint() {
        return AwsCallQueue.endpointOf(REGION, Endpoints.of(server.endpoint()));
    }

    /** The step as a Jenkinsfile would write it, pointed at the simulator. */
    AmiFactoryStep step(String group) {
        AmiFactoryStep step = new AmiFactoryStep(group, instanceOf(group));
        step.setRegion(REGION);
        step.setCredentialsId(CREDENTIALS_ID);
        step.setEndpointUrl(server.endpoint().toString());
        return step;
    }

    AmiFactoryBuilder builder(String group) {
        AmiFactoryBuilder builder = new AmiFactoryBuilder(group, instanceOf(group));
        builder.setRegion(REGION);
        builder.setCredentialsId(CREDENTIALS_ID);
        builder.setEndpointUrl(server.endpoint().toString());
        return builder.useRuntime(runtime.build());
    }

    String instanceOf(String group) {
        return group.equals(shop.webGroup()) ? shop.webInstances().get(0) : shop.apiInstances().get(0);
    }

    TestStepContext context() {
        return new TestStepContext(FakeJenkins.run(), new EnvVars());
    }

    /** Starts the step as Pipeline does; the execution must go asynchronous. */
    AmiFactoryStepExecution start(AmiFactoryStep step, TestStepContext context) throws Exception {
        return start(step, context, runtime.build());
    }

    /**
     * Starts the step polled by {@code timer} instead of the controller's: a second build whose polls a test runs
     * while the first build's wait.
     */
    AmiFactoryStepExecution start(AmiFactoryStep step, TestStepContext context, PluginRuntime.Scheduler timer)
            throws Exception {
        PluginRuntime r = runtime.build();
        return start(step, context, new PluginRuntime(timer, r.awsCalls(), r.clock(), r.clients(), r.configuration(),
                r.credentials(), r.controllerCredentials(), r.root(), r.sleeper()));
    }

    private AmiFactoryStepExecution start(AmiFactoryStep step, TestStepContext context, PluginRuntime r)
            throws Exception {
        AmiFactoryStepExecution execution = (AmiFactoryStepExecution) step.useRuntime(r).start(context);
        context.execution = execution;
        assertThat(execution.start()).as("asynchronous").isFalse();
        awaitQuiet();
        return execution;
    }

    /** Runs the next timer task at its simulated time and waits until the AWS calls it started are done. */
    boolean poll() {
        if (!timer.runNext()) {
            return false;
        }
        awaitQuiet();
        return true;
    }

    /** Polls until {@code until} holds or the step is done; checks at every wait that no thread is held. */
    void pollUntil(TestStepContext context, Predicate<TestStepContext> until) {
        // A fleet of three groups polls about three times as often as a lone Rollout.
        for (int i = 0; i < 6000 && !context.isDone() && !until.test(context); i++) {
            assertNothingHeldWhileWaiting();
            assertThat(poll()).as("a poll is scheduled while the step runs").isTrue();
        }
    }

    void pollToEnd(TestStepContext context) {
        pollUntil(context, c -> false);
        assertThat(context.isDone()).as("the step finished").isTrue();
    }

    /** While the step waits: no AWS call in flight, no pool thread running, one task on the timer. */
    void assertNothingHeldWhileWaiting() {
        assertThat(awsCalls.running() + awsCalls.queued()).isZero();
        // A worker that has just finished its task needs a moment to park again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runningPoolThreads() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runningPoolThreads()).as("pool threads running between polls").isZero();
        assertThat(timer.live()).as("the timer holds exactly the next poll").hasSize(1);
    }

    private static long runningPoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(POOL_THREAD) && t.getState() == Thread.State.RUNNABLE).count();
    }

    void awaitQuiet() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (awsCalls.running() + awsCalls.queued() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("AWS calls did not finish");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** What a restarted controller reads back from a save: the execution, re-attached to this controller. */
    AmiFactoryStepExecution revive(TestStepContext.Save save, TestStepContext before) throws Exception {
        timer.clear();
        AmiFactoryStepExecution revived;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(save.bytes()))) {
            revived = (AmiFactoryStepExecution) in.readObject();
        }
        ((TestStepContext) revived.getContext()).adopt(before, revived);
        revived.useRuntime(runtime.build());
        return revived;
    }

    AutoScalingGroup group(String name) {
        return sim.group(name);
    }

    /** The group {@code name} of {@code region}, as Auto Scaling describes it. */
    AutoScalingGroup group(String name, String region) {
        try (AutoScalingClient as = sim.autoScaling(Region.of(region))) {
            return as.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
        }
    }

    /** The Image each instance of group {@code name} in {@code region} runs, as EC2 describes the instances. */
    List<String> imagesOfInstances(String name, String region) {
        List<String> ids = group(name, region).instances().stream().map(i -> i.instanceId()).toList();
        try (Ec2Client ec2 = sim.ec2(Region.of(region))) {
            return ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                    .flatMap(res -> res.instances().stream()).map(i -> i.imageId()).toList();
        }
    }

    /** The EC2 of {@code region}, to read what a fleet left there; the caller closes it. */
    Ec2Client ec2(String region) {
        return sim.ec2(Region.of(region));
    }

    /** The simulated account's EC2, to read what the step left there. */
    Ec2Client ec2() {
        return sim.ec2;
    }

    AutoScalingClient autoScaling() {
        return sim.autoScaling;
    }

    /** The Image each instance of the group runs, as EC2 describes the instances. */
    List<String> imagesOfInstances(String name) {
        return imagesOfInstances(name, REGION);
    }

    long calls(String service, String action) {
        return sim.calls(service, action);
    }

    void scenario(Consumer<Scenario> change) {
        sim.scenario(change);
    }

    /** The next Image's instances never pass their health checks, so the Refresh fails after 5 simulated minutes. */
    void failTheNextRefresh() {
        scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofMinutes(5);
        });
    }

    @Override
    public void close() {
        awsCalls.shutdownNow();
        connections.close();
        sim.close();
    }

    /** Jenkins' timer on the simulator's clock: a task runs when a test moves time to it. */
    static final class ManualTimer implements PluginRuntime.Scheduler {
        private final World world;
        private final List<Task> tasks = new ArrayList<>();

        ManualTimer(World world) {
            this.world = world;
        }

        @Override
        public synchronized Future<?> schedule(Runnable task, Duration delay) {
            Task t = new Task(task, world.now().plus(delay));
            tasks.add(t);
            return t;
        }

        synchronized List<Task> live() {
            tasks.removeIf(Task::isCancelled);
            return List.copyOf(tasks);
        }

        synchronized void clear() {
            tasks.clear();
        }

        /** When the earliest task is due; null when there is none. */
        synchronized Instant nextDue() {
            tasks.removeIf(Task::isCancelled);
            return tasks.stream().map(t -> t.due).min(Comparator.naturalOrder()).orElse(null);
        }

        /** Moves simulated time to the earliest task and runs it here: it only hands work to the pool. */
        boolean runNext() {
            Task next;
            synchronized (this) {
                tasks.removeIf(Task::isCancelled);
                next = tasks.stream().min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    return false;
                }
                tasks.remove(next);
            }
            Instant now = world.now();
            if (next.due.isAfter(now)) {
                world.advance(Duration.between(now, next.due));
            }
            next.run();
            return true;
        }

        static final class Task extends java.util.concurrent.FutureTask<Void> {
            final Instant due;

            Task(Runnable task, Instant due) {
                super(task, null);
                this.due = due;
            }
        }
    }
}
