package io.jenkins.plugins.amifactory.simulator.ec2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A launch template and its versions. Mutable; guarded by the world's lock. */
public final class LaunchTemplate {

    /** One version; its data never changes, as AWS's launch template versions are immutable. */
    public record Version(long number, String description, Instant createTime, LaunchTemplateData data) {}

    public final String id;
    public final String name;
    public final Instant createTime;
    public final String createdBy;
    public long defaultVersion = 1;
    /** Version numbers are never reused, even after the highest version is deleted. */
    long lastNumberUsed;
    final NavigableMap<Long, Version> versions = new TreeMap<>();
    public final Map<String, String> tags = new LinkedHashMap<>();

    public LaunchTemplate(String id, String name, Instant createTime, String createdBy) {
        this.id = id;
        this.name = name;
        this.createTime = createTime;
        this.createdBy = createdBy;
    }

    public long latestVersion() {
        return versions.lastKey();
    }

    public Version version(long number) {
        return versions.get(number);
    }

    Version addVersion(String description, Instant createTime, LaunchTemplateData data) {
        Version v = new Version(++lastNumberUsed, description, createTime, data);
        versions.put(v.number(), v);
        return v;
    }
}
