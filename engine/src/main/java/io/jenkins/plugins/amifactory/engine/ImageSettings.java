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
    }
}
