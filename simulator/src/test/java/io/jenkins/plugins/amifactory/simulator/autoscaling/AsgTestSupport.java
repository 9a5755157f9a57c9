package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shorthands the Auto Scaling tests share: seeding images, launch configurations and groups, reading them back. */
final class AsgTestSupport {

    static final String REGION = SimulatorKit.REGION;

    private final SimulatorKit sim;

    AsgTestSupport(SimulatorKit sim) {
        this.sim = sim;
    }

    /** A base image (an available AMI) to launch from. */
    String image(String name) {
        return sim.baseImage(name, 8);
    }

    void launchConfiguration(String name, String imageId) {
        sim.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName(name).imageId(imageId)
                .instanceType("t3.micro"));
    }

    void group(String name, String launchConfiguration, int desired) {
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchConfigurationName(launchConfiguration).minSize(0).maxSize(Math.max(4, desired * 3))
                .desiredCapacity(desired).availabilityZones("us-east-1a", "us-east-1b"));
    }

    /** A group on {@code imageId}'s launch configuration "{name}-v1", with every instance InService. */
    void runningGroup(String name, String imageId, int desired) {
        launchConfiguration(name + "-v1", imageId);
        group(name, name + "-v1", desired);
        sim.advance(Duration.ofMinutes(2));
    }

    AutoScalingGroup describe(String group) {
        return sim.group(group);
    }

    List<Instance> instances(String group) {
        return describe(group).instances();
    }

    List<Instance> inService(String group) {
        return instances(group).stream()
                .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE && "Healthy".equals(i.healthStatus()))
                .toList();
    }

    InstanceRefresh refresh(String group, String id) {
        return sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group).instanceRefreshIds(id))
                .instanceRefreshes().get(0);
    }

    /** Advances virtual time in {@code step}s until {@code done} holds, failing after {@code limit}. */
    void advanceUntil(Duration step, Duration limit, BooleanSupplier done) {
        for (Duration spent = Duration.ZERO; !done.getAsBoolean(); spent = spent.plus(step)) {
            if (spent.compareTo(limit) >= 0) {
                throw new AssertionError("condition not reached within " + limit + " of virtual time");
            }
            sim.advance(step);
        }
    }

    /** Advances {@code total} in {@code step}s, letting {@code observer} look after each step. */
    void observe(Duration step, Duration total, Consumer<Duration> observer) {
        for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(step)) {
            sim.advance(step);
            observer.accept(t.plus(step));
        }
    }

    static void assertAwsError(Runnable call, String code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
        });
    }
}
