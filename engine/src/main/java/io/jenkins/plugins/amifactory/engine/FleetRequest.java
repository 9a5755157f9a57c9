package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Image for several groups and regions: the first target is the {@link RolloutRequest}'s own group and region
 * (so a request for one group reads as it always did), the others follow in wave order. Everything else (the Image,
 * the Refresh, the deadlines, the endpoints) comes from that request and applies to every target. Copies into other
 * regions may be encrypted with a KMS key per region. An immutable value; bad input is refused naming the field.
 */
public final class FleetRequest implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** More targets than this is a fleet no single verdict serves well; AWS would also throttle it. */
    public static final int MAX_TARGETS = 20;

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|mrk-[0-9a-f]{32}");
    private static final Pattern ALIAS = Pattern.compile("alias/[A-Za-z0-9/_-]{1,250}");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\\d+):\\d{12}:(key/.+|alias/.+)");

    /** The first target's request: the source instance, the Image, the Refresh and the deadlines for all. */
    private final RolloutRequest first;
    /** Every target in wave order, the first one's group and region first. */
    private final List<Target> targets;
    /** Whether all targets roll at once instead of one wave after the other. */
    private final boolean parallel;
    /** What the waves already done do when a later one fails. */
    private final OnFailure onFailure;
    /** Region to the KMS key its copy of the Image is encrypted with. */
    private final Map<String, String> kmsKeys;

    private FleetRequest(RolloutRequest first, List<Target> targets, boolean parallel, OnFailure onFailure,
                         Map<String, String> kmsKeys) {
        this.first = first;
        this.targets = List.copyOf(targets);
        this.parallel = parallel;
        this.onFailure = onFailure;
        this.kmsKeys = Map.copyOf(kmsKeys);
    }

    public static Builder builder(RolloutRequest first) {
        return new Builder(first);
    }

    public RolloutRequest first() {
        return first;
    }

    public List<Target> targets() {
        return targets;
    }

    public boolean parallel() {
        return parallel;
    }

    public OnFailure onFailure() {
        return onFailure;
    }

    public Map<String, String> kmsKeys() {
        return kmsKeys;
    }

    /** The region the Image is made in: the first target's. */
    public String sourceRegion() {
        return first.region();
    }

    /** The regions other than the source one, in the order their first target comes: each gets a copy. */
    public List<String> copyRegions() {
        Set<String> regions = new LinkedHashSet<>();
        for (Target t : targets) {
            if (!t.region().equals(sourceRegion())) {
                regions.add(t.region());
            }
        }
        return List.copyOf(regions);
    }

    /** Collects the targets after the first, the wave order and the copies' keys; {@link #build()} checks them. */
    public static final class Builder {
        private final RolloutRequest first;
        private final List<Target> more = new ArrayList<>();
        private boolean parallel;
        private OnFailure onFailure = OnFailure.ROLLBACK_ALL;
        private final Map<String, String> kmsKeys = new LinkedHashMap<>();

        private Builder(RolloutRequest first) {
            this.first = first;
        }

        /** Another group; a null or empty region means the first target's. */
        public Builder target(String asg, String region) {
            more.add(new Target(asg == null ? "" : asg.strip(),
                    region == null || region.isBlank() ? first.region() : region.strip()));
            return this;
        }

        public Builder parallel(boolean v) {
            parallel = v;
            return this;
        }

        public Builder onFailure(OnFailure v) {
            onFailure = v == null ? OnFailure.ROLLBACK_ALL : v;
            return this;
        }

        /** Encrypts the copy of the Image in {@code region} with {@code keyId} (a key id, key ARN, alias or alias ARN). */
        public Builder kmsKey(String region, String keyId) {
            if (keyId != null && !keyId.isBlank()) {
                kmsKeys.put(region == null ? "" : region.strip(), keyId.strip());
            }
            return this;
        }

        public FleetRequest build() {
            List<Target> all = new ArrayList<>();
            all.add(new Target(first.asg(), first.region()));
            for (Target t : more) {
                // Each target is checked as its own request would be: the same words for the same mistakes.
                RolloutRequest.builder(t.asg(), first.instance()).region(t.region()).build();
                if (first.endpoints().usesRegion()
                        && !software.amazon.awssdk.regions.Region.regions().contains(
                                software.amazon.awssdk.regions.Region.of(t.region()))) {
                    // As a lone rollout's preflight refuses it, but before the first target changes anything.
                    throw new InvalidRequestException("targets", "target " + t + ": the AWS SDK knows no region '"
                            + t.region() + "'", "check the region code");
                }
                if (all.contains(t)) {
                    throw new InvalidRequestException("targets", "group '" + t.asg() + "' in " + t.region()
                            + " is named twice", "name each group of a region once");
                }
                all.add(t);
            }
            if (all.size() > MAX_TARGETS) {
                throw new InvalidRequestException("targets", all.size() + " targets are more than "
                        + MAX_TARGETS, "split the fleet into several rollouts");
            }
            Set<String> regions = new LinkedHashSet<>();
            all.forEach(t -> regions.add(t.region()));
            kmsKeys.forEach((region, key) -> checkKey(region, key, regions));
            if (first.planOnly() && parallel) {
                // Harmless, but a plan is read for the order the waves would take.
                parallel = false;
            }
            return new FleetRequest(first, all, parallel, onFailure, kmsKeys);
        }

        private void checkKey(String region, String key, Set<String> regions) {
            if (region.equals(first.region())) {
                throw new InvalidRequestException("kmsKeyId", "the Image in " + region + " is made there, not copied",
                        "give kmsKeyId only for the other regions; the Image's own snapshots are encrypted as the"
                                + " instance's volumes are");
            }
            if (!regions.contains(region)) {
                throw new InvalidRequestException("kmsKeyId", "no target is in " + region,
                        "give a key for a region a target is in, or add the target");
            }
            Matcher arn = ARN.matcher(key);
            if (arn.matches()) {
                if (!arn.group(1).equals(region)) {
                    throw new InvalidRequestException("kmsKeyId", "the key for " + region + " is in " + arn.group(1),
                            "use a key of " + region + ": a copy is encrypted with a key of its own region");
                }
                return;
            }
            if (!KEY_ID.matcher(key).matches() && !ALIAS.matcher(key).matches()) {
                throw new InvalidRequestException("kmsKeyId", "'" + LogText.oneLine(key, 100)
                        + "' is not a KMS key id, key ARN, alias or alias ARN",
                        "use e.g. alias/ami-copies, 1234abcd-12ab-34cd-56ef-1234567890ab or its ARN");
            }
        }
    }
}
