package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.QueryService;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.intInRange;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.oneOf;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.requiredString;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.string;

/**
 * Auto Scaling's Query protocol (API version 2011-01-01): lists as {@code Name.member.N}, answers as
 * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>} (actions without output have
 * no Result element), errors as {@code <ErrorResponse><Error><Type>}. Reads each call's parameters, hands
 * them to {@link AutoScalingWorld}, and renders the answer through {@link AutoScalingXml}.
 */
public final class AutoScalingProtocol implements QueryService {

    static final String XMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final int USER_DATA_MAX = 21847;
    private static final Consumer<Xml> EMPTY_RESULT = x -> { };

    private final Function<String, AutoScalingWorld> regions;

    /** Serves the Auto Scaling whose state in a region {@code regions} gives. */
    public AutoScalingProtocol(Function<String, AutoScalingWorld> regions) {
        this.regions = regions;
    }

    @Override
    public String name() {
        return "autoscaling";
    }

    @Override
    public String apiVersion() {
        return "2011-01-01";
    }

    @Override
    public QueryRequest.Dialect dialect() {
        return QueryRequest.Dialect.AUTO_SCALING;
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId) {
        AutoScalingWorld asg = regions.apply(region);
        String action = q.required("Action");
        // Each handler does its work now and returns how to write the Result element (null: no Result).
        Consumer<Xml> result = switch (action) {
            case "CreateLaunchConfiguration" -> createLaunchConfiguration(asg, q);
            case "DescribeLaunchConfigurations" -> describeLaunchConfigurations(asg, q);
            case "DeleteLaunchConfiguration" -> {
                asg.deleteLaunchConfiguration(requiredString(q, "LaunchConfigurationName", 255));
                yield null;
            }
            case "CreateAutoScalingGroup" -> createAutoScalingGroup(asg, q);
            case "UpdateAutoScalingGroup" -> updateAutoScalingGroup(asg, q);
            case "DescribeAutoScalingGroups" -> describeAutoScalingGroups(asg, q);
            case "DescribeAutoScalingInstances" -> describeAutoScalingInstances(asg, q);
            case "StartInstanceRefresh" -> startInstanceRefresh(asg, q);
            case "DescribeInstanceRefreshes" -> describeInstanceRefreshes(asg, q);
            case "CancelInstanceRefresh" -> refreshId(asg.cancelInstanceRefresh(groupName(q)));
            case "RollbackInstanceRefresh" -> refreshId(asg.rollbackInstanceRefresh(groupName(q)));
            case "EnterStandby" -> activities(asg.enterStandby(groupName(q), instanceIds(q),
                    requiredBool(q, "ShouldDecrementDesiredCapacity")));
            case "ExitStandby" -> activities(asg.exitStandby(groupName(q), instanceIds(q)));
            case "SetInstanceProtection" -> {
                asg.setInstanceProtection(groupName(q), instanceIds(q), requiredBool(q, "ProtectedFromScaleIn"));
                yield EMPTY_RESULT;
            }
            case "DescribeScalingActivities" -> describeScalingActivities(asg, q);
            default -> throw new AwsException("InvalidAction",
                    "Could not find operation " + action + " for version 2011-01-01");
        };
        Xml x = new Xml().start(action + "Response", XMLNS);
        if (result != null) {
            x.struct(action + "Result", result);
        }
        return x.struct("ResponseMetadata", m -> m.el("RequestId", requestId)).end().toString();
    }

    // ---- launch configurations ----------------------------------------------------------------------

