package io.jenkins.plugins.amifactory.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * What to roll out and how: the group and source instance with the kind of configuration to write (the
 * request's own fields), and three parts that check themselves: {@link ImageSettings}, {@link RefreshSettings}
 * and {@link Deadlines}. An immutable value; {@link RolloutRequestBuilder#build()} refuses bad input with an
 * {@link InvalidRequestException} naming the field, whose names are the ones the Jenkins step and the command
 * line use. Credentials are deliberately not part of it: it is persisted with a running rollout and must hold
 * no secret.
 */
public final class RolloutRequest implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    /** The saved form is the one the first version wrote; see {@link SavedForm}. */
    @Serial
    private static final ObjectStreamField[] serialPersistentFields = SavedForm.REQUEST_FIELDS;

    /** The Auto Scaling group to roll out to, by name (never an ARN). */
    private final String asg;
    /** The instance the Image is made from: a group member or any instance in the region. */
    private final String instance;
    /** The region of the group and the instance. */
    private final String region;
    /** Where to send both services' calls instead of AWS's regional endpoints, or null. */
    private final URI endpoint;
    /** Where to send the EC2 calls, before {@link #endpoint}; null for that or AWS's. */
    private final URI ec2Endpoint;
    /** Where to send the Auto Scaling calls, before {@link #endpoint}; null for that or AWS's. */
    private final URI autoScalingEndpoint;
    /** Which kind of configuration to write: as the group has, or a launch template in any case. */
    private final Strategy strategy;
    /** Whether the new template version also becomes the template's default. */
    private final boolean setDefaultVersion;
    /** Whether to describe the change and make none. */
    private final boolean planOnly;
    /** How the Image is made, named, tagged and kept. */
    private final ImageSettings image;
    /** Whether and how the instance Refresh runs. */
    private final RefreshSettings refresh;
    /** How long each wait may take, and what a timeout or an abort does. */
    private final Deadlines deadlines;
    /**
     * An Image made before this rollout (by another target's rollout, or copied into this region), which the
     * rollout waits for and uses instead of making its own; null to make one. Saved as {@code givenImage}.
     */
    private final String givenImage;
    /**
     * Whether a healthy Refresh ends in {@link Phase#HELD} instead of the cleanup, until
     * {@link Rollout#release()} or {@link Rollout#rollBack(String)}. Saved as {@code holdAfterRefresh}.
     */
    private final boolean holdAfterRefresh;
    /** See {@link RolloutRequestBuilder#imageFromFleet}; transient, as only a plan uses it. */
    private final transient boolean imageFromFleet;
    /** Only between readObject and readResolve: the saved values, read before the parts can be built. */
    private transient RolloutRequestBuilder restored;

    RolloutRequest(RolloutRequestBuilder b) {
        asg = b.asg;
        instance = b.instance;
        region = b.region;
        endpoint = b.endpoint;
        ec2Endpoint = b.ec2Endpoint;
        autoScalingEndpoint = b.autoScalingEndpoint;
        strategy = b.strategy;
        setDefaultVersion = b.setDefaultVersion;
        planOnly = b.planOnly;
        image = new ImageSettings(b.imageName, b.imageDescription, b.tags, b.callerReference, b.reboot, b.keepImages);
        refresh = new RefreshSettings(b.refresh, b.minHealthyPercentage, b.maxHealthyPercentage, b.instanceWarmup,
                b.skipMatching, b.checkpointPercentages, b.checkpointDelay, b.bakeTime, b.autoRollback, b.alarms);
        deadlines = new Deadlines(b.imageTimeout, b.rolloutTimeout, b.timeout, b.onTimeout, b.onAbort);
        givenImage = b.givenImage;
        holdAfterRefresh = b.holdAfterRefresh;
        imageFromFleet = b.imageFromFleet;
    }

    public static RolloutRequestBuilder builder(String asg, String instance) {
        return new RolloutRequestBuilder().asg(asg).instance(instance);
    }

    /** The Auto Scaling group to roll out to. */
    public String asg() {
        return asg;
    }

    /** The running instance the Image is made from. */
    public String instance() {
        return instance;
    }

    public String region() {
        return region;
    }

    /**
     * An endpoint both services use instead of AWS's (VPC endpoints, other partitions, the simulator) unless
     * one of them has its own; null for AWS's.
     */
    public URI endpoint() {
        return endpoint;
    }

    /** The EC2 endpoint given for EC2 alone, or null. */
    public URI ec2Endpoint() {
        return ec2Endpoint;
    }

    /** The Auto Scaling endpoint given for Auto Scaling alone, or null. */
    public URI autoScalingEndpoint() {
        return autoScalingEndpoint;
    }

    /** Where each service's calls go: its own endpoint, else the common one, else AWS's. */
    public Endpoints endpoints() {
        return new Endpoints(ec2Endpoint != null ? ec2Endpoint : endpoint,
                autoScalingEndpoint != null ? autoScalingEndpoint : endpoint);
    }

    /** The option that sent {@code service}'s calls where they go, or "region" for AWS's own endpoint. */
    public String endpointField(Endpoints.Service service) {
        URI own = service == Endpoints.Service.EC2 ? ec2Endpoint : autoScalingEndpoint;
        return own != null ? service.field() : endpoint != null ? "endpointUrl" : "region";
    }

    public Strategy strategy() {
        return strategy;
    }

    /** Launch templates: also make the new version the template's default. */
    public boolean setDefaultVersion() {
        return setDefaultVersion;
    }

    /** Only plan: describe what would change, change nothing. */
    public boolean planOnly() {
        return planOnly;
    }

    public ImageSettings image() {
        return image;
    }

    public RefreshSettings refresh() {
        return refresh;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    /**
     * The Image to roll out instead of making one, or null. The rollout never owns it: no revert, leftover
     * removal or retention of this rollout deregisters it or deletes its snapshots.
     */
    public String givenImage() {
        return givenImage;
    }

    /** Whether this is a fleet's plan of a target whose Image the fleet makes elsewhere; never saved. */
    boolean imageFromFleet() {
        return imageFromFleet;
    }

    /** A builder holding every value of this request, for a fleet's request of another target. */
    RolloutRequestBuilder toBuilder() {
        RolloutRequestBuilder b = new RolloutRequestBuilder();
        b.asg = asg;
        b.instance = instance;
        b.region = region;
        b.endpoint = endpoint;
        b.ec2Endpoint = ec2Endpoint;
        b.autoScalingEndpoint = autoScalingEndpoint;
        b.strategy = strategy;
        b.setDefaultVersion = setDefaultVersion;
        b.planOnly = planOnly;
        b.imageName = image.nameTemplate();
        b.imageDescription = image.description();
        b.tags.putAll(image.tags());
        b.callerReference = image.callerReference();
        b.reboot = image.reboot();
        b.keepImages = image.keepImages();
        b.refresh = refresh.enabled();
        b.minHealthyPercentage = refresh.minHealthyPercentage();
        b.maxHealthyPercentage = refresh.maxHealthyPercentage();
        b.instanceWarmup = refresh.instanceWarmup();
        b.skipMatching = refresh.skipMatching();
        b.checkpointPercentages.addAll(refresh.checkpointPercentages());
        b.checkpointDelay = refresh.checkpointDelay();
        b.bakeTime = refresh.bakeTime();
        b.autoRollback = refresh.autoRollback();
        b.alarms.addAll(refresh.alarms());
        b.imageTimeout = deadlines.image();
        b.rolloutTimeout = deadlines.refresh();
        b.timeout = deadlines.overall();
        b.onTimeout = deadlines.onTimeout();
        b.onAbort = deadlines.onAbort();
        b.givenImage = givenImage;
        b.holdAfterRefresh = holdAfterRefresh;
        b.imageFromFleet = imageFromFleet;
        return b;
    }

    /** Whether the rollout stops in {@link Phase#HELD} after a healthy Refresh, until released or rolled back. */
    public boolean holdAfterRefresh() {
        return holdAfterRefresh;
    }

    @Override
    public String toString() {
        return "RolloutRequest[asg=" + asg + ", instance=" + instance + ", region=" + region
                + ", strategy=" + strategy.displayName() + ", refresh=" + refresh.enabled()
                + (givenImage != null ? ", given image=" + givenImage : "") + (holdAfterRefresh ? ", hold after refresh" : "")
                + (planOnly ? ", plan only" : "") + "]";
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        SavedForm.write(this, out.putFields());
        out.writeFields();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        restored = SavedForm.readRequest(in.readFields());
    }

    /** Builds the request afresh from what was saved, without judging it again: a saved rollout must resume. */
    @Serial
    private Object readResolve() {
        return new RolloutRequest(restored);
    }

    static void checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidRequestException(field, value + " is out of range",
                    "use a whole number from " + min + " to " + max);
        }
    }

    static void checkDuration(String field, Duration value, Duration min, Duration max, boolean optional) {
        if (value == null) {
            if (optional) {
                return;
            }
            throw new InvalidRequestException(field, "no value", "give a positive number");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            boolean minutes = field.endsWith("Minutes");
            String unit = minutes ? " minutes" : " seconds";
            long lo = minutes ? min.toMinutes() : min.toSeconds();
            long hi = minutes ? max.toMinutes() : max.toSeconds();
            long given = minutes ? value.toMinutes() : value.toSeconds();
            throw new InvalidRequestException(field, given + unit + " is out of range",
                    "use a value from " + lo + " to " + hi + unit);
        }
    }
}
