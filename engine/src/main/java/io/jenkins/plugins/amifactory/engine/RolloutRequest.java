package io.jenkins.plugins.amifactory.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to roll out and how: the group and source instance with the kind of configuration to write (the
 * request's own fields), and three parts that check themselves: {@link ImageSettings}, {@link RefreshSettings}
 * and {@link Deadlines}. An immutable value; {@link Builder#build()} refuses bad input with an
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

    private static final Pattern GROUP_NAME = Pattern.compile("[\\x20-\\x7E&&[^:]]{1,255}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final String asg;
    private final String instance;
    private final String region;
    private final URI endpoint;
    private final Strategy strategy;
    private final boolean setDefaultVersion;
    private final boolean planOnly;
    private final ImageSettings image;
    private final RefreshSettings refresh;
    private final Deadlines deadlines;
    /** Only between readObject and readResolve: the saved values, read before the parts can be built. */
    private transient Builder restored;

    private RolloutRequest(Builder b) {
        asg = b.asg;
        instance = b.instance;
        region = b.region;
        endpoint = b.endpoint;
        strategy = b.strategy;
        setDefaultVersion = b.setDefaultVersion;
        planOnly = b.planOnly;
        image = new ImageSettings(b.imageName, b.imageDescription, b.tags, b.callerReference, b.reboot, b.keepImages);
        refresh = new RefreshSettings(b.refresh, b.minHealthyPercentage, b.maxHealthyPercentage, b.instanceWarmup,
                b.skipMatching, b.checkpointPercentages, b.checkpointDelay, b.bakeTime, b.autoRollback);
        deadlines = new Deadlines(b.imageTimeout, b.rolloutTimeout, b.timeout, b.onTimeout, b.onAbort);
    }

    public static Builder builder(String asg, String instance) {
        return new Builder().asg(asg).instance(instance);
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

    /** An endpoint to use instead of AWS's (VPC endpoints, other partitions, the simulator); null for AWS's. */
    public URI endpoint() {
        return endpoint;
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

    @Override
    public String toString() {
        return "RolloutRequest[asg=" + asg + ", instance=" + instance + ", region=" + region
                + ", strategy=" + strategy.displayName() + ", refresh=" + refresh.enabled() + (planOnly ? ", plan only" : "") + "]";
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

    /** Collects the fields under the names the step and the command line use; {@link #build()} validates them. */
    public static final class Builder {
        String asg;
        String instance;
        String region;
        URI endpoint;
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
        Duration checkpointDelay;
        Duration bakeTime;
        Boolean autoRollback;
        Duration imageTimeout = Deadlines.DEFAULT_IMAGE;
        Duration rolloutTimeout = Deadlines.DEFAULT_REFRESH;
        Duration timeout = Deadlines.DEFAULT_OVERALL;
        StopAction onTimeout = StopAction.ROLLBACK;
        StopAction onAbort = StopAction.ROLLBACK;

        Builder() {
        }

        public Builder asg(String v) {
            asg = trim(v);
            return this;
        }

        public Builder instance(String v) {
            instance = trim(v);
            return this;
        }

        public Builder region(String v) {
            region = trim(v);
            return this;
        }

        public Builder endpoint(URI v) {
            endpoint = v;
            return this;
        }

        public Builder endpoint(String v) {
            String t = trim(v);
            if (t == null) {
                endpoint = null;
                return this;
            }
            try {
                URI uri = URI.create(t);
                if (uri.getScheme() == null || uri.getHost() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    throw new IllegalArgumentException();
                }
                endpoint = uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("endpointUrl", "'" + v + "' is not an http(s) URL",
                        "give a URL such as https://ec2.eu-west-1.amazonaws.com or http://127.0.0.1:4566, or leave it empty");
            }
            return this;
        }

        public Builder strategy(Strategy v) {
            strategy = Objects.requireNonNull(v);
            return this;
        }

        public Builder setDefaultVersion(boolean v) {
            setDefaultVersion = v;
            return this;
        }

        public Builder planOnly(boolean v) {
            planOnly = v;
            return this;
        }

        public Builder imageName(String v) {
            String t = trim(v);
            imageName = t == null ? ImageSettings.DEFAULT_NAME : t;
            return this;
        }

        public Builder imageDescription(String v) {
            imageDescription = trim(v);
            return this;
        }

        public Builder tag(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new InvalidRequestException("tags", "a tag has an empty key", "give every tag a key");
            }
            if (key.startsWith("aws:")) {
                throw new InvalidRequestException("tags", "tag key '" + key + "' starts with aws:",
                        "AWS reserves the aws: prefix; choose another key");
            }
            tags.put(key.trim(), value == null ? "" : value);
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags.clear();
            if (v != null) {
                v.forEach(this::tag);
            }
            return this;
        }

        public Builder callerReference(String v) {
            callerReference = trim(v);
            return this;
        }

        public Builder reboot(boolean v) {
            reboot = v;
            return this;
        }

        public Builder keepImages(int v) {
            keepImages = v;
            return this;
        }

        public Builder refresh(boolean v) {
            refresh = v;
            return this;
        }

        public Builder minHealthyPercentage(int v) {
            minHealthyPercentage = v;
            return this;
        }

        public Builder maxHealthyPercentage(Integer v) {
            maxHealthyPercentage = v;
            return this;
        }

        public Builder instanceWarmup(Duration v) {
            instanceWarmup = v;
            return this;
        }

        public Builder skipMatching(Boolean v) {
            skipMatching = v;
            return this;
        }

        public Builder checkpointPercentages(List<Integer> v) {
            checkpointPercentages.clear();
            if (v != null) {
                checkpointPercentages.addAll(v);
            }
            return this;
        }

        public Builder checkpointDelay(Duration v) {
            checkpointDelay = v;
            return this;
        }

        public Builder bakeTime(Duration v) {
            bakeTime = v;
            return this;
        }

        public Builder autoRollback(Boolean v) {
            autoRollback = v;
            return this;
        }

        public Builder imageTimeout(Duration v) {
            imageTimeout = v;
            return this;
        }

        public Builder rolloutTimeout(Duration v) {
            rolloutTimeout = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder onTimeout(StopAction v) {
            onTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder onAbort(StopAction v) {
            onAbort = Objects.requireNonNull(v);
            return this;
        }

        /** Validates every field and returns the request; nothing in AWS is touched. */
        public RolloutRequest build() {
            checkTarget();
            RolloutRequest request = new RolloutRequest(this);
            request.image.validate();
            request.refresh.validate();
            request.deadlines.validate();
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
        }

        private static String trim(String v) {
            if (v == null) {
                return null;
            }
            String t = v.trim();
            return t.isEmpty() ? null : t;
        }
    }
}
