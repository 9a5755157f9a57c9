package io.jenkins.plugins.amifactory.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EC2 instance. Mutable; guarded by the world's lock. */
public final class Instance {

    /** An attached EBS volume as the instance lists it. */
    public record Attachment(String deviceName, String volumeId, boolean deleteOnTermination, Instant attachTime) {}

    public final String id;
    public final String reservationId;
    public final LaunchSpec spec;
    public final String availabilityZone;
    public final Instant launchTime;
    public final String rootDeviceName;
    public final String architecture;
    public final String privateIpAddress;
    /**
     * {@code pending}, {@code running}, {@code stopping}, {@code stopped}, {@code shutting-down},
     * {@code terminated}.
     */
    public String state = "pending";
    public StateReason stateReason;
    /** Until then its status checks fail (it is rebooting for an image); null when healthy. */
    public Instant impairedUntil;
    public final List<Attachment> blockDevices = new ArrayList<>();
    /** Its instance-store mappings (virtual names such as {@code ephemeral0}); images made of it keep them. */
    public final List<BlockDeviceMapping> instanceStoreMappings = new ArrayList<>();
    public final Map<String, String> tags = new LinkedHashMap<>();
    /** Counts state changes, so that a delayed transition overtaken by a newer change does not apply. */
    int stateChanges;

    public Instance(String id, String reservationId, LaunchSpec spec, String availabilityZone, Instant launchTime,
                    String rootDeviceName, String architecture, String privateIpAddress) {
        this.id = id;
        this.reservationId = reservationId;
        this.spec = spec;
        this.availabilityZone = availabilityZone;
        this.launchTime = launchTime;
        this.rootDeviceName = rootDeviceName;
        this.architecture = architecture;
        this.privateIpAddress = privateIpAddress;
    }

    /** Whether EC2 status checks fail at {@code now}: not running, or rebooting. */
    public boolean isImpaired(Instant now) {
        return !"running".equals(state) || (impairedUntil != null && now.isBefore(impairedUntil));
    }

    public String imageId() {
        return spec.imageId();
    }

    /** EC2's numeric state code. */
    public int stateCode() {
        return stateCode(state);
    }

    static int stateCode(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> throw new IllegalStateException(state);
        };
    }

    void changeState(String newState, StateReason reason) {
        state = newState;
        stateReason = reason;
        stateChanges++;
    }
}
