package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.dryRun;
import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * ModifyImageAttribute ({@code launchPermission}, {@code description}), DescribeImageAttribute and
 * ResetImageAttribute ({@code launchPermission}).
 */
final class ImageAttributeActions {

    /** What DescribeImageAttribute accepts; the ones the simulator keeps nothing for answer with the id alone. */
    private static final Set<String> DESCRIBABLE = Set.of("description", "kernel", "ramdisk", "launchPermission",
            "productCodes", "blockDeviceMapping", "sriovNetSupport", "bootMode", "tpmSupport", "uefiData",
            "lastLaunchedTime", "imdsSupport", "deregistrationProtection");
    private static final Set<String> MODIFIABLE = Set.of("description", "imdsSupport", "launchPermission");

    void register(Map<String, Ec2Protocol.Action> actions) {
        actions.put("ModifyImageAttribute", ImageAttributeActions::modifyImageAttribute);
        actions.put("DescribeImageAttribute", ImageAttributeActions::describeImageAttribute);
        actions.put("ResetImageAttribute", (ec2, q, x) -> {
            String imageId = q.required("ImageId");
            String attribute = q.required("Attribute");
            if (!"launchPermission".equals(attribute)) {
                throw q.invalid("Attribute", attribute, "Only launchPermission can be reset.");
            }
            ec2.resetLaunchPermission(imageId, dryRun(q));
            x.el("return", true);
        });
    }

    /**
     * The attribute is named by {@code Attribute}, or implied by the parameters that carry a value: the
     * structured {@code LaunchPermission.Add/Remove.N}, the older {@code OperationType} with {@code UserId.N},
     * {@code UserGroup.N}, {@code OrganizationArn.N} and {@code OrganizationalUnitArn.N}, or
     * {@code Description.Value} (or {@code Value} with {@code Attribute=description}).
     */
    private static void modifyImageAttribute(Ec2World ec2, QueryRequest q, Xml x) {
        String imageId = q.required("ImageId");
        String attribute = q.get("Attribute");
        if (attribute != null && !MODIFIABLE.contains(attribute)) {
            throw q.invalid("Attribute", attribute, "Valid values: description | imdsSupport | launchPermission.");
        }
        if ("description".equals(attribute) || (attribute == null && q.has("Description"))) {
            ec2.modifyDescription(imageId, q.get("Description.Value", q.get("Value")), dryRun(q));
        } else if ("imdsSupport".equals(attribute) || (attribute == null && q.has("ImdsSupport"))) {
            throw new AwsException("UnsupportedOperation", "The simulator does not model the imdsSupport attribute.");
        } else if ("launchPermission".equals(attribute) || q.has("LaunchPermission") || q.has("OperationType")) {
            List<LaunchPermissions.Grant> add = grants(q, "LaunchPermission.Add");
            List<LaunchPermissions.Grant> remove = grants(q, "LaunchPermission.Remove");
            String operation = q.get("OperationType");
            if (operation != null) {
                switch (operation) {
                    case "add" -> add.addAll(flatGrants(q));
                    case "remove" -> remove.addAll(flatGrants(q));
                    default -> throw q.invalid("OperationType", operation, "Valid values: add | remove.");
                }
            }
            ec2.modifyLaunchPermission(imageId, add, remove, dryRun(q));
        } else {
            throw Ec2Requests.missing("Attribute");
        }
        x.el("return", true);
    }

    private static List<LaunchPermissions.Grant> grants(QueryRequest q, String list) {
        List<LaunchPermissions.Grant> out = new ArrayList<>();
        for (QueryRequest g : q.structs(list)) {
            out.add(new LaunchPermissions.Grant(g.get("Group"), g.get("UserId"), g.get("OrganizationArn"),
                    g.get("OrganizationalUnitArn")));
        }
        return out;
    }

    private static List<LaunchPermissions.Grant> flatGrants(QueryRequest q) {
        List<LaunchPermissions.Grant> out = new ArrayList<>();
        q.list("UserGroup").forEach(g -> out.add(new LaunchPermissions.Grant(g, null, null, null)));
        q.list("UserId").forEach(u -> out.add(LaunchPermissions.Grant.account(u)));
        q.list("OrganizationArn").forEach(o -> out.add(new LaunchPermissions.Grant(null, null, o, null)));
        q.list("OrganizationalUnitArn").forEach(u -> out.add(new LaunchPermissions.Grant(null, null, null, u)));
        return out;
    }

    /**
     * Only the owner may read an Image's launch permissions; {@code blockDeviceMapping} is refused for every
     * Image, as AWS documents (DescribeImages has the mappings).
     */
    private static void describeImageAttribute(Ec2World ec2, QueryRequest q, Xml x) {
        String imageId = q.required("ImageId");
        String attribute = q.required("Attribute");
        if (!DESCRIBABLE.contains(attribute)) {
            throw q.invalid("Attribute", attribute, "Unknown attribute.");
        }
        if ("blockDeviceMapping".equals(attribute)) {
            throw new AwsException("AuthFailure", "Unauthorized attempt to access restricted resource");
        }
        Image image = ec2.requireImage(imageId, "launchPermission".equals(attribute));
        stopIfDryRun(dryRun(q));
        x.el("imageId", image.id);
        switch (attribute) {
            case "launchPermission" -> x.list("launchPermission", "item", image.launchPermissions.grants(),
                    (e, g) -> e.el("group", g.group()).el("userId", g.userId())
                            .el("organizationArn", g.organizationArn())
                            .el("organizationalUnitArn", g.organizationalUnitArn()));
            case "description" -> x.struct("description", d -> d.el("value", image.description));
            case "lastLaunchedTime" -> x.struct("lastLaunchedTime", d -> d.el("value", image.lastLaunchedTime));
            default -> {
                // Features the simulator does not model keep no value, so the answer carries the id alone.
            }
        }
    }
}
