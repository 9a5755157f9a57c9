package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.ImageTiming;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EBS snapshot; progress runs from 0 % to 100 % while its image is pending. Guarded by the world's lock. */
public final class Snapshot {
    public final String id;
    public final String ownerId;
    /** The volume it was taken of; {@code vol-ffffffff} for copies and base images, as EC2 reports them. */
    public final String volumeId;
    public final int volumeSizeGiB;
    public final boolean encrypted;
    public final String kmsKeyId;
    public final String description;
    public final Instant startTime;
    /** When it completes; progress is interpolated until then, unless {@link #steps} say otherwise. */
    public Instant completeAt;
    /** The progress it reports in coarse jumps, as AWS does, from each step's time on; empty to interpolate. */
    public List<ImageTiming.Step> steps = List.of();
    /** {@code pending}, {@code completed}, {@code error}. */
    public String state = "pending";
    public final Map<String, String> tags = new LinkedHashMap<>();

    public Snapshot(String id, String ownerId, String volumeId, int volumeSizeGiB, boolean encrypted, String kmsKeyId,
                    String description, Instant startTime, Instant completeAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.volumeId = volumeId;
        this.volumeSizeGiB = volumeSizeGiB;
        this.encrypted = encrypted;
        this.kmsKeyId = kmsKeyId;
        this.description = description;
        this.startTime = startTime;
        this.completeAt = completeAt;
    }

    /** Percent complete at {@code now}, as EC2 reports it ("37%"). */
    public int progressAt(Instant now) {
        if (!"pending".equals(state)) {
            return "completed".equals(state) ? 100 : 0;
        }
        if (!steps.isEmpty()) {
            int percent = 0;
            for (ImageTiming.Step step : steps) {
                if (!now.isBefore(startTime.plus(step.after()))) {
                    percent = step.percent();
                }
            }
            return Math.min(99, percent);
        }
        long total = completeAt.toEpochMilli() - startTime.toEpochMilli();
        if (total <= 0) {
            return 99;
        }
        long done = now.toEpochMilli() - startTime.toEpochMilli();
        return (int) Math.max(0, Math.min(99, done * 100 / total));
    }
}
