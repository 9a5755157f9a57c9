package io.jenkins.plugins.amifactory.simulator.ec2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An EBS volume, attached to at most one instance. Mutable; guarded by the world's lock. */
public final class Volume {
    public final String id;
    public final int sizeGiB;
    public final String volumeType;
    public final Integer iops;
    public final Integer throughput;
    public final boolean encrypted;
    public final String kmsKeyId;
    /** The snapshot it was created from, or null. */
    public final String snapshotId;
    public final String availabilityZone;
    public final Instant createTime;
    /** {@code creating}, {@code available}, {@code in-use}, {@code deleting}, {@code deleted}. */
    public String state = "in-use";
    public String attachedInstanceId;
    public String deviceName;
    public Instant attachTime;
    public boolean deleteOnTermination;
    public final Map<String, String> tags = new LinkedHashMap<>();

    public Volume(String id, int sizeGiB, String volumeType, Integer iops, Integer throughput, boolean encrypted,
                  String kmsKeyId, String snapshotId, String availabilityZone, Instant createTime) {
        this.id = id;
        this.sizeGiB = sizeGiB;
        this.volumeType = volumeType;
        this.iops = iops;
        this.throughput = throughput;
        this.encrypted = encrypted;
        this.kmsKeyId = kmsKeyId;
        this.snapshotId = snapshotId;
        this.availabilityZone = availabilityZone;
        this.createTime = createTime;
    }
}
