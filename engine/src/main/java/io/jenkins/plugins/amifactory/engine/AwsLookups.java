package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One rollout's way to AWS for one step: every call counted in the state, the look-ups the phases share,
 * and the translation of AWS's answers into what the rollout means by them (a missing group or instance is
 * a refusal naming the field; throttling and 5xx are worth retrying; an error code and message in words).
 * Made afresh for each {@link Rollout#advance}, because the caller may hand over new clients each time.
 */
final class AwsLookups {

    /** The statuses of a Refresh that is still doing something. */
    static final Set<String> ACTIVE_REFRESH = Set.of("Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking");

    private final AwsClients clients;
    private final RolloutRequest request;
    private final RolloutState state;

    AwsLookups(AwsClients clients, RolloutRequest request, RolloutState state) {
        this.clients = clients;
        this.request = request;
        this.state = state;
    }

    /**
     * Makes {@code call}, counted under {@code action} in the rollout's result. A failed call is remembered,
     * so that retries are bounded per call and not per step (a step of several calls under throttling
     * rarely gets through whole, yet each of its calls does in time).
     */
    <T> T call(String action, Supplier<T> call) {
        state.countCall(action);
        try {
            return call.get();
        } catch (SdkException e) {
            if (!action.equals(state.failingAction)) {
                state.failingAction = action;
                state.consecutiveErrors = 0;
            }
            throw e;
        }
    }

    Ec2Client ec2() {
        return clients.ec2();
    }

    AutoScalingClient autoScaling() {
        return clients.autoScaling();
    }

    AutoScalingGroup describeGroup() {
        List<AutoScalingGroup> groups = call("DescribeAutoScalingGroups", () -> autoScaling()
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(request.asg()))).autoScalingGroups();
        if (groups.isEmpty()) {
            throw new InvalidRequestException("asg", "there is no Auto Scaling group '" + request.asg() + "' in "
                    + request.region(), "check the group name and the region");
        }
        return groups.get(0);
    }

    Instance describeSourceInstance() {
        try {
            var reservations = call("DescribeInstances", () -> ec2().describeInstances(r -> r
                    .instanceIds(request.instance()))).reservations();
            return reservations.stream().flatMap(r -> r.instances().stream()).findFirst()
                    .orElseThrow(() -> missingInstance(null));
        } catch (AwsServiceException e) {
            String code = AwsErrors.errorCode(e);
            if (code.startsWith("InvalidInstanceID")) {
                throw missingInstance(code);
            }
            throw e;
        }
    }

    private InvalidRequestException missingInstance(String code) {
        if ("InvalidInstanceID.Malformed".equals(code)) {
            return new InvalidRequestException("instance", "'" + request.instance() + "' is not a valid instance id",
                    "use an id such as i-0abc1234def567890");
        }
        return new InvalidRequestException("instance", "there is no instance " + request.instance() + " in "
                + request.region(), "check the id, and that the instance is in the same region as the group");
    }

    LaunchConfiguration describeLaunchConfiguration(String name) {
        LaunchConfiguration lc = findLaunchConfiguration(name);
        if (lc == null) {
            throw new InvalidRequestException("asg", "group '" + request.asg() + "' names launch configuration '" + name
                    + "', which does not exist", "give the group a configuration that exists");
        }
        return lc;
    }

    LaunchConfiguration findLaunchConfiguration(String name) {
        var found = call("DescribeLaunchConfigurations", () -> autoScaling().describeLaunchConfigurations(r -> r
                .launchConfigurationNames(name))).launchConfigurations();
        return found.isEmpty() ? null : found.get(0);
    }

    /** One version of a template given by id or, without one, by name. */
    LaunchTemplateVersion describeTemplateVersion(String id, String name, String version) {
        try {
            var versions = call("DescribeLaunchTemplateVersions", () -> ec2().describeLaunchTemplateVersions(r -> {
                if (id != null) {
                    r.launchTemplateId(id);
                } else {
                    r.launchTemplateName(name);
                }
                r.versions(version);
            })).launchTemplateVersions();
            if (versions.isEmpty()) {
                throw missingVersion(id != null ? id : name, version);
            }
            return versions.get(0);
        } catch (AwsServiceException e) {
            if (AwsErrors.errorCode(e).startsWith("InvalidLaunchTemplate")) {
                throw missingVersion(id != null ? id : name, version);
            }
            throw e;
        }
    }

    private InvalidRequestException missingVersion(String template, String version) {
        return new InvalidRequestException("asg", "group '" + request.asg() + "' uses version " + version
                + " of launch template " + template + ", which does not exist",
                "point the group at an existing template version");
    }

    /** The Image, or null when EC2 no longer knows it. */
    Image describeImage(String imageId) {
        try {
            var images = call("DescribeImages", () -> ec2().describeImages(r -> r.imageIds(imageId))).images();
            return images.isEmpty() ? null : images.get(0);
        } catch (AwsServiceException e) {
            if ("InvalidAMIID.NotFound".equals(AwsErrors.errorCode(e))) {
                return null;
            }
            throw e;
        }
    }

    Image findImageByName(String name) {
        var images = call("DescribeImages", () -> ec2().describeImages(r -> r.owners("self")
                .filters(Filter.builder().name("name").values(name).build()))).images();
        return images.isEmpty() ? null : images.get(0);
    }

    /** A Refresh of the group that is still doing something, or null. */
    InstanceRefresh activeRefresh() {
        var refreshes = call("DescribeInstanceRefreshes", () -> autoScaling().describeInstanceRefreshes(r -> r
                .autoScalingGroupName(request.asg()).maxRecords(10))).instanceRefreshes();
        return refreshes.stream().filter(r -> ACTIVE_REFRESH.contains(r.statusAsString())).findFirst().orElse(null);
    }

    /** This rollout's Refresh. */
    InstanceRefresh describeRefresh() {
        return describeRefresh(state.refresh.id);
    }

    InstanceRefresh describeRefresh(String id) {
        var refreshes = call("DescribeInstanceRefreshes", () -> autoScaling().describeInstanceRefreshes(r -> r
                .autoScalingGroupName(request.asg()).instanceRefreshIds(id))).instanceRefreshes();
        if (refreshes.isEmpty()) {
            throw new IllegalStateException("instance refresh " + id + " of group '" + request.asg()
                    + "' is no longer listed by AWS");
        }
        return refreshes.get(0);
    }

    /** How many of the group's instances (pending or running) run {@code imageId}. */
    int groupInstancesOn(String imageId) {
        List<String> ids = describeGroup().instances().stream().map(i -> i.instanceId()).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        return (int) call("DescribeInstances", () -> ec2().describeInstances(r -> r.instanceIds(ids))).reservations()
                .stream().flatMap(r -> r.instances().stream())
                .filter(i -> imageId.equals(i.imageId()) && !"terminated".equals(i.state().nameAsString())
                        && !"shutting-down".equals(i.state().nameAsString()))
                .count();
    }

    /**
     * The new Image's snapshots as one look sees them: the least-advanced one's percentage (-1 when EC2 does not
     * say), whether all are complete, and whether one failed.
     */
    record Snapshots(int percent, boolean complete, boolean failed) {
        static final Snapshots UNKNOWN = new Snapshots(-1, false, false);
    }

    /** The new Image's snapshots, {@link Snapshots#UNKNOWN} before EC2 lists them. */
    Snapshots snapshots() {
        List<String> ids = state.image.snapshotIds;
        if (ids.isEmpty()) {
            return Snapshots.UNKNOWN;
        }
        var snapshots = call("DescribeSnapshots", () -> ec2().describeSnapshots(r -> r.snapshotIds(ids))).snapshots();
        int min = 100;
        boolean complete = !snapshots.isEmpty();
        boolean failed = false;
        for (var s : snapshots) {
            complete &= "completed".equals(s.stateAsString());
            failed |= "error".equals(s.stateAsString());
            String p = s.progress() == null ? "0" : s.progress().replace("%", "").trim();
            try {
                min = Math.min(min, Integer.parseInt(p));
            } catch (NumberFormatException e) {
                min = -1;
            }
        }
        return snapshots.isEmpty() ? Snapshots.UNKNOWN : new Snapshots(min, complete, failed);
    }

    /** The group's last few scaling activities, quoted when a Refresh fails; none when they cannot be read. */
    List<Activity> lastActivities() {
        try {
            return call("DescribeScalingActivities", () -> autoScaling().describeScalingActivities(r -> r
                    .autoScalingGroupName(request.asg()).maxRecords(3))).activities();
        } catch (SdkException e) {
            return List.of();
        }
    }

    /** Fetches every page: {@code fetch} takes the token (null first) and an empty next token ends it. */
    static <P> void pages(Function<String, P> fetch, Function<P, String> nextToken, Consumer<P> each) {
        String token = null;
        do {
            P page = fetch.apply(token);
            each.accept(page);
            token = nextToken.apply(page);
        } while (token != null && !token.isEmpty());
    }

    /** Where the call that failed with {@code e} went, for its message. */
    String where(Throwable e) {
        return request.endpoints().where(AwsClients.serviceOf(e), request.region());
    }
}
