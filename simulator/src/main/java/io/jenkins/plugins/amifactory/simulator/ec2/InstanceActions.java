package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.dryRun;
import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/** RunInstances, DescribeInstances, DescribeInstanceAttribute, Terminate/Stop/StartInstances, DescribeVolumes. */
final class InstanceActions {

    /** AWS launches {@code m1.small} when RunInstances names no type. */
    private static final String DEFAULT_INSTANCE_TYPE = "m1.small";
    /** The account's instance limit: RunInstances launches at most this many, as many as it can above MinCount. */
    private static final int INSTANCE_LIMIT = 100;
    private static final Set<String> RUN_TAGGABLE = Set.of("instance", "volume", "network-interface",
            "spot-instances-request");

    private static final FilterSet<Instance> INSTANCE_FILTERS = new FilterSet<Instance>(i -> i.tags)
            .on("instance-id", i -> i.id)
            .on("image-id", Instance::imageId)
            .on("instance-state-name", i -> i.state)
            .on("instance-state-code", Instance::stateCode)
            .on("instance-type", i -> i.spec.instanceType())
            .on("availability-zone", i -> i.availabilityZone)
            .on("key-name", i -> i.spec.keyName())
            .on("reservation-id", i -> i.reservationId)
            .on("private-ip-address", i -> i.privateIpAddress);

    private static final FilterSet<Volume> VOLUME_FILTERS = new FilterSet<Volume>(v -> v.tags)
            .on("volume-id", v -> v.id)
            .on("status", v -> v.state)
            .on("size", v -> v.sizeGiB)
            .on("volume-type", v -> v.volumeType)
            .on("snapshot-id", v -> v.snapshotId)
            .on("availability-zone", v -> v.availabilityZone)
            .on("encrypted", v -> v.encrypted)
            .on("attachment.instance-id", v -> v.attachedInstanceId)
            .on("attachment.device", v -> v.deviceName)
            .on("attachment.delete-on-termination",
                    v -> v.attachedInstanceId == null ? null : v.deleteOnTermination);

    private final Account account;

    InstanceActions(Account account) {
        this.account = account;
    }

    void register(Map<String, Ec2Protocol.Action> actions) {
        actions.put("RunInstances", this::runInstances);
        actions.put("DescribeInstances", this::describeInstances);
        actions.put("DescribeInstanceAttribute", InstanceActions::describeInstanceAttribute);
        actions.put("TerminateInstances", (ec2, q, x) ->
                stateChanges(x, ec2.terminateInstances(instanceIds(q), dryRun(q))));
        actions.put("StopInstances", (ec2, q, x) -> stateChanges(x, ec2.stopInstances(instanceIds(q), dryRun(q))));
        actions.put("StartInstances", (ec2, q, x) -> stateChanges(x, ec2.startInstances(instanceIds(q), dryRun(q))));
        actions.put("DescribeVolumes", InstanceActions::describeVolumes);
    }

    private void runInstances(Ec2World ec2, QueryRequest q, Xml x) {
        int min = requiredCount(q, "MinCount");
        int max = requiredCount(q, "MaxCount");
        if (max < min) {
            throw new AwsException("InvalidParameterValue",
                    "MinCount (" + min + ") must not exceed MaxCount (" + max + ").");
        }
        if (min > INSTANCE_LIMIT) {
            throw new AwsException("InstanceLimitExceeded", "You have requested more instances (" + min
                    + ") than your current instance limit of " + INSTANCE_LIMIT + " allows.");
        }
        LaunchSpec spec = Ec2Requests.launchSpec(q, "RamdiskId").orInstanceType(DEFAULT_INSTANCE_TYPE);
        Map<String, Map<String, String>> tags = Ec2Requests.tagSpecifications(q, RUN_TAGGABLE);
        List<Instance> launched = ec2.runInstances(spec, q.get("Placement.AvailabilityZone"),
                Math.min(max, INSTANCE_LIMIT),
                tags.getOrDefault("instance", Map.of()), tags.getOrDefault("volume", Map.of()), dryRun(q));
        x.el("reservationId", launched.get(0).reservationId).el("ownerId", account.id());
        x.list("instancesSet", "item", launched, this::instance);
    }

    private static int requiredCount(QueryRequest q, String name) {
        q.required(name);
        int n = q.integer(name);
        if (n < 1) {
            throw q.invalid(name, String.valueOf(n), "It must be at least 1.");
        }
        return n;
    }

