package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Image's copies into a {@link Fleet}'s other regions: each asked for once the Image is available (with a
 * client token, so a fleet resumed after losing the answer gets the same copy), tagged as the tool's and with the
 * Image it came from, encrypted with its region's key if one is given; and at the end, each one's fate made true in
 * AWS. The facts live in the {@link FleetState}; this class only holds the backoff of a passing error.
 */
final class FleetCopies {

    private final FleetRequest request;
    private final FleetState state;
    private final RolloutListener listener;
    /** Passing errors of CopyImage in a row, and when to ask again; not saved (a restart asks at once). */
    private int errors;
    private Instant notBefore = Instant.MIN;

    FleetCopies(FleetRequest request, FleetState state, RolloutListener listener) {
        this.request = request;
        this.state = state;
        this.listener = listener;
    }

    /** Whether a region still has no copy and it is time to ask. */
    boolean pending(Instant now) {
        return !now.isBefore(notBefore) && request.copyRegions().stream()
                .anyMatch(r -> state.copies.get(r) == null || state.copies.get(r).imageId == null);
    }

    /**
     * Asks for the next region's copy of {@code source}'s Image. Null when it asked, or will ask again after a
     * passing error; else why the copy cannot be made.
     */
    String requestNext(Fleet.RegionClients clients, Instant now, RolloutState source) {
        for (String region : request.copyRegions()) {
            FleetState.Copy c = state.copies.computeIfAbsent(region, r -> new FleetState.Copy());
            if (c.imageId != null) {
                continue;
            }
            String key = request.kmsKeys().get(region);
            List<Tag> tags = tags(region, source);
            state.apiCalls.merge("CopyImage", 1, Integer::sum);
            try (AwsClients aws = clients.open(region)) {
                c.imageId = aws.ec2().copyImage(q -> q.sourceRegion(request.sourceRegion())
                        .sourceImageId(source.image.id).name(source.image.name)
                        .description("AMI Factory: copy of " + source.image.id + " from " + request.sourceRegion())
                        .encrypted(key != null ? Boolean.TRUE : null).kmsKeyId(key)
                        .clientToken(state.fleetId + "-" + region)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE).tags(tags).build(),
                                TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags).build()))
                        .imageId();
            } catch (SdkException e) {
                if (AwsErrors.isRetryable(e) && errors < Polling.MAX_CONSECUTIVE_ERRORS) {
                    errors++;
                    notBefore = now.plus(Polling.backoff(errors));
                    listener.info("CopyImage to " + region + " failed for now (" + AwsErrors.describe(e)
                            + "); asking again in " + Durations.words(Polling.backoff(errors)));
                    return null;
                }
                return "Could not copy Image " + source.image.id + " to " + region + ": " + AwsErrors.describe(e);
            }
            errors = 0;
            c.requestedAt = now;
            c.kmsKeyId = key;
            state.record("image copy", c.imageId, "created in " + region + (key != null ? " (encrypted)" : ""));
            listener.info("Copying Image " + source.image.id + " to " + region + " as " + c.imageId
                    + (key != null ? ", encrypted with " + key : ""));
            return null;
        }
        return null;
    }

    /** The tool's tags, as the first group of the region's rollout would write them, and the Image it came from. */
    private List<Tag> tags(String region, RolloutState source) {
        String group = request.targets().stream().filter(t -> t.region().equals(region)).findFirst().orElseThrow().asg();
        Map<String, String> t = RolloutContext.tags(request.first(), group, state.fleetId);
        t.put(Fleet.TAG_COPY_OF, request.sourceRegion() + "/" + source.image.id);
        List<Tag> out = new ArrayList<>();
        t.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /**
     * Each copy's fate, true in AWS: kept where a group of its region launches from it ({@code users}), else
     * deregistered with its snapshots, since nothing would ever use it.
     */
    void settle(Fleet.RegionClients clients, Function<String, List<String>> users) {
        for (Map.Entry<String, FleetState.Copy> e : state.copies.entrySet()) {
            String region = e.getKey();
            String id = e.getValue().imageId;
            if (id == null) {
                continue;
            }
            List<String> groups = users.apply(region);
            if (!groups.isEmpty()) {
                state.record("image copy", id, "in use by group" + (groups.size() > 1 ? "s '" : " '")
                        + String.join("', '", groups) + "' in " + region);
                continue;
            }
            try (AwsClients aws = clients.open(region)) {
                state.apiCalls.merge("DescribeImages", 1, Integer::sum);
                Image image = aws.ec2().describeImages(q -> q.imageIds(id)).images().stream().findFirst().orElse(null);
                state.apiCalls.merge("DeregisterImage", 1, Integer::sum);
                aws.ec2().deregisterImage(q -> q.imageId(id));
                state.record("image copy", id, "deregistered (no group in " + region + " uses it)");
                if (image != null) {
                    for (String snapshot : RetentionDecision.mappedSnapshots(image)) {
                        state.apiCalls.merge("DeleteSnapshot", 1, Integer::sum);
                        aws.ec2().deleteSnapshot(q -> q.snapshotId(snapshot));
                        state.record("snapshot", snapshot, "deleted (of copy " + id + ")");
                    }
                }
            } catch (SdkException ex) {
                state.record("image copy", id, "left behind in " + region + ": " + AwsErrors.describe(ex));
            }
        }
    }
}
