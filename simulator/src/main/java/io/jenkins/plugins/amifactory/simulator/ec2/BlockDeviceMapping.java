package io.jenkins.plugins.amifactory.simulator.ec2;

/**
 * One block device mapping: an EBS volume ({@link #ebs}), an instance-store volume ({@link #virtualName},
 * e.g. {@code ephemeral0}), or a suppressed device ({@link #noDevice}).
 */
public record BlockDeviceMapping(String deviceName, String virtualName, Ebs ebs, boolean noDevice) {

    public static BlockDeviceMapping ebs(String deviceName, Ebs ebs) {
        return new BlockDeviceMapping(deviceName, null, ebs, false);
    }
}
