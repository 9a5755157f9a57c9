package io.jenkins.plugins.amifactory.simulator.ec2;

/**
 * The EBS part of a block device mapping, as images, launch configurations and launch template versions
 * carry it. Null members were not given (AWS then uses the snapshot's or the default).
 */
public record Ebs(String snapshotId, Integer volumeSize, String volumeType, Integer iops, Integer throughput,
                  Boolean encrypted, String kmsKeyId, Boolean deleteOnTermination) {

    public Ebs withSnapshotId(String id) {
        return new Ebs(id, volumeSize, volumeType, iops, throughput, encrypted, kmsKeyId, deleteOnTermination);
    }
}
