package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * CreateTags and DeleteTags, which reach every taggable resource of a region by its id: all ids are
 * checked before any tag changes. Guarded by the world's lock.
 */
final class ResourceTags {

    private final Instances instances;
    private final Images images;
    private final LaunchTemplates launchTemplates;

    ResourceTags(Instances instances, Images images, LaunchTemplates launchTemplates) {
        this.instances = instances;
        this.images = images;
        this.launchTemplates = launchTemplates;
    }

    /** The tags of any taggable resource, by id; AWS's errors for an unknown or malformed one. */
    Map<String, String> of(String resourceId) {
        IdKind kind = IdKind.of(resourceId);
        if (kind == null) {
            throw new AwsException("InvalidID", "The ID '" + resourceId + "' is not valid");
        }
        return switch (kind) {
            case INSTANCE -> instances.requireInstance(resourceId).tags;
            case IMAGE -> images.requireImage(resourceId).tags;
            case SNAPSHOT -> images.requireSnapshot(resourceId).tags;
            case VOLUME -> instances.requireVolume(resourceId).tags;
            case LAUNCH_TEMPLATE -> launchTemplates.find(resourceId, null).tags;
        };
    }

    void create(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        List<Map<String, String>> targets = targets(resourceIds);
        stopIfDryRun(dryRun);
        targets.forEach(t -> t.putAll(tags));
    }

    /** See {@link Ec2World#deleteTags}. */
    void delete(List<String> resourceIds, Map<String, String> tags, boolean dryRun) {
        List<Map<String, String>> targets = targets(resourceIds);
        stopIfDryRun(dryRun);
        for (Map<String, String> target : targets) {
            tags.forEach((key, value) -> {
                if (value == null || value.equals(target.get(key))) {
                    target.remove(key);
                }
            });
        }
    }

    private List<Map<String, String>> targets(Collection<String> resourceIds) {
        if (resourceIds.isEmpty()) {
            throw Ec2Requests.missing("ResourceId");
        }
        return resourceIds.stream().map(this::of).toList();
    }
}
