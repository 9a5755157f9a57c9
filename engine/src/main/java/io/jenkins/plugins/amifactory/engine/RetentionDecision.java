package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What retention would do, found by a {@link RetentionScan} without changing anything: the Images beyond the
 * newest kept ones, the template versions and launch configurations that would go with them, why each other
 * candidate stays, and the Images tagged for the group that the tool did not make.
 *
 * <p>Whether the tool made an Image is judged on more than one tag, since anyone allowed {@code CreateTags} can
 * copy tags: the group, rollout and created-by tags must all be there, the source-instance tag must match the
 * instance AWS itself records as the Image's source (which no tag can change), and every snapshot of the Image
 * must carry the Image's rollout tag (CreateImage tags both at once). A fleet's copy into another region has no
 * source instance; for it AWS records the Image it was copied from, which its {@code ami-factory:copy-of} tag must
 * name. A template version counts as the tool's
 * only when its description names the rollout that made its Image.
 *
 * @param candidates          by id: the Images the tool made for the group beyond the newest kept ones
 * @param templateId          the template whose versions may be pruned, or null
 * @param versionsToPrune     version number to the candidate Image it names
 * @param configurationsToDelete launch configuration name to the candidate Image it names
 * @param keptBecause         candidate id to what references it; a candidate listed here stays
 * @param notMadeHere         Image id to why it is left alone although its tags name the group
 * @param snapshotRollouts    the group's snapshots: id to their rollout tag
 */
record RetentionDecision(Map<String, Image> candidates, String templateId, Map<Long, String> versionsToPrune,
                         Map<String, String> configurationsToDelete, Map<String, List<String>> keptBecause,
                         Map<String, String> notMadeHere, Map<String, String> snapshotRollouts) {

    private static final Pattern ROLLOUT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    boolean removes(Image image) {
        return !keptBecause.containsKey(image.imageId());
    }

    /**
     * The snapshots that go with {@code image}: those its mappings name that carry its rollout tag. A snapshot
     * that only carries the tag is left alone: CreateImage makes exactly the mapped ones, and a tag can be
     * copied onto anything (a failed Image's snapshots are removed by the revert of the rollout that recorded them).
     */
    List<String> snapshotsOf(Image image) {
        String rollout = tag(image, Rollout.TAG_ROLLOUT);
        return mappedSnapshots(image).stream().filter(id -> rollout.equals(snapshotRollouts.get(id))).toList();
    }

    /** Null when this tool made {@code image} for {@code group}, judged on its tags and AWS's own record; else why not. */
    static String notMadeHere(Image image, String group) {
        if (!group.equals(tag(image, Rollout.TAG_GROUP))) {
            return "it is tagged for another group";
        }
        String rollout = tag(image, Rollout.TAG_ROLLOUT);
        if (rollout == null || !ROLLOUT_ID.matcher(rollout).matches()) {
            return "its rollout tag is not one this tool writes";
        }
        if (tag(image, Rollout.TAG_CREATED_BY) == null) {
            return "it has no created-by tag";
        }
        String source = tag(image, Rollout.TAG_SOURCE_INSTANCE);
        if (image.sourceInstanceId() == null && image.sourceImageId() != null) {
            // A fleet's copy: AWS records the Image it was copied from, which no tag can change.
            String copyOf = tag(image, Fleet.TAG_COPY_OF);
            String recorded = image.sourceImageRegion() + "/" + image.sourceImageId();
            return recorded.equals(copyOf) ? null : "its copy-of tag (" + copyOf + ") is not the Image AWS copied it from ("
                    + recorded + ")";
        }
        if (image.sourceInstanceId() == null) {
            // Registered or copied, not made by CreateImage; or made before AWS began to record the source.
            return "AWS records no source instance for it";
        }
        if (source == null || !source.equals(image.sourceInstanceId())) {
            return "its source-instance tag (" + source + ") is not the instance AWS made it from ("
                    + image.sourceInstanceId() + ")";
        }
        return null;
    }

    /** A snapshot of {@code image} that does not carry the Image's rollout tag, or null when all do. */
    static String foreignSnapshot(Image image, Map<String, String> snapshotRollouts) {
        String rollout = tag(image, Rollout.TAG_ROLLOUT);
        return mappedSnapshots(image).stream().filter(id -> !rollout.equals(snapshotRollouts.get(id))).findFirst()
                .orElse(null);
    }

    /** Whether this tool wrote {@code version} around {@code image}: its description names the Image's rollout. */
    static boolean writtenFor(LaunchTemplateVersion version, Image image) {
        String d = version.versionDescription();
        if (!TemplateVersionPruning.writtenByThisTool(version)) {
            return false;
        }
        if (d.contains("(rollout " + tag(image, Rollout.TAG_ROLLOUT) + ")")) {
            return true;
        }
        // A fleet's copy was written into versions by the rollout of its region's group, not by the fleet that
        // tagged it; its name, unique in the region and the copy's own, is in their description.
        return tag(image, Fleet.TAG_COPY_OF) != null && d.startsWith("ami-factory " + image.name() + " from ");
    }

    static List<String> mappedSnapshots(Image image) {
        List<String> ids = new ArrayList<>();
        for (var m : image.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().snapshotId() != null) {
                ids.add(m.ebs().snapshotId());
            }
        }
        return ids;
    }

    static String tag(Image image, String key) {
        return image.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst().orElse(null);
    }
}
