package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CreateImage's rules for the new image's block device mappings: every EBS volume of the instance is
 * snapshotted with its settings, instance-store mappings are kept, and the request's mappings may only
 * change a volume's delete-on-termination, drop a device with NoDevice, or add devices.
 */
final class ImageMappingPlan {

    /**
     * One mapping of the new image. With a {@code source} volume, the mapping describes that volume and
     * gets the id of its snapshot once taken; without, it goes into the image as it is.
     */
    record Entry(BlockDeviceMapping mapping, Volume source) {}

    private ImageMappingPlan() {
    }

    static List<Entry> of(Instance instance, List<BlockDeviceMapping> overrides, Instances instances, Images images) {
        Map<String, BlockDeviceMapping> byDevice = new LinkedHashMap<>();
        overrides.forEach(o -> byDevice.put(o.deviceName(), o));
        List<Entry> plan = new ArrayList<>();
        for (Instance.Attachment a : instance.blockDevices) {
            Volume volume = instances.volume(a.volumeId());
            BlockDeviceMapping override = byDevice.remove(a.deviceName());
            if (override != null && override.noDevice()) {
                if (a.deviceName().equals(instance.rootDeviceName)) {
                    throw new AwsException("InvalidBlockDeviceMapping",
                            "The root device " + a.deviceName() + " cannot be left out of an image.");
                }
                continue;
            }
            boolean deleteOnTermination = override == null
                    ? a.deleteOnTermination()
                    : keptVolumeSettings(a.deviceName(), volume, override, a.deleteOnTermination());
            plan.add(new Entry(BlockDeviceMapping.ebs(a.deviceName(), new Ebs(null, volume.sizeGiB,
                    volume.volumeType, volume.iops, volume.throughput, volume.encrypted, volume.kmsKeyId,
                    deleteOnTermination)), volume));
        }
        for (BlockDeviceMapping m : instance.instanceStoreMappings) {
            BlockDeviceMapping override = byDevice.remove(m.deviceName());
            if (override == null) {
                plan.add(new Entry(m, null));
            } else if (!override.noDevice()) {
                plan.add(new Entry(override, null));
            }
        }
        for (BlockDeviceMapping added : byDevice.values()) {
            if (added.noDevice()) {
                continue;
            }
            if (added.ebs() == null && added.virtualName() == null) {
                throw new AwsException("InvalidBlockDeviceMapping", "The block device mapping for "
                        + added.deviceName() + " needs Ebs, VirtualName or NoDevice.");
            }
            if (added.ebs() != null && added.ebs().snapshotId() != null) {
                images.requireSnapshot(added.ebs().snapshotId());
            }
            plan.add(new Entry(added, null));
        }
        return plan;
    }

    /** Checks an override of an attached volume changes nothing but delete-on-termination, and returns that. */
    private static boolean keptVolumeSettings(String device, Volume volume, BlockDeviceMapping override,
                                              boolean deleteOnTermination) {
        if (override.virtualName() != null) {
            throw refusedChange(device, volume, "kind (it is an EBS volume)");
        }
        Ebs o = override.ebs();
        if (o == null) {
            return deleteOnTermination;
        }
        if (changes(o.snapshotId(), null)) {
            throw refusedChange(device, volume, "snapshot");
        }
        if (changes(o.volumeSize(), volume.sizeGiB)) {
            throw refusedChange(device, volume, "size (" + volume.sizeGiB + " GiB)");
        }
        if (changes(o.encrypted(), volume.encrypted) || changes(o.kmsKeyId(), volume.kmsKeyId)) {
            throw refusedChange(device, volume, "encryption");
        }
        if (changes(o.volumeType(), volume.volumeType) || changes(o.iops(), volume.iops)
                || changes(o.throughput(), volume.throughput)) {
            throw refusedChange(device, volume, "volume type, IOPS or throughput");
        }
        return o.deleteOnTermination() != null ? o.deleteOnTermination() : deleteOnTermination;
    }

    private static boolean changes(Object requested, Object actual) {
        return requested != null && !Objects.equals(requested, actual);
    }

    private static AwsException refusedChange(String device, Volume volume, String what) {
        return new AwsException("InvalidBlockDeviceMapping", "The " + what + " of " + device + " (" + volume.id
                + ") cannot be changed when creating an image; only DeleteOnTermination can.");
    }
}
