package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the parameter groups several EC2 actions share: launch fields (RunInstances and launch template
 * data spell them alike), block device mappings, tags and tag specifications, DryRun.
 */
final class Ec2Requests {

    private Ec2Requests() {
    }

    static boolean dryRun(QueryRequest q) {
        return q.bool("DryRun", false);
    }

    static AwsException missing(String parameter) {
        return new AwsException("MissingParameter", "The request must contain the parameter " + parameter);
    }

    /** Called once a mutating action has validated everything and would go on to change the world. */
    static void stopIfDryRun(boolean dryRun) {
        if (dryRun) {
            throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
    }

    /**
     * The launch fields of a RunInstances call or of launch template data. Security groups are the ids,
     * then the names, then the groups of the network interfaces. {@code ramdiskParam} differs: RunInstances
     * says {@code RamdiskId}, launch templates {@code RamDiskId}.
     */
    static LaunchSpec launchSpec(QueryRequest q, String ramdiskParam) {
        Set<String> groups = new LinkedHashSet<>(q.list("SecurityGroupId"));
        groups.addAll(q.list("SecurityGroup"));
        for (QueryRequest ni : q.structs("NetworkInterface")) {
            groups.addAll(ni.list("SecurityGroupId"));
        }
        QueryRequest profile = q.struct("IamInstanceProfile");
        QueryRequest metadata = q.struct("MetadataOptions");
        return new LaunchSpec(q.get("ImageId"), q.get("InstanceType"), q.get("KeyName"), new ArrayList<>(groups),
                profile == null ? null : profile.get("Arn", profile.get("Name")),
                q.get("UserData"),
                metadata == null ? null : new MetadataOptions(metadata.get("HttpTokens"),
                        metadata.integer("HttpPutResponseHopLimit"), metadata.get("HttpEndpoint"),
                        metadata.get("InstanceMetadataTags")),
                blockDeviceMappings(q), q.bool("EbsOptimized"), q.bool("Monitoring.Enabled"),
                q.get("KernelId"), q.get(ramdiskParam));
    }

    /** {@code BlockDeviceMapping.N}: an EBS volume, an instance-store volume, or a suppressed device. */
    static List<BlockDeviceMapping> blockDeviceMappings(QueryRequest q) {
        List<BlockDeviceMapping> out = new ArrayList<>();
        for (QueryRequest m : q.structs("BlockDeviceMapping")) {
            QueryRequest e = m.struct("Ebs");
            Ebs ebs = e == null ? null : new Ebs(e.get("SnapshotId"), e.integer("VolumeSize"), e.get("VolumeType"),
                    e.integer("Iops"), e.integer("Throughput"), e.bool("Encrypted"), e.get("KmsKeyId"),
                    e.bool("DeleteOnTermination"));
            out.add(new BlockDeviceMapping(m.required("DeviceName"), m.get("VirtualName"), ebs,
                    m.get("NoDevice") != null));
        }
        return out;
    }

    /**
     * {@code TagSpecification.N}: tags per resource type. A type the action cannot tag is refused as AWS
     * refuses it.
     */
    static Map<String, Map<String, String>> tagSpecifications(QueryRequest q, Set<String> taggableTypes) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (QueryRequest spec : q.structs("TagSpecification")) {
            String type = spec.required("ResourceType");
            if (!taggableTypes.contains(type)) {
                throw spec.invalid("ResourceType", type,
                        "'" + type + "' is not a valid taggable resource type for this operation.");
            }
            out.computeIfAbsent(type, t -> new LinkedHashMap<>()).putAll(tags(spec));
        }
        return out;
    }

    /** {@code Tag.N.Key} / {@code Tag.N.Value}; a missing value is the empty string. */
    static Map<String, String> tags(QueryRequest q) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest t : q.structs("Tag")) {
            tags.put(tagKey(t), t.get("Value", ""));
        }
        return tags;
    }

    /** For DeleteTags: a null value deletes the key whatever its value. */
    static Map<String, String> tagsToDelete(QueryRequest q) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest t : q.structs("Tag")) {
            tags.put(tagKey(t), t.get("Value"));
        }
        return tags;
    }

    private static String tagKey(QueryRequest t) {
        String key = t.required("Key");
        if (key.startsWith("aws:")) {
            throw t.invalid("Key", key, "Tag keys starting with 'aws:' are reserved for internal use.");
        }
        return key;
    }

    /** A list of ids, each checked for the shape of its kind. */
    static List<String> ids(QueryRequest q, String name, IdKind kind) {
        List<String> ids = q.list(name);
        ids.forEach(kind::requireWellFormed);
        return ids;
    }
}
