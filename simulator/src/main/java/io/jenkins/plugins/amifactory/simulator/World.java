package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.account.Ids;
import io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingWorld;
import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;
import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import io.jenkins.plugins.amifactory.simulator.sts.Sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The whole simulated AWS account: one clock, one scenario, and per region an EC2 and an Auto Scaling
 * world. Every read or change of the world goes through {@link #call}, which holds the lock and first
 * lets time catch up, so delayed changes happen in order no matter who looks.
 */
public final class World {

    /** The state of one region. */
    public record Regional(Ec2World ec2, AutoScalingWorld autoScaling, ParameterStore ssm, Alarms alarms) {}

    private final SimClock clock;
    private final Scenario scenario = new Scenario();
    private final Account account;
    private final String defaultRegion;
    private final Map<String, Regional> regions = new TreeMap<>();
    private final Sessions sessions;

    public World(SimClock clock, long seed, String defaultRegion) {
        this.clock = clock;
        Ids ids = new Ids(seed);
        this.account = new Account(ids.accountId(), clock, ids, scenario);
        this.defaultRegion = defaultRegion;
        this.sessions = new Sessions(account);
    }

    /** A world on a manual clock starting at a fixed instant, for tests. */
    public static World forTests() {
        return new World(SimClock.manual(Instant.parse("2026-01-05T10:00:00Z")), 42, "us-east-1");
    }

    /** Runs {@code action} with the lock held, after letting time catch up. */
    public synchronized <T> T call(Supplier<T> action) {
        clock.catchUp();
        return action.get();
    }

    public synchronized void run(Runnable action) {
        clock.catchUp();
        action.run();
    }

    /** Moves simulated time forward, running every change due on the way. */
    public synchronized void advance(Duration by) {
        clock.catchUp();
        clock.advance(by);
    }

    public synchronized Instant now() {
        clock.catchUp();
        return clock.now();
    }

    /** A {@link Clock} that reads this world's time (without running due changes). */
    public Clock javaClock() {
        return clock.asJavaClock(this);
    }

    /** The world's region state, created empty on first use. Call with the lock held. */
    public Regional region(String name) {
        return regions.computeIfAbsent(name, r -> {
            ParameterStore ssm = new ParameterStore();
            Alarms alarms = new Alarms(account.clock());
            Ec2World ec2 = new Ec2World(account, r, this::ec2, ssm);
            return new Regional(ec2, new AutoScalingWorld(account, r, ec2, alarms), ssm, alarms);
        });
    }

    /** The names of the regions used so far, sorted. Call with the lock held. */
    public List<String> regionNames() {
        return List.copyOf(regions.keySet());
    }

    public Ec2World ec2(String region) {
        return region(region).ec2();
    }

    public AutoScalingWorld autoScaling(String region) {
        return region(region).autoScaling();
    }

    /** The region's Systems Manager Parameter Store. Call with the lock held. */
    public ParameterStore ssm(String region) {
        return region(region).ssm();
    }

    /**
     * The region's CloudWatch alarms, which instance refreshes watch: {@code alarms(r).set(name, State.ALARM)}
     * makes one fire. Call with the lock held.
     */
    public Alarms alarms(String region) {
        return region(region).alarms();
    }

    /** The temporary credentials the account issued (STS, the SSO portal). Call with the lock held. */
    public Sessions sts() {
        return sessions;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    public SimClock clock() {
        return clock;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Ids ids() {
        return account.ids();
    }

    public String accountId() {
        return account.id();
    }

    /** What the regional worlds see of this account. */
    public Account account() {
        return account;
    }
}
