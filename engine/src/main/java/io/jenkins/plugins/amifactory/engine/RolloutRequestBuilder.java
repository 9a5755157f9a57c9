package io.jenkins.plugins.amifactory.engine;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Collects a {@link RolloutRequest}'s fields under the names the Jenkins step and the command line use, with
 * their defaults; {@link #build()} validates them and names the field of the first that is wrong.
 */
public final class RolloutRequestBuilder {

    private static final Pattern GROUP_NAME = Pattern.compile("[\\x20-\\x7E&&[^:]]{1,255}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");

    String asg;
    String instance;
    String region;
    URI endpoint;
    URI ec2Endpoint;
    URI autoScalingEndpoint;
    Strategy strategy = Strategy.AUTO;
    boolean setDefaultVersion;
    boolean planOnly;
    String imageName = ImageSettings.DEFAULT_NAME;
    String imageDescription;
    final Map<String, String> tags = new LinkedHashMap<>();
    String callerReference;
    boolean reboot;
    int keepImages = ImageSettings.DEFAULT_KEEP_IMAGES;
    boolean refresh = true;
    int minHealthyPercentage = RefreshSettings.DEFAULT_MIN_HEALTHY_PERCENTAGE;
    Integer maxHealthyPercentage;
    Duration instanceWarmup;
    Boolean skipMatching;
    final List<Integer> checkpointPercentages = new ArrayList<>();
    final List<String> alarms = new ArrayList<>();
    Duration checkpointDelay;
    Duration bakeTime;
    Boolean autoRollback;
    Duration imageTimeout = Deadlines.DEFAULT_IMAGE;
    Duration rolloutTimeout = Deadlines.DEFAULT_REFRESH;
    Duration timeout = Deadlines.DEFAULT_OVERALL;
    StopAction onTimeout = StopAction.ROLLBACK;
    StopAction onAbort = StopAction.ROLLBACK;
    String givenImage;
    boolean holdAfterRefresh;
    boolean imageFromFleet;

    RolloutRequestBuilder() {
    }

    public RolloutRequestBuilder asg(String v) {
        asg = trim(v);
        return this;
    }

    public RolloutRequestBuilder instance(String v) {
        instance = trim(v);
        return this;
    }

    public RolloutRequestBuilder region(String v) {
        region = trim(v);
        return this;
    }

    public RolloutRequestBuilder endpoint(URI v) {
        endpoint = v;
        return this;
    }

    public RolloutRequestBuilder endpoint(String v) {
        endpoint = EndpointUrl.parse("endpointUrl", v);
        return this;
    }

    public RolloutRequestBuilder ec2Endpoint(URI v) {
        ec2Endpoint = v;
        return this;
    }

    public RolloutRequestBuilder autoScalingEndpoint(URI v) {
        autoScalingEndpoint = v;
        return this;
    }

    /** An endpoint for the EC2 calls alone (an interface VPC endpoint for EC2); empty for the common one. */
    public RolloutRequestBuilder ec2Endpoint(String v) {
        ec2Endpoint = EndpointUrl.parse(Endpoints.Service.EC2.field(), v);
        return this;
    }

    /** An endpoint for the Auto Scaling calls alone; empty for the common one. */
    public RolloutRequestBuilder autoScalingEndpoint(String v) {
        autoScalingEndpoint = EndpointUrl.parse(Endpoints.Service.AUTO_SCALING.field(), v);
        return this;
    }

    public RolloutRequestBuilder strategy(Strategy v) {
        strategy = Objects.requireNonNull(v);
        return this;
    }

    public RolloutRequestBuilder setDefaultVersion(boolean v) {
        setDefaultVersion = v;
        return this;
    }

    public RolloutRequestBuilder planOnly(boolean v) {
        planOnly = v;
        return this;
    }

    public RolloutRequestBuilder imageName(String v) {
        String t = trim(v);
        imageName = t == null ? ImageSettings.DEFAULT_NAME : t;
        return this;
    }

    public RolloutRequestBuilder imageDescription(String v) {
        imageDescription = trim(v);
        return this;
    }

    public RolloutRequestBuilder tag(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new InvalidRequestException("tags", "a tag has an empty key", "give every tag a key");
        }
        tags.put(key.trim(), value == null ? "" : value);
        return this;
    }

    public RolloutRequestBuilder tags(Map<String, String> v) {
        tags.clear();
        if (v != null) {
            v.forEach(this::tag);
        }
        return this;
    }

    public RolloutRequestBuilder callerReference(String v) {
        callerReference = trim(v);
        return this;
    }

    public RolloutRequestBuilder reboot(boolean v) {
        reboot = v;
        return this;
    }

    public RolloutRequestBuilder keepImages(int v) {
        keepImages = v;
        return this;
    }

    public RolloutRequestBuilder refresh(boolean v) {
        refresh = v;
        return this;
    }

    public RolloutRequestBuilder minHealthyPercentage(int v) {
        minHealthyPercentage = v;
        return this;
    }

    public RolloutRequestBuilder maxHealthyPercentage(Integer v) {
        maxHealthyPercentage = v;
        return this;
    }

    public RolloutRequestBuilder instanceWarmup(Duration v) {
        instanceWarmup = v;
        return this;
    }

    public RolloutRequestBuilder skipMatching(Boolean v) {
        skipMatching = v;
        return this;
    }

    /** CloudWatch alarms that stop the Refresh when one goes into ALARM; null or empty for none. */
    public RolloutRequestBuilder alarms(List<String> v) {
        alarms.clear();
        if (v != null) {
            v.forEach(a -> alarms.add(a == null ? null : a.strip()));
        }
        return this;
    }

    public RolloutRequestBuilder checkpointPercentages(List<Integer> v) {
        checkpointPercentages.clear();
        if (v != null) {
            checkpointPercentages.addAll(v);
        }
        return this;
    }

    public RolloutRequestBuilder checkpointDelay(Duration v) {
        checkpointDelay = v;
        return this;
    }

    public RolloutRequestBuilder bakeTime(Duration v) {
        bakeTime = v;
        return this;
    }

    public RolloutRequestBuilder autoRollback(Boolean v) {
        autoRollback = v;
        return this;
    }

    public RolloutRequestBuilder imageTimeout(Duration v) {
        imageTimeout = v;
        return this;
    }

    public RolloutRequestBuilder rolloutTimeout(Duration v) {
        rolloutTimeout = v;
        return this;
    }

    public RolloutRequestBuilder timeout(Duration v) {
        timeout = v;
        return this;
    }

    public RolloutRequestBuilder onTimeout(StopAction v) {
        onTimeout = Objects.requireNonNull(v);
        return this;
    }

    public RolloutRequestBuilder onAbort(StopAction v) {
        onAbort = Objects.requireNonNull(v);
        return this;
    }

    /**
     * Rolls out an Image made already (by another target's rollout, or a copy into this region, possibly still
     * pending) instead of making one: no Standby, no CreateImage, and the rollout never removes it. Empty for
     * none.
     */
    public RolloutRequestBuilder givenImage(String imageId) {
        givenImage = trim(imageId);
        return this;
    }

    /**
     * After a healthy Refresh, stay in {@link Phase#HELD}, holding the group, until {@link Rollout#release()}
     * or {@link Rollout#rollBack(String)}; the rollout's own overall deadline no longer stops it then.
     */
    /**
     * For a fleet's check of a target other than the first, before the Image exists: preflight does not look at
     * the source instance (it may be in another region) and the plan names the fleet's Image instead of comparing
     * one. Only plans use it, so it is not saved.
     */
    RolloutRequestBuilder imageFromFleet(boolean v) {
        imageFromFleet = v;
        return this;
    }

    public RolloutRequestBuilder holdAfterRefresh(boolean v) {
        holdAfterRefresh = v;
        return this;
    }

    /** Validates every field and returns the request; nothing in AWS is touched. */
    public RolloutRequest build() {
        checkTarget();
        RolloutRequest request = new RolloutRequest(this);
        request.image().validate();
        request.refresh().validate();
        request.deadlines().validate();
        return request;
    }

    private void checkTarget() {
        if (asg == null) {
            throw new InvalidRequestException("asg", "the Auto Scaling group name is missing",
                    "give the name of the group to roll out to, e.g. asg: 'web'");
        }
        if (!GROUP_NAME.matcher(asg).matches()) {
            throw new InvalidRequestException("asg", "'" + asg + "' is not a valid Auto Scaling group name",
                    "use the group's name (1 to 255 printable characters, no colon), not its ARN");
        }
        if (instance == null) {
            throw new InvalidRequestException("instance", "the source instance id is missing",
                    "give the id of the running instance to make the Image from, e.g. instance: 'i-0abc1234def567890'");
        }
        if (!INSTANCE_ID.matcher(instance).matches()) {
            throw new InvalidRequestException("instance", "'" + instance + "' is not an EC2 instance id",
                    "use an id such as i-0abc1234def567890 (i- followed by 8 or 17 hex digits)");
        }
        if (region == null) {
            throw new InvalidRequestException("region", "no AWS region is set",
                    "set the region field, AWS_REGION or AWS_DEFAULT_REGION, or a default region in the global configuration");
        }
        if (!REGION.matcher(region).matches()) {
            throw new InvalidRequestException("region", "'" + region + "' is not an AWS region name",
                    "use a region code such as us-east-1 or eu-west-1");
        }
        if (givenImage != null && !IMAGE_ID.matcher(givenImage).matches()) {
            throw new InvalidRequestException("givenImage", "'" + givenImage + "' is not an Image id",
                    "use the id of an Image in the group's region, such as ami-0abc1234def567890 (ami- followed by 8 or 17 hex digits)");
        }
    }

    private static String trim(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        return t.isEmpty() ? null : t;
    }
}
