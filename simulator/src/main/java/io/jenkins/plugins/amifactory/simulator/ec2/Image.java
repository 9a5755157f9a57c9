package io.jenkins.plugins.amifactory.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An AMI. Mutable; guarded by the world's lock. */
public final class Image {
    public final String id;
    public final String name;
    public final String description;
    public final String ownerId;
    public final Instant creationDate;
    public final String rootDeviceName;
    public final String architecture;
    /** The instance it was made from, or null for a registered base image. */
    public final String sourceInstanceId;
    /** {@code pending}, {@code available}, {@code failed}, {@code deregistered}. */
    public String state = "pending";
    public String stateReason;
    public final List<BlockDeviceMapping> blockDeviceMappings = new ArrayList<>();
    public final Map<String, String> tags = new LinkedHashMap<>();

    public Image(String id, String name, String description, String ownerId, Instant creationDate,
                 String rootDeviceName, String architecture, String sourceInstanceId) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.ownerId = ownerId;
        this.creationDate = creationDate;
        this.rootDeviceName = rootDeviceName;
        this.architecture = architecture;
        this.sourceInstanceId = sourceInstanceId;
    }
}
