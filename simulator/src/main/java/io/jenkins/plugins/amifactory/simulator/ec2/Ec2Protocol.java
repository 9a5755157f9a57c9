package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.AwsException;
import io.jenkins.plugins.amifactory.simulator.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.QueryService;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.Xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2's Query protocol (API version 2016-11-15): lists numbered directly ({@code InstanceId.1}), answers
 * as {@code <ActionResponse>} with {@code requestId} and {@code item} lists, errors as
 * {@code <Response><Errors><Error>}.
 */
public final class Ec2Protocol implements QueryService {

    static final String XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final World world;

    public Ec2Protocol(World world) {
        this.world = world;
    }

    @Override
    public String name() {
        return "ec2";
    }

    @Override
    public String apiVersion() {
        return "2016-11-15";
    }

    @Override
    public QueryRequest.Dialect dialect() {
        return QueryRequest.Dialect.EC2;
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId) {
        Ec2World ec2 = world.ec2(region);
        String action = q.required("Action");
        Xml x = new Xml().start(action + "Response", XMLNS).el("requestId", requestId);
        switch (action) {
            case "RunInstances" -> runInstances(ec2, q, x);
            case "DescribeInstances" -> describeInstances(ec2, q, x);
            default -> throw new AwsException("InvalidAction",
                    "The action " + action + " is not valid for this web service.");
        }
        return x.end().toString();
    }

    private void runInstances(Ec2World ec2, QueryRequest q, Xml x) {
        int min = q.integer("MinCount", 1);
        int max = q.integer("MaxCount", min);
        if (min < 1 || max < min) {
            throw q.invalid("MinCount", String.valueOf(min), "MinCount must be at least 1 and at most MaxCount.");
        }
        LaunchSpec spec = new LaunchSpec(q.required("ImageId"), q.get("InstanceType", "m1.small"), q.get("KeyName"),
                q.list("SecurityGroupId"), q.get("IamInstanceProfile.Arn", q.get("IamInstanceProfile.Name")),
                q.get("UserData"), null, List.of(), q.bool("EbsOptimized"), q.bool("Monitoring.Enabled"),
                q.get("KernelId"), q.get("RamdiskId"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest ts : q.structs("TagSpecification")) {
            if ("instance".equals(ts.get("ResourceType"))) {
                for (QueryRequest t : ts.structs("Tag")) {
                    tags.put(t.required("Key"), t.get("Value", ""));
                }
            }
        }
        List<Instance> launched = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            launched.add(ec2.launchInstance(spec, q.get("Placement.AvailabilityZone"), tags));
        }
        x.el("reservationId", world.ids().next("r")).el("ownerId", world.accountId());
        x.list("instancesSet", "item", launched, Ec2Protocol::instance);
    }

    private void describeInstances(Ec2World ec2, QueryRequest q, Xml x) {
        List<String> ids = q.list("InstanceId");
        for (String id : ids) {
            if (!id.matches("i-[0-9a-f]{8}([0-9a-f]{9})?")) {
                throw new AwsException("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
            if (ec2.instance(id) == null) {
                throw new AwsException("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
            }
        }
        List<Instance> found = ec2.instances().stream()
                .filter(i -> ids.isEmpty() || ids.contains(i.id)).toList();
        x.start("reservationSet");
        for (Instance i : found) {
            x.start("item").el("reservationId", "r-" + i.id.substring(2)).el("ownerId", world.accountId());
            x.list("instancesSet", "item", List.of(i), Ec2Protocol::instance);
            x.end();
        }
        x.end();
    }

    static void instance(Xml x, Instance i) {
        x.el("instanceId", i.id).el("imageId", i.imageId())
                .struct("instanceState", s -> s.el("code", i.stateCode()).el("name", i.state))
                .el("privateIpAddress", i.privateIpAddress)
                .el("keyName", i.spec.keyName())
                .el("instanceType", i.spec.instanceType())
                .el("launchTime", i.launchTime)
                .struct("placement", p -> p.el("availabilityZone", i.availabilityZone).el("tenancy", "default"))
                .el("rootDeviceType", "ebs")
                .el("rootDeviceName", i.rootDeviceName)
                .list("blockDeviceMapping", "item", i.blockDevices, (b, a) -> b.el("deviceName", a.deviceName())
                        .struct("ebs", e -> e.el("volumeId", a.volumeId()).el("status", "attached")
                                .el("attachTime", a.attachTime()).el("deleteOnTermination", a.deleteOnTermination())))
                .list("tagSet", "item", i.tags.entrySet(), (t, e) -> t.el("key", e.getKey()).el("value", e.getValue()));
    }

    @Override
    public String errorBody(AwsException e, String requestId) {
        return new Xml().start("Response").start("Errors").start("Error")
                .el("Code", e.code()).el("Message", e.getMessage())
                .end().end().el("RequestID", requestId).end().toString();
    }

    @Override
    public AwsException throttled() {
        return new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503);
    }

    @Override
    public AwsException internalError() {
        return new AwsException("InternalError", "An internal error has occurred", 500);
    }

    @Override
    public AwsException unavailable() {
        return new AwsException("Unavailable", "The server is overloaded and can't handle the request.", 503);
    }
}
