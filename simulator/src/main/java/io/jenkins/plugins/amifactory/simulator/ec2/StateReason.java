package io.jenkins.plugins.amifactory.simulator.ec2;

/** Why an instance or image is in its state, as EC2 reports it ({@code Client.UserInitiatedShutdown}, …). */
public record StateReason(String code, String message) {
}
