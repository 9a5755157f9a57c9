package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to roll out and how: the group and source instance, how to name and tag the Image, which kind of
 * configuration to write, how to run the Refresh, how long to wait and what to do on timeout or abort.
 * An immutable value; {@link Builder#build()} refuses bad input with an {@link InvalidRequestException}
 * naming the field. Field names are the ones the Jenkins step and the command line use. Credentials are
 * deliberately not part of it: it is persisted with a running rollout and must hold no secret.
 */
public final class RolloutRequest implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The Image name used when none is given; see {@link ImageNames}. */
    public static final String DEFAULT_IMAGE_NAME = "{group}-{yyyyMMdd-HHmmss}";
    public static final int DEFAULT_MIN_HEALTHY_PERCENTAGE = 90;
    public static final int DEFAULT_KEEP_IMAGES = 3;
    public static final Duration DEFAULT_IMAGE_TIMEOUT = Duration.ofMinutes(60);
    public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(120);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(180);
    /** AWS ends any instance refresh after 14 days of replacing. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(14);

    private static final Pattern GROUP_NAME = Pattern.compile("[\\x20-\\x7E&&[^:]]{1,255}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    /** The Auto Scaling group to roll out to. */
    private final String asg;
    /** The instance the Image is made from. */
    private final String instance;
    /** The region of the group and the instance. */
    private final String region;
    /** An endpoint instead of AWS's, or null. */
    private final URI endpoint;
    /** The Image name template ({@link ImageNames}). */
    private final String imageName;
    /** The Image description, or null for a generated one. */
    private final String imageDescription;
    /** Extra tags for the Image and its snapshots. */
    private final Map<String, String> tags;
    /** Who asked (a build URL), tagged on what the rollout creates. */
    private final String callerReference;
    /** Whether the instance reboots for the Image (through Standby if in the group). */
    private final boolean reboot;
    /** Which kind of configuration to write. */
    private final Strategy strategy;
    /** Whether the new template version becomes the default. */
    private final boolean setDefaultVersion;
    /** Whether an instance Refresh runs and is waited for. */
    private final boolean refresh;
    /** Refresh preference: capacity kept healthy. */
    private final int minHealthyPercentage;
    /** Refresh preference: capacity ceiling, or null for AWS's. */
    private final Integer maxHealthyPercentage;
    /** Refresh preference: warm-up, or null for the group's. */
    private final Duration instanceWarmup;
    /** Refresh preference: skip matching instances, or null for AWS's. */
    private final Boolean skipMatching;
    /** Refresh preference: where to pause. */
    private final List<Integer> checkpointPercentages;
    /** Refresh preference: how long to pause, or null for AWS's. */
    private final Duration checkpointDelay;
    /** Refresh preference: bake time, or null for none. */
    private final Duration bakeTime;
    /** Refresh preference: AWS rollback on failure, or null for on with templates. */
    private final Boolean autoRollback;
    /** How long to wait for the Image. */
    private final Duration imageTimeout;
    /** How long to wait for the Refresh. */
    private final Duration rolloutTimeout;
    /** How long the whole rollout may take. */
    private final Duration timeout;
    /** What to do when a deadline passes. */
    private final Outcome onTimeout;
    /** What to do when the rollout is aborted. */
    private final Outcome onAbort;
    /** How many Images made for the group to keep (0: retention off). */
    private final int keepImages;
    /** Whether to only plan (no change in AWS). */
    private final boolean planOnly;

    private RolloutRequest(Builder b) {
        asg = b.asg;
        instance = b.instance;
        region = b.region;
        endpoint = b.endpoint;
        imageName = b.imageName;
        imageDescription = b.imageDescription;
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        callerReference = b.callerReference;
        reboot = b.reboot;
        strategy = b.strategy;
        setDefaultVersion = b.setDefaultVersion;
        refresh = b.refresh;
        minHealthyPercentage = b.minHealthyPercentage;
        maxHealthyPercentage = b.maxHealthyPercentage;
        instanceWarmup = b.instanceWarmup;
        skipMatching = b.skipMatching;
        checkpointPercentages = List.copyOf(b.checkpointPercentages);
        checkpointDelay = b.checkpointDelay;
        bakeTime = b.bakeTime;
        autoRollback = b.autoRollback;
        imageTimeout = b.imageTimeout;
        rolloutTimeout = b.rolloutTimeout;
        timeout = b.timeout;
        onTimeout = b.onTimeout;
        onAbort = b.onAbort;
        keepImages = b.keepImages;
        planOnly = b.planOnly;
    }

    public static Builder builder(String asg, String instance) {
        return new Builder().asg(asg).instance(instance);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.asg = asg;
        b.instance = instance;
        b.region = region;
        b.endpoint = endpoint;
        b.imageName = imageName;
        b.imageDescription = imageDescription;
        b.tags.putAll(tags);
        b.callerReference = callerReference;
        b.reboot = reboot;
        b.strategy = strategy;
        b.setDefaultVersion = setDefaultVersion;
        b.refresh = refresh;
        b.minHealthyPercentage = minHealthyPercentage;
        b.maxHealthyPercentage = maxHealthyPercentage;
        b.instanceWarmup = instanceWarmup;
        b.skipMatching = skipMatching;
        b.checkpointPercentages.addAll(checkpointPercentages);
        b.checkpointDelay = checkpointDelay;
        b.bakeTime = bakeTime;
        b.autoRollback = autoRollback;
        b.imageTimeout = imageTimeout;
        b.rolloutTimeout = rolloutTimeout;
        b.timeout = timeout;
        b.onTimeout = onTimeout;
        b.onAbort = onAbort;
        b.keepImages = keepImages;
        b.planOnly = planOnly;
        return b;
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

    /** The Image name template; see {@link ImageNames}. */
    public String imageName() {
        return imageName;
    }

    public String imageDescription() {
        return imageDescription;
    }

    /** Extra tags for the Image, its snapshots and the configuration it goes into. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Who asked (a build URL, a ticket); recorded in the {@code ami-factory:created-by} tag. */
    public String callerReference() {
        return callerReference;
    }

    /** Whether the instance is rebooted for a consistent Image; if it is in the group it goes to Standby first. */
    public boolean reboot() {
        return reboot;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** Launch templates: also make the new version the template's default. */
    public boolean setDefaultVersion() {
        return setDefaultVersion;
    }

    /** Whether to run an instance refresh after pointing the group at the new configuration. */
    public boolean refresh() {
        return refresh;
    }

    public int minHealthyPercentage() {
        return minHealthyPercentage;
    }

    public Integer maxHealthyPercentage() {
        return maxHealthyPercentage;
    }

    public Duration instanceWarmup() {
        return instanceWarmup;
    }

    public Boolean skipMatching() {
        return skipMatching;
    }

    public List<Integer> checkpointPercentages() {
        return checkpointPercentages;
    }

    public Duration checkpointDelay() {
        return checkpointDelay;
    }

    public Duration bakeTime() {
        return bakeTime;
    }

    /** Null means: on for launch templates (AWS refuses it for launch configurations). */
    public Boolean autoRollback() {
        return autoRollback;
    }

    public Duration imageTimeout() {
        return imageTimeout;
    }

    public Duration rolloutTimeout() {
        return rolloutTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public Outcome onTimeout() {
        return onTimeout;
    }

    public Outcome onAbort() {
        return onAbort;
    }

    /** How many Images this tool made for the group to keep; 0 turns retention off. */
    public int keepImages() {
        return keepImages;
    }

    public boolean planOnly() {
        return planOnly;
    }

    @Override
    public String toString() {
        return "RolloutRequest[asg=" + asg + ", instance=" + instance + ", region=" + region
                + ", strategy=" + strategy.displayName() + ", refresh=" + refresh + (planOnly ? ", plan only" : "") + "]";
    }

    /** Collects the fields; {@link #build()} validates them. */
    public static final class Builder {
        private String asg;
        private String instance;
        private String region;
        private URI endpoint;
        private String imageName = DEFAULT_IMAGE_NAME;
        private String imageDescription;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String callerReference;
        private boolean reboot;
        private Strategy strategy = Strategy.AUTO;
        private boolean setDefaultVersion;
        private boolean refresh = true;
        private int minHealthyPercentage = DEFAULT_MIN_HEALTHY_PERCENTAGE;
        private Integer maxHealthyPercentage;
        private Duration instanceWarmup;
        private Boolean skipMatching;
        private final List<Integer> checkpointPercentages = new ArrayList<>();
        private Duration checkpointDelay;
        private Duration bakeTime;
        private Boolean autoRollback;
        private Duration imageTimeout = DEFAULT_IMAGE_TIMEOUT;
        private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Outcome onTimeout = Outcome.ROLLBACK;
        private Outcome onAbort = Outcome.ROLLBACK;
        private int keepImages = DEFAULT_KEEP_IMAGES;
        private boolean planOnly;

        private Builder() {
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

        public Builder imageName(String v) {
            String t = trim(v);
            imageName = t == null ? DEFAULT_IMAGE_NAME : t;
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

        public Builder strategy(Strategy v) {
            strategy = Objects.requireNonNull(v);
            return this;
        }

        public Builder setDefaultVersion(boolean v) {
            setDefaultVersion = v;
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

        public Builder onTimeout(Outcome v) {
            onTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder onAbort(Outcome v) {
            onAbort = Objects.requireNonNull(v);
            return this;
        }

        public Builder keepImages(int v) {
            keepImages = v;
            return this;
        }

        public Builder planOnly(boolean v) {
            planOnly = v;
            return this;
        }

        /** Validates every field and returns the request; nothing in AWS is touched. */
        public RolloutRequest build() {
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
            ImageNames.checkTemplate(imageName);
            if (imageDescription != null && imageDescription.length() > 255) {
                throw new InvalidRequestException("imageDescription", "the description is longer than 255 characters",
                        "shorten it");
            }
            checkRange("minHealthyPercentage", minHealthyPercentage, 0, 100);
            if (maxHealthyPercentage != null) {
                checkRange("maxHealthyPercentage", maxHealthyPercentage, 100, 200);
                if (maxHealthyPercentage - minHealthyPercentage > 100) {
                    throw new InvalidRequestException("maxHealthyPercentage",
                            "it is more than 100 above minHealthyPercentage (" + minHealthyPercentage + ")",
                            "AWS allows a spread of at most 100 points between the two");
                }
            }
            checkDuration("instanceWarmupSeconds", instanceWarmup, Duration.ZERO, Duration.ofDays(1), true);
            int previous = 0;
            for (Integer p : checkpointPercentages) {
                if (p == null || p <= previous || p > 100) {
                    throw new InvalidRequestException("checkpointPercentages", checkpointPercentages + " is not a rising list of percentages",
                            "give distinct percentages from 1 to 100 in increasing order, e.g. 20,50,100");
                }
                previous = p;
            }
            checkDuration("checkpointDelaySeconds", checkpointDelay, Duration.ZERO, Duration.ofSeconds(172_800), true);
            checkDuration("bakeTimeSeconds", bakeTime, Duration.ZERO, Duration.ofSeconds(172_800), true);
            checkDuration("imageTimeoutMinutes", imageTimeout, Duration.ofMinutes(1), Duration.ofHours(24), false);
            checkDuration("rolloutTimeoutMinutes", rolloutTimeout, Duration.ofMinutes(1), MAX_TIMEOUT, false);
            checkDuration("timeoutMinutes", timeout, Duration.ofMinutes(1), MAX_TIMEOUT, false);
            if (timeout.compareTo(imageTimeout) < 0) {
                throw new InvalidRequestException("timeoutMinutes", "the overall timeout (" + timeout.toMinutes()
                        + " min) is shorter than the image timeout (" + imageTimeout.toMinutes() + " min)",
                        "raise timeoutMinutes or lower imageTimeoutMinutes");
            }
            checkRange("keepImages", keepImages, 0, 1000);
            return new RolloutRequest(this);
        }

        private static void checkRange(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidRequestException(field, value + " is out of range",
                        "use a whole number from " + min + " to " + max);
            }
        }

        private static void checkDuration(String field, Duration value, Duration min, Duration max, boolean optional) {
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

        private static String trim(String v) {
            if (v == null) {
                return null;
            }
            String t = v.trim();
            return t.isEmpty() ? null : t;
        }
    }
}
