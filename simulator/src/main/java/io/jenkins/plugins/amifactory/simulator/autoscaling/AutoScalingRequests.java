package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.ec2.BlockDeviceMapping;
import io.jenkins.plugins.amifactory.simulator.ec2.Ebs;
import io.jenkins.plugins.amifactory.simulator.ec2.MetadataOptions;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the structures several Auto Scaling actions share out of a Query request (launch template
 * specifications, mixed instances policies, tags, block device mappings, refresh preferences) and checks
 * them as AWS does: a value out of range is a ValidationError, never a server error.
 */
final class AutoScalingRequests {

    /** The most CloudWatch alarms one instance refresh may watch. */
    static final int MAX_ALARMS = 10;

    private AutoScalingRequests() {
    }

    /** An integer member that must lie in [min, max], or null when absent. */
    static Integer intInRange(QueryRequest q, String name, int min, int max) {
        Integer v = q.integer(name);
        if (v != null && (v < min || v > max)) {
            throw new AwsException("ValidationError", "1 validation error detected: Value '" + v + "' at '"
                    + lowerFirst(q.path(name))
                    + "' failed to satisfy constraint: Member must have value "
                    + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return v;
    }

    /** A string member that must be one of {@code allowed}, or null when absent. */
    static String oneOf(QueryRequest q, String name, Set<String> allowed) {
        String v = q.get(name);
        if (v != null && !allowed.contains(v)) {
            throw new AwsException("ValidationError", "1 validation error detected: Value '" + v + "' at '"
                    + lowerFirst(q.path(name)) + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + allowed);
        }
        return v;
    }

    /** A string member with AWS's length limits, or null when absent. */
    static String string(QueryRequest q, String name, int maxLength) {
        String v = q.get(name);
        if (v != null && (v.isEmpty() || v.length() > maxLength)) {
            throw new AwsException("ValidationError", "1 validation error detected: Value at '"
                    + lowerFirst(q.path(name)) + "' failed to satisfy constraint: Member must have length "
                    + (v.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + maxLength));
        }
        return v;
    }

    static String requiredString(QueryRequest q, String name, int maxLength) {
        q.required(name);
        return string(q, name, maxLength);
    }

    /** A LaunchTemplateSpecification-shaped structure: an id or a name, and an optional version. */
    static LaunchTemplateRef launchTemplate(QueryRequest lt) {
        String id = lt.get("LaunchTemplateId");
        String name = lt.get("LaunchTemplateName");
        if ((id == null) == (name == null)) {
            throw new AwsException("ValidationError", "Valid requests must contain either launchTemplateId or "
                    + "launchTemplateName in " + lt.path("").replaceAll("\\.$", "") + ".");
        }
        return new LaunchTemplateRef(id, name, lt.get("Version"));
    }

    static MixedInstancesPolicy mixedInstancesPolicy(QueryRequest mip) {
        QueryRequest spec = mip.struct("LaunchTemplate.LaunchTemplateSpecification");
        if (spec == null) {
            throw new AwsException("ValidationError", "1 validation error detected: Value null at '"
                    + lowerFirst(mip.path("LaunchTemplate.LaunchTemplateSpecification"))
                    + "' failed to satisfy constraint: Member must not be null");
        }
        List<MixedInstancesPolicy.Override> overrides = new ArrayList<>();
        for (QueryRequest o : mip.structs("LaunchTemplate.Overrides")) {
            QueryRequest overrideTemplate = o.struct("LaunchTemplateSpecification");
            overrides.add(new MixedInstancesPolicy.Override(string(o, "InstanceType", 255),
                    string(o, "WeightedCapacity", 32),
                    overrideTemplate == null ? null : launchTemplate(overrideTemplate), o.get("ImageId")));
        }
        MixedInstancesPolicy.InstancesDistribution distribution = null;
        QueryRequest d = mip.struct("InstancesDistribution");
        if (d != null) {
            distribution = new MixedInstancesPolicy.InstancesDistribution(d.get("OnDemandAllocationStrategy"),
                    intInRange(d, "OnDemandBaseCapacity", 0, Integer.MAX_VALUE),
                    intInRange(d, "OnDemandPercentageAboveBaseCapacity", 0, 100), d.get("SpotAllocationStrategy"),
                    intInRange(d, "SpotInstancePools", 1, 20), d.get("SpotMaxPrice")).withDefaults();
        }
        return new MixedInstancesPolicy(launchTemplate(spec), overrides, distribution);
    }

    /**
     * The group's launch source from CreateAutoScalingGroup / UpdateAutoScalingGroup: null when none was
     * given; more than one is refused, as AWS does.
     */
    static LaunchSource groupLaunchSource(QueryRequest q) {
        String lc = string(q, "LaunchConfigurationName", 255);
        QueryRequest lt = q.struct("LaunchTemplate");
        QueryRequest mip = q.struct("MixedInstancesPolicy");
        int given = (lc != null ? 1 : 0) + (lt != null ? 1 : 0) + (mip != null ? 1 : 0) + (q.has("InstanceId") ? 1 : 0);
        if (given > 1) {
            throw new AwsException("ValidationError", "Valid requests must contain either LaunchTemplate, "
                    + "LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
        }
        if (q.has("InstanceId")) {
            throw new AwsException("ValidationError", "Creating an Auto Scaling group from an instance (InstanceId) "
                    + "is not simulated; use a launch configuration or a launch template.");
        }
        return lc != null ? LaunchSource.of(lc)
                : lt != null ? LaunchSource.of(launchTemplate(lt))
                : mip != null ? LaunchSource.of(mixedInstancesPolicy(mip)) : null;
    }

    /** StartInstanceRefresh's DesiredConfiguration: a launch template or a mixed instances policy, or null. */
    static LaunchSource desiredConfiguration(QueryRequest q) {
        QueryRequest dc = q.struct("DesiredConfiguration");
        if (dc == null) {
            return null;
        }
        QueryRequest lt = dc.struct("LaunchTemplate");
        QueryRequest mip = dc.struct("MixedInstancesPolicy");
        if ((lt == null) == (mip == null)) {
            throw new AwsException("ValidationError", "A desired configuration must specify either a LaunchTemplate "
                    + "or a MixedInstancesPolicy.");
        }
        return lt != null ? LaunchSource.of(launchTemplate(lt)) : LaunchSource.of(mixedInstancesPolicy(mip));
    }

    static RefreshPreferences preferences(QueryRequest q) {
        QueryRequest p = q.struct("Preferences");
        if (p == null) {
            return new RefreshPreferences(null, null, null, null, null, null, null, null, null, null, null);
        }
        Integer min = intInRange(p, "MinHealthyPercentage", 0, 100);
        Integer max = intInRange(p, "MaxHealthyPercentage", 100, 200);
        if (max != null && min == null) {
            throw new AwsException("ValidationError",
                    "If you specify MaxHealthyPercentage, you must also specify MinHealthyPercentage.");
        }
        if (max != null && max - min > 100) {
            throw new AwsException("ValidationError", "The difference between MaxHealthyPercentage and "
                    + "MinHealthyPercentage cannot be greater than 100.");
        }
        List<Integer> checkpoints = new ArrayList<>();
        for (String v : p.list("CheckpointPercentages")) {
            int c;
            try {
                c = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw p.invalid("CheckpointPercentages", v, "Expected an integer.");
            }
            if (c < 1 || c > 100 || (!checkpoints.isEmpty() && c <= checkpoints.get(checkpoints.size() - 1))) {
                throw new AwsException("ValidationError", "CheckpointPercentages must be unique values between 1 "
                        + "and 100 in ascending order; " + c + " is not.");
            }
            checkpoints.add(c);
        }
        Integer delay = intInRange(p, "CheckpointDelay", 0, 172800);
        if (delay != null && checkpoints.isEmpty()) {
            throw new AwsException("ValidationError",
                    "If you specify CheckpointDelay, you must also specify CheckpointPercentages.");
        }
        return new RefreshPreferences(min, max, intInRange(p, "InstanceWarmup", 0, Integer.MAX_VALUE), checkpoints,
                delay, p.bool("SkipMatching"), p.bool("AutoRollback"),
                oneOf(p, "ScaleInProtectedInstances", Set.of("Refresh", "Ignore", "Wait")),
                oneOf(p, "StandbyInstances", Set.of("Terminate", "Ignore", "Wait")),
                intInRange(p, "BakeTime", 0, 172800), alarms(p));
    }

    /**
     * {@code AlarmSpecification.Alarms.member.N}: the names of at most {@value #MAX_ALARMS} CloudWatch alarms, each
     * of 1 to 255 characters.
     */
    private static List<String> alarms(QueryRequest preferences) {
        QueryRequest spec = preferences.struct("AlarmSpecification");
        if (spec == null) {
            return List.of();
        }
        List<String> names = spec.list("Alarms");
        if (names.size() > MAX_ALARMS) {
            // AWS documents the limit; these words are the simulator's, not AWS's verbatim.
            throw new AwsException("ValidationError", "You can specify up to " + MAX_ALARMS
                    + " alarms in the alarm specification of an instance refresh; " + names.size() + " were given.");
        }
        for (int i = 1; i <= names.size(); i++) {
            string(spec, "Alarms.member." + i, Alarms.MAX_NAME_LENGTH);
        }
        return names;
    }

    static List<GroupTag> tags(QueryRequest q) {
        List<GroupTag> out = new ArrayList<>();
        for (QueryRequest t : q.structs("Tags")) {
            String key = tagKey(t);
            String value = tagValue(t);
            out.add(new GroupTag(key, value == null ? "" : value, t.bool("PropagateAtLaunch", false)));
        }
        return out;
    }

    /** A tag's {@code Key}: required, at most 128 characters. */
    static String tagKey(QueryRequest t) {
        return requiredString(t, "Key", 128);
    }

    /** A tag's {@code Value}, which may be empty, at most 256 characters; null when not given. */
    static String tagValue(QueryRequest t) {
        String value = t.get("Value");
        if (value != null && value.length() > 256) {
            throw t.invalid("Value", value.substring(0, 20) + "…", "Tag values are at most 256 characters.");
        }
        return value;
    }

    static List<BlockDeviceMapping> blockDeviceMappings(QueryRequest q) {
        List<BlockDeviceMapping> out = new ArrayList<>();
        for (QueryRequest m : q.structs("BlockDeviceMappings")) {
            String device = requiredString(m, "DeviceName", 255);
            QueryRequest e = m.struct("Ebs");
            Ebs ebs = e == null ? null : new Ebs(string(e, "SnapshotId", 255), intInRange(e, "VolumeSize", 1, 16384),
                    string(e, "VolumeType", 255), intInRange(e, "Iops", 100, 20000),
                    intInRange(e, "Throughput", 125, 1000),
                    e.bool("Encrypted"), null, e.bool("DeleteOnTermination"));
            out.add(new BlockDeviceMapping(device, string(m, "VirtualName", 255), ebs, m.bool("NoDevice", false)));
        }
        return out;
    }

    static MetadataOptions metadataOptions(QueryRequest q) {
        QueryRequest m = q.struct("MetadataOptions");
        if (m == null) {
            return null;
        }
        return new MetadataOptions(oneOf(m, "HttpTokens", Set.of("optional", "required")),
                intInRange(m, "HttpPutResponseHopLimit", 1, 64),
                oneOf(m, "HttpEndpoint", Set.of("disabled", "enabled")),
                null);
    }

    /** {@code AutoScalingGroupName}, which most actions require. */
    static String groupName(QueryRequest q) {
        return requiredString(q, "AutoScalingGroupName", 255);
    }

    /** A list of structures that must have at least one member. */
    static List<QueryRequest> requiredStructs(QueryRequest q, String name) {
        List<QueryRequest> out = q.structs(name);
        if (out.isEmpty()) {
            throw missing(lowerFirst(q.path(name)));
        }
        return out;
    }

    /** {@code InstanceIds.member.N}, at least one. */
    static List<String> instanceIds(QueryRequest q) {
        List<String> ids = q.list("InstanceIds");
        if (ids.isEmpty()) {
            throw missing("instanceIds");
        }
        return ids;
    }

    static boolean requiredBool(QueryRequest q, String name) {
        Boolean v = q.bool(name);
        if (v == null) {
            throw missing(Character.toLowerCase(name.charAt(0)) + name.substring(1));
        }
        return v;
    }

    private static AwsException missing(String member) {
        return new AwsException("ValidationError", "1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    /** A parameter path as AWS's validation messages spell it: {@code tags.member.1.key}. */
    private static String lowerFirst(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (String segment : path.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(segment.isEmpty() ? segment : Character.toLowerCase(segment.charAt(0)) + segment.substring(1));
        }
        return sb.toString();
    }
}