    private void describeInstances(Ec2World ec2, QueryRequest q, Xml x) {
        List<String> ids = Ec2Requests.ids(q, "InstanceId", IdKind.INSTANCE);
        ids.forEach(ec2::requireInstance);
        Predicate<Instance> filter = INSTANCE_FILTERS.of(q);
        stopIfDryRun(dryRun(q));
        Page<Instance> page = Page.of(q, ec2.instances().stream()
                .filter(i -> ids.isEmpty() || ids.contains(i.id)).filter(filter).toList());
        Map<String, List<Instance>> reservations = new LinkedHashMap<>();
        page.items().forEach(i -> reservations.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i));
        x.list("reservationSet", "item", reservations.entrySet(), (r, e) -> {
            r.el("reservationId", e.getKey()).el("ownerId", account.id()).start("groupSet").end();
            r.list("instancesSet", "item", e.getValue(), this::instance);
        });
        x.el("nextToken", page.nextToken());
    }

    /** Only the attributes the product reads: user data (base64, exactly as launched) and instance type. */
    private static void describeInstanceAttribute(Ec2World ec2, QueryRequest q, Xml x) {
        Instance instance = ec2.requireInstance(q.required("InstanceId"));
        String attribute = q.required("Attribute");
        String value = switch (attribute) {
            case "userData" -> instance.spec.userData();
            case "instanceType" -> instance.spec.instanceType();
            default -> throw q.invalid("Attribute", attribute, "The simulator answers userData and instanceType.");
        };
        stopIfDryRun(dryRun(q));
        x.el("instanceId", instance.id).struct(attribute, a -> a.el("value", value));
    }

    private static List<String> instanceIds(QueryRequest q) {
        return Ec2Requests.ids(q, "InstanceId", IdKind.INSTANCE);
    }

    private static void stateChanges(Xml x, List<Ec2World.StateChange> changes) {
        x.list("instancesSet", "item", changes, (c, change) -> {
            c.el("instanceId", change.instanceId());
            Ec2Xml.instanceState(c, "currentState", change.currentState());
            Ec2Xml.instanceState(c, "previousState", change.previousState());
        });
    }

    private void instance(Xml x, Instance i) {
        LaunchSpec spec = i.spec;
        x.el("instanceId", i.id).el("imageId", i.imageId());
        Ec2Xml.instanceState(x, "instanceState", i.state);
        x.el("privateDnsName", "ip-" + i.privateIpAddress.replace('.', '-') + ".ec2.internal")
                .el("privateIpAddress", i.privateIpAddress)
                .el("keyName", spec.keyName())
                .el("amiLaunchIndex", 0)
                .el("instanceType", spec.instanceType())
                .el("launchTime", i.launchTime)
                .struct("placement", p -> p.el("availabilityZone", i.availabilityZone).el("tenancy", "default"))
                .el("kernelId", spec.kernelId())
                .el("ramdiskId", spec.ramdiskId())
                .struct("monitoring", m -> m.el("state",
                        Boolean.TRUE.equals(spec.monitoring()) ? "enabled" : "disabled"))
                .list("groupSet", "item", spec.securityGroups(), (g, group) ->
                        g.el(group.startsWith("sg-") ? "groupId" : "groupName", group));
        Ec2Xml.stateReason(x, i.stateReason);
        x.el("architecture", i.architecture)
                .el("rootDeviceType", "ebs")
                .el("rootDeviceName", i.rootDeviceName)
                .list("blockDeviceMapping", "item", i.blockDevices, (b, a) -> b.el("deviceName", a.deviceName())
                        .struct("ebs", e -> e.el("volumeId", a.volumeId()).el("status", "attached")
                                .el("attachTime", a.attachTime()).el("deleteOnTermination", a.deleteOnTermination())))
                .el("virtualizationType", "hvm")
                .el("hypervisor", "xen")
                .el("ebsOptimized", Boolean.TRUE.equals(spec.ebsOptimized()));
        if (spec.iamInstanceProfile() != null) {
            x.struct("iamInstanceProfile", p -> p.el("arn", instanceProfileArn(spec.iamInstanceProfile())));
        }
        Ec2Xml.tags(x, i.tags);
        MetadataOptions md = spec.metadataOptions();
        if (md != null) {
            x.struct("metadataOptions", m -> m.el("state", "applied").el("httpTokens", md.httpTokens())
                    .el("httpPutResponseHopLimit", md.httpPutResponseHopLimit()).el("httpEndpoint", md.httpEndpoint())
                    .el("instanceMetadataTags", md.instanceMetadataTags()));
        }
    }

    private String instanceProfileArn(String arnOrName) {
        return arnOrName.startsWith("arn:") ? arnOrName
                : "arn:aws:iam::" + account.id() + ":instance-profile/" + arnOrName;
    }

    private static void describeVolumes(Ec2World ec2, QueryRequest q, Xml x) {
        List<String> ids = Ec2Requests.ids(q, "VolumeId", IdKind.VOLUME);
        ids.forEach(ec2::requireVolume);
        Predicate<Volume> filter = VOLUME_FILTERS.of(q);
        stopIfDryRun(dryRun(q));
        Page<Volume> page = Page.of(q, ec2.volumes().stream()
                .filter(v -> ids.isEmpty() || ids.contains(v.id)).filter(filter).toList());
        x.list("volumeSet", "item", page.items(), InstanceActions::volume);
        x.el("nextToken", page.nextToken());
    }

    private static void volume(Xml x, Volume v) {
        x.el("volumeId", v.id).el("size", v.sizeGiB).el("snapshotId", v.snapshotId)
                .el("availabilityZone", v.availabilityZone).el("status", v.state).el("createTime", v.createTime)
                .start("attachmentSet");
        if (v.attachedInstanceId != null) {
            x.struct("item", a -> a.el("volumeId", v.id).el("instanceId", v.attachedInstanceId)
                    .el("device", v.deviceName).el("status", "attached").el("attachTime", v.attachTime)
                    .el("deleteOnTermination", v.deleteOnTermination));
        }
        x.end().el("volumeType", v.volumeType).el("iops", v.iops).el("throughput", v.throughput)
                .el("encrypted", v.encrypted).el("kmsKeyId", v.kmsKeyId).el("multiAttachEnabled", false);
        Ec2Xml.tags(x, v.tags);
    }
}
