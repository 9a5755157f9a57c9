package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshStatus;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;
import software.amazon.awssdk.services.autoscaling.model.StartInstanceRefreshRequest;
import software.amazon.awssdk.services.ec2.model.InstanceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shorthands the Auto Scaling tests share: seeding images, launch configurations, launch templates and groups,
 * starting refreshes, reading them back.
 */
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

    /**
     * Launch template {@code name} whose version 1 launches {@code v1} as a t3.small with key {@code ops}, and whose
     * version 2, made from 1, launches {@code v2}; its id.
     */
    String templateWithTwoVersions(String name, String v1, String v2) {
        String id = sim.ec2.createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d
                .imageId(v1).instanceType(InstanceType.T3_SMALL).keyName("ops"))).launchTemplate().launchTemplateId();
        sim.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("1")
                .launchTemplateData(d -> d.imageId(v2)));
        return id;
    }

    /** Group {@code name} on {@code version} of the launch template, in zones a and b, every instance InService. */
    void templateGroup(String name, String templateId, String version, int desired) {
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(t -> t.launchTemplateId(templateId).version(version))
                .minSize(0).maxSize(8).desiredCapacity(desired).availabilityZones("us-east-1a", "us-east-1b"));
        sim.advance(Duration.ofMinutes(2));
    }

    /** Starts a refresh of {@code group} whose desired configuration is {@code version} of the launch template. */
    String refreshToTemplate(String group, String templateId, String version,
                             Consumer<RefreshPreferences.Builder> preferences) {
        return sim.autoScaling.startInstanceRefresh(StartInstanceRefreshRequest.builder().autoScalingGroupName(group)
                .desiredConfiguration(d -> d.launchTemplate(t -> t.launchTemplateId(templateId).version(version)))
                .preferences(preferences).build()).instanceRefreshId();
    }

    /** The launch template versions of the group's instances that are not Terminating. */
    List<String> templateVersions(String group) {
        return instances(group).stream().filter(i -> !"Terminating".equals(i.lifecycleStateAsString()))
                .map(i -> i.launchTemplate().version()).toList();
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

    /** Whether the refresh is over: in none of the states it passes through on its way. */
    boolean finished(String group, String id) {
        return !refresh(group, id).status().toString()
                .matches("Pending|InProgress|Baking|Cancelling|RollbackInProgress");
    }

    /** Advances in {@code step}s until the refresh is over, failing after {@code limit}; each status it showed. */
    List<InstanceRefreshStatus> statusesUntilFinished(String group, String id, Duration step, Duration limit) {
        List<InstanceRefreshStatus> seen = new ArrayList<>();
        advanceUntil(step, limit, () -> {
            InstanceRefreshStatus status = refresh(group, id).status();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                seen.add(status);
            }
            return finished(group, id);
        });
        return seen;
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
