package io.jenkins.plugins.amifactory.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the Image is made, named and kept: the parts of a {@link RolloutRequest} about the Image.
 *
 * @param nameTemplate    the Image name before expansion ({@link ImageNames})
 * @param description     the Image description, or null for a generated one
 * @param tags            extra tags for the Image, its snapshots and the configuration it goes into
 * @param callerReference who asked (a build, a ticket), recorded in the {@code ami-factory:created-by} tag
 * @param reboot          whether the instance reboots for a consistent Image (through Standby if in the group)
 * @param keepImages      how many Images this tool made for the group to keep; 0 turns retention off
 */
public record ImageSettings(String nameTemplate, String description, Map<String, String> tags,
                            String callerReference, boolean reboot, int keepImages) {

    public static final String DEFAULT_NAME = "{group}-{yyyyMMdd-HHmmss}";
    /**
     * Tags a user may add: AWS allows 50 on a resource, and an Image carries up to five of the tool's own
     * ({@code ami-factory:group}, {@code source-instance}, {@code created-by}, {@code rollout} and
     * {@code launch-configuration}).
     */
    public static final int MAX_USER_TAGS = 45;
    /** The tool's own tag keys start with this; retention and the lease rely on no one else writing them. */
    public static final String RESERVED_TAG_PREFIX = "ami-factory:";
    public static final int DEFAULT_KEEP_IMAGES = 3;

    public ImageSettings {
        // Insertion order is the order the tags are written in.
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    void validate() {
        ImageNames.checkTemplate(nameTemplate);
        if (description != null && description.length() > 255) {
            throw new InvalidRequestException("imageDescription", "the description is longer than 255 characters",
                    "shorten it");
        }
        RolloutRequest.checkRange("keepImages", keepImages, 0, 1000);
        checkTags(tags);
    }

    /** AWS's limits on tags, and the keys AWS and this tool keep for themselves. */
    static void checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_USER_TAGS) {
            throw new InvalidRequestException("tags", tags.size() + " tags given; at most " + MAX_USER_TAGS + " fit",
                    "AWS allows 50 tags on a resource and AMI Factory writes up to 5 of its own; drop some");
        }
        tags.forEach((key, value) -> {
            String shown = LogText.oneLine(key, 60);
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("aws:")) {
                throw new InvalidRequestException("tags", "tag key '" + shown + "' starts with aws:",
                        "AWS reserves the aws: prefix; choose another key");
            }
            if (lower.startsWith(RESERVED_TAG_PREFIX)) {
                throw new InvalidRequestException("tags", "tag key '" + shown + "' starts with " + RESERVED_TAG_PREFIX,
                        "AMI Factory writes the " + RESERVED_TAG_PREFIX + " tags itself; choose another key");
            }
            if (key.length() > 128) {
                throw new InvalidRequestException("tags", "tag key '" + shown + "' is " + key.length()
                        + " characters long", "AWS allows at most 128; shorten it");
            }
            if (value.length() > 256) {
                throw new InvalidRequestException("tags", "the value of tag '" + shown + "' is " + value.length()
                        + " characters long", "AWS allows at most 256; shorten it");
            }
            if (LogText.hasControl(key) || LogText.hasControl(value)) {
                throw new InvalidRequestException("tags", "tag '" + shown + "' contains a control character (a line break, a tab)",
                        "write the key and the value on one line, without control characters");
            }
        });
    }
}
