package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.time.Instant;

/**
 * One scaling activity: a launch, a termination, a move to or from Standby. Starts InProgress (or
 * finished at once) and ends Successful or Failed. {@code sequence} orders activities that start at the
 * same instant.
 */
final class ScalingActivity {

    final String id;
    final long sequence;
    final String groupName;
    final String groupArn;
    final String description;
    final String cause;
    final Instant startTime;
    final String details;
    Instant endTime;
    String statusCode = "InProgress";
    String statusMessage;
    int progress;

    ScalingActivity(String id, long sequence, String groupName, String groupArn, String description, String cause,
                    Instant startTime, String details) {
        this.id = id;
        this.sequence = sequence;
        this.groupName = groupName;
        this.groupArn = groupArn;
        this.description = description;
        this.cause = cause;
        this.startTime = startTime;
        this.details = details;
    }

    void inProgress(int percent) {
        statusCode = "InProgress";
        progress = percent;
    }

    void succeed(Instant at) {
        if (endTime == null) {
            statusCode = "Successful";
            progress = 100;
            endTime = at;
        }
    }

    void fail(Instant at, String message) {
        statusCode = "Failed";
        statusMessage = message;
        progress = 100;
        endTime = at;
    }
}