    private static Consumer<Xml> createLaunchConfiguration(AutoScalingWorld asg, QueryRequest q) {
        String name = requiredString(q, "LaunchConfigurationName", 255);
        String userData = q.get("UserData");
        if (userData != null && userData.length() > USER_DATA_MAX) {
            throw new AwsException("ValidationError", "1 validation error detected: Value at 'userData' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + USER_DATA_MAX);
        }
        LaunchConfiguration requested = new LaunchConfiguration(name, null, null, string(q, "ImageId", 255),
                string(q, "InstanceType", 255), string(q, "KeyName", 255), q.list("SecurityGroups"), userData,
                string(q, "KernelId", 255), string(q, "RamdiskId", 255), AutoScalingRequests.blockDeviceMappings(q),
                q.bool("InstanceMonitoring.Enabled"), string(q, "SpotPrice", 255),
                string(q, "IamInstanceProfile", 1600),
                q.bool("EbsOptimized"), q.bool("AssociatePublicIpAddress"),
                oneOf(q, "PlacementTenancy", Set.of("default", "dedicated")), AutoScalingRequests.metadataOptions(q));
        asg.createLaunchConfiguration(requested, string(q, "InstanceId", 19));
        return null;
    }

    private static Consumer<Xml> describeLaunchConfigurations(AutoScalingWorld asg, QueryRequest q) {
        List<String> names = q.list("LaunchConfigurationNames");
        List<LaunchConfiguration> all = asg.launchConfigurations().stream()
                .filter(lc -> names.isEmpty() || names.contains(lc.name())).toList();
        Paging.Page<LaunchConfiguration> page = Paging.page(all, q, 50, 100);
        return x -> x.list("LaunchConfigurations", "member", page.items(), AutoScalingXml::launchConfiguration)
                .el("NextToken", page.nextToken());
    }

    // ---- groups -------------------------------------------------------------------------------------

    private static Consumer<Xml> createAutoScalingGroup(AutoScalingWorld asg, QueryRequest q) {
        String name = requiredString(q, "AutoScalingGroupName", 255);
        q.required("MinSize");
        q.required("MaxSize");
        asg.createAutoScalingGroup(name, settings(q, AutoScalingRequests.tags(q), 0));
        return null;
    }

    private static Consumer<Xml> updateAutoScalingGroup(AutoScalingWorld asg, QueryRequest q) {
        asg.updateAutoScalingGroup(groupName(q), settings(q, null, -1));
        return null;
    }

    /** The settings Create and UpdateAutoScalingGroup share; Update may reset DefaultInstanceWarmup with -1. */
    private static AutoScalingWorld.GroupSettings settings(QueryRequest q, List<GroupTag> tags, int minWarmup) {
        return new AutoScalingWorld.GroupSettings(AutoScalingRequests.groupLaunchSource(q),
                intInRange(q, "MinSize", 0, Integer.MAX_VALUE), intInRange(q, "MaxSize", 0, Integer.MAX_VALUE),
                intInRange(q, "DesiredCapacity", 0, Integer.MAX_VALUE),
                q.has("AvailabilityZones") ? q.list("AvailabilityZones") : null, string(q, "VPCZoneIdentifier", 5000),
                oneOf(q, "HealthCheckType", Set.of("EC2", "ELB", "VPC_LATTICE", "EBS")),
                intInRange(q, "HealthCheckGracePeriod", 0, Integer.MAX_VALUE),
                intInRange(q, "DefaultInstanceWarmup", minWarmup, Integer.MAX_VALUE),
                intInRange(q, "DefaultCooldown", 0, Integer.MAX_VALUE), q.bool("NewInstancesProtectedFromScaleIn"),
                q.bool("CapacityRebalance"), tags);
    }

    private static Consumer<Xml> describeAutoScalingGroups(AutoScalingWorld asg, QueryRequest q) {
        List<String> names = q.list("AutoScalingGroupNames");
        List<QueryRequest> filters = q.structs("Filters");
        List<AutoScalingGroup> all = asg.groups().stream()
                .filter(g -> names.isEmpty() || names.contains(g.name))
                .filter(g -> filters.stream().allMatch(f -> matches(g, f))).toList();
        boolean includeInstances = q.bool("IncludeInstances", true);
        Paging.Page<AutoScalingGroup> page = Paging.page(all, q, 50, 100);
        return x -> x.list("AutoScalingGroups", "member", page.items(), (m, g) -> AutoScalingXml.group(m, g,
                includeInstances)).el("NextToken", page.nextToken());
    }

    /** The tag filters DescribeAutoScalingGroups takes: {@code tag:<key>}, {@code tag-key}, {@code tag-value}. */
    private static boolean matches(AutoScalingGroup g, QueryRequest filter) {
        String name = filter.required("Name");
        List<String> values = filter.list("Values");
        if (name.startsWith("tag:")) {
            GroupTag t = g.tags.get(name.substring(4));
            return t != null && values.contains(t.value());
        }
        return switch (name) {
            case "tag-key" -> g.tags.keySet().stream().anyMatch(values::contains);
            case "tag-value" -> g.tags.values().stream().anyMatch(t -> values.contains(t.value()));
            default -> throw new AwsException("ValidationError", "Filter name '" + name + "' is not supported; use "
                    + "tag:<key>, tag-key or tag-value.");
        };
    }

    private static Consumer<Xml> describeAutoScalingInstances(AutoScalingWorld asg, QueryRequest q) {
        List<String> ids = q.list("InstanceIds");
        record Member(AutoScalingGroup group, GroupInstance instance) {}
        List<Member> all = new ArrayList<>();
        for (AutoScalingGroup g : asg.groups()) {
            for (GroupInstance gi : g.instances.values()) {
                if (ids.isEmpty() || ids.contains(gi.instanceId)) {
                    all.add(new Member(g, gi));
                }
            }
        }
        Paging.Page<Member> page = Paging.page(all, q, 50, 50);
        return x -> x.list("AutoScalingInstances", "member", page.items(),
                (m, e) -> AutoScalingXml.autoScalingInstance(m, e.group(), e.instance()))
                .el("NextToken", page.nextToken());
    }

    // ---- instance refreshes -------------------------------------------------------------------------

    private static Consumer<Xml> startInstanceRefresh(AutoScalingWorld asg, QueryRequest q) {
        String group = groupName(q);
        String strategy = oneOf(q, "Strategy", Set.of("Rolling", "ReplaceRootVolume"));
        if ("ReplaceRootVolume".equals(strategy)) {
            throw new AwsException("ValidationError",
                    "The simulator supports only the Rolling strategy for instance refreshes.");
        }
        String id = asg.startInstanceRefresh(group, AutoScalingRequests.desiredConfiguration(q),
                AutoScalingRequests.preferences(q));
        return refreshId(id);
    }

    private static Consumer<Xml> describeInstanceRefreshes(AutoScalingWorld asg, QueryRequest q) {
        AutoScalingGroup g = asg.group(groupName(q));
        List<String> ids = q.list("InstanceRefreshIds");
        List<InstanceRefreshRun> newestFirst = new ArrayList<>(g.refreshes);
        Collections.reverse(newestFirst);
        List<InstanceRefreshRun> all = newestFirst.stream().filter(r -> ids.isEmpty() || ids.contains(r.id)).toList();
        Paging.Page<InstanceRefreshRun> page = Paging.page(all, q, 50, 100);
        return x -> x.list("InstanceRefreshes", "member", page.items(), AutoScalingXml::refresh)
                .el("NextToken", page.nextToken());
    }

    private static Consumer<Xml> refreshId(String id) {
        return x -> x.el("InstanceRefreshId", id);
    }

    // ---- activities ---------------------------------------------------------------------------------

    private static Consumer<Xml> describeScalingActivities(AutoScalingWorld asg, QueryRequest q) {
        String group = string(q, "AutoScalingGroupName", 255);
        List<String> ids = q.list("ActivityIds");
        List<ScalingActivity> all = asg.activities(group).stream()
                .filter(a -> ids.isEmpty() || ids.contains(a.id)).toList();
        Paging.Page<ScalingActivity> page = Paging.page(all, q, 100, 100);
        return x -> x.list("Activities", "member", page.items(), AutoScalingXml::activity)
                .el("NextToken", page.nextToken());
    }

    private static Consumer<Xml> activities(List<ScalingActivity> activities) {
        return x -> x.list("Activities", "member", activities, AutoScalingXml::activity);
    }

    // ---- parameters ---------------------------------------------------------------------------------

    private static String groupName(QueryRequest q) {
        return requiredString(q, "AutoScalingGroupName", 255);
    }

    private static List<String> instanceIds(QueryRequest q) {
        List<String> ids = q.list("InstanceIds");
        if (ids.isEmpty()) {
            throw missing("instanceIds");
        }
        return ids;
    }

    private static boolean requiredBool(QueryRequest q, String name) {
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

    @Override
    public String errorBody(AwsException e, String requestId) {
        return new Xml().start("ErrorResponse", XMLNS).start("Error")
                .el("Type", e.isSenderFault() ? "Sender" : "Receiver")
                .el("Code", e.code()).el("Message", e.getMessage())
                .end().el("RequestId", requestId).end().toString();
    }

    @Override
    public AwsException throttled() {
        return new AwsException("Throttling", "Rate exceeded", 400);
    }

    @Override
    public AwsException internalError() {
        return new AwsException("InternalFailure", "An internal error has occurred", 500);
    }

    @Override
    public AwsException unavailable() {
        return new AwsException("ServiceUnavailable", "Service is unavailable", 503);
    }
}
