package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Instant;

/**
 * An instance as its group sees it: lifecycle state, health, scale-in protection, and what it was launched
 * from. The EC2 side of the same instance lives in {@code Ec2World}. Guarded by the world's lock.
 */
final class GroupInstance {

    /** The lifecycle states the simulator uses, with AWS's spelling. */
    enum Lifecycle {
        PENDING("Pending"), IN_SERVICE("InService"), STANDBY("Standby"), TERMINATING("Terminating");

        final String awsName;

        Lifecycle(String awsName) {
            this.awsName = awsName;
        }
    }

    final String instanceId;
    final String availabilityZone;
    final LaunchedFrom launchedFrom;
    final Instant launchTime;
    final ScalingActivity launchActivity;
    Lifecycle lifecycle = Lifecycle.PENDING;
    boolean healthy = true;
    boolean protectedFromScaleIn;
    /** When it last entered InService; warm-up counts from here. */
    Instant inServiceSince;

    GroupInstance(String instanceId, String availabilityZone, LaunchedFrom launchedFrom, Instant launchTime,
                  ScalingActivity launchActivity) {
        this.instanceId = instanceId;
        this.availabilityZone = availabilityZone;
        this.launchedFrom = launchedFrom;
        this.launchTime = launchTime;
        this.launchActivity = launchActivity;
    }

    /** Counts toward the group's capacity: Pending or InService (not Standby, not Terminating). */
    boolean isLive() {
        return lifecycle == Lifecycle.PENDING || lifecycle == Lifecycle.IN_SERVICE;
    }

    boolean isInServiceAndHealthy() {
        return lifecycle == Lifecycle.IN_SERVICE && healthy;
    }
}
