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
    /** Changed by ModifyImageAttribute {@code description}. */
    public String description;
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
    /** Who besides the owner may launch it. */
    public final LaunchPermissions launchPermissions = new LaunchPermissions();
    /** When an instance was last launched from it, or null if never. */
    public Instant lastLaunchedTime;

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

    /**
     * Amazon's base images are public; the account's own are private until ModifyImageAttribute grants
     * {@code Group=all}.
     */
    public boolean isPublic() {
        return isAmazons() || launchPermissions.isPublic();
    }

    /** Only Amazon's images carry an owner alias ({@code amazon}). */
    public String ownerAlias() {
        return isAmazons() ? "amazon" : null;
    }

    private boolean isAmazons() {
        return Ec2World.AMAZON_OWNER_ID.equals(ownerId);
    }

    /** The snapshots its EBS mappings are backed by. */
    public List<String> snapshotIds() {
        return blockDeviceMappings.stream()
                .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                .map(m -> m.ebs().snapshotId())
                .toList();
    }
}
