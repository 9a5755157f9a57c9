package io.jenkins.plugins.amifactory.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An AMI. Mutable; guarded by the world's lock. */
public final class Image {

    /** Where an image came from: an instance (CreateImage), another image (CopyImage), or neither (a base image). */
    public record Origin(String sourceInstanceId, String sourceImageId, String sourceImageRegion) {
        public static Origin registered() {
            return new Origin(null, null, null);
        }

        public static Origin instance(String instanceId) {
            return new Origin(instanceId, null, null);
        }

        public static Origin copy(String imageId, String region) {
            return new Origin(null, imageId, region);
        }
    }

    public final String id;
    public final String name;
    public final String description;
    public final String ownerId;
    public final Instant creationDate;
    public final String rootDeviceName;
    public final String architecture;
    public final Origin origin;
    /** {@code pending}, {@code available}, {@code failed}, {@code deregistered}. */
    public String state = "pending";
    public StateReason stateReason;
    public final List<BlockDeviceMapping> blockDeviceMappings = new ArrayList<>();
    public final Map<String, String> tags = new LinkedHashMap<>();

    public Image(String id, String name, String description, String ownerId, Instant creationDate,
                 String rootDeviceName, String architecture, Origin origin) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.ownerId = ownerId;
        this.creationDate = creationDate;
        this.rootDeviceName = rootDeviceName;
        this.architecture = architecture;
        this.origin = origin;
    }

    /** Amazon's base images are public and carry the owner alias {@code amazon}; the account's own are private. */
    public boolean isPublic() {
        return Ec2World.AMAZON_OWNER_ID.equals(ownerId);
    }

    public String ownerAlias() {
        return isPublic() ? "amazon" : null;
    }

    /** The snapshots its EBS mappings are backed by. */
    public List<String> snapshotIds() {
        return blockDeviceMappings.stream()
                .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                .map(m -> m.ebs().snapshotId())
                .toList();
    }
}
