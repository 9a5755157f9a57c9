package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of CreateOrUpdateTags and DeleteTags: at most {@value #MAX_PER_GROUP} tags per group and
 * {@value #MAX_PER_CALL} per call, no {@code aws:} keys, and a call that breaks a rule changes nothing, not
 * even the tags of other groups it names. Tags already on a group's instances stay as they are: a change
 * reaches only instances launched afterwards.
 */
final class GroupTags {

    static final int MAX_PER_GROUP = 50;
    static final int MAX_PER_CALL = 25;

    /**
     * One tag of a CreateOrUpdateTags or DeleteTags call; {@code value} and {@code propagateAtLaunch} are
     * null when not given.
     */
    record Change(String groupName, String key, String value, Boolean propagateAtLaunch) {}

    private final Function<String, AutoScalingGroup> groups;

    /** {@code groups} gives the group of a name, or null. */
    GroupTags(Function<String, AutoScalingGroup> groups) {
        this.groups = groups;
    }

    /** Adds the tags, or overwrites the whole definition (value and propagation) of a key a group has. */
    void createOrUpdate(List<Change> changes) {
        Map<AutoScalingGroup, Set<String>> keysAfter = new LinkedHashMap<>();
        for (Change c : checked(changes)) {
            AutoScalingGroup g = groups.apply(c.groupName());
            keysAfter.computeIfAbsent(g, x -> new HashSet<>(x.tags.keySet())).add(c.key());
        }
        keysAfter.forEach((g, keys) -> {
            if (keys.size() > MAX_PER_GROUP) {
                throw new AwsException("LimitExceeded", "The number of tags on Auto Scaling group " + g.name
                        + " would be " + keys.size() + "; a group can have at most " + MAX_PER_GROUP + " tags.");
            }
        });
        for (Change c : changes) {
            groups.apply(c.groupName()).tags.put(c.key(), new GroupTag(c.key(),
                    c.value() == null ? "" : c.value(), Boolean.TRUE.equals(c.propagateAtLaunch())));
        }
    }

    /**
     * Removes the keys; a tag given with a value is removed only if it has that value, as AWS documents.
     * Keys a group does not have are no error.
     */
    void delete(List<Change> changes) {
        for (Change c : checked(changes)) {
            AutoScalingGroup g = groups.apply(c.groupName());
            GroupTag current = g.tags.get(c.key());
            if (current != null && (c.value() == null || c.value().equals(current.value()))) {
                g.tags.remove(c.key());
            }
        }
    }

    /** The checks both actions make before changing anything. */
    private List<Change> checked(List<Change> changes) {
        if (changes.size() > MAX_PER_CALL) {
            throw new AwsException("ValidationError", "The maximum number of tags that can be added or removed in "
                    + "a single call is " + MAX_PER_CALL + "; this call has " + changes.size() + ".");
        }
        for (Change c : changes) {
            if (groups.apply(c.groupName()) == null) {
                throw new AwsException("ValidationError",
                        "AutoScalingGroup not found - AutoScaling Group " + c.groupName() + " not found");
            }
            checkKey(c.key());
        }
        return changes;
    }

    /** AWS keeps the {@code aws:} prefix for the tags it sets itself, which no call may set or remove. */
    static void checkKey(String key) {
        if (key.startsWith("aws:")) {
            throw new AwsException("ValidationError", "Tag keys starting with 'aws:' are reserved for internal use");
        }
    }
}
