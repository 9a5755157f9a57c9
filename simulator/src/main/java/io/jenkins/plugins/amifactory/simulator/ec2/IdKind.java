package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The kinds of EC2 ids the simulator hands out, with the error codes AWS answers for a malformed id and
 * for a well-formed one that names nothing.
 */
enum IdKind {
    INSTANCE("i", "InvalidInstanceID.Malformed", "InvalidInstanceID.NotFound",
            "The instance ID '%s' does not exist"),
    IMAGE("ami", "InvalidAMIID.Malformed", "InvalidAMIID.NotFound", "The image id '[%s]' does not exist"),
    SNAPSHOT("snap", "InvalidSnapshotID.Malformed", "InvalidSnapshot.NotFound", "The snapshot '%s' does not exist."),
    VOLUME("vol", "InvalidVolumeID.Malformed", "InvalidVolume.NotFound", "The volume '%s' does not exist."),
    LAUNCH_TEMPLATE("lt", "InvalidLaunchTemplateId.Malformed", "InvalidLaunchTemplateId.NotFound",
            "The specified launch template, with template ID %s, does not exist.");

    private final String prefix;
    private final Pattern shape;
    private final String malformedCode;
    private final String notFoundCode;
    private final String notFoundMessage;

    IdKind(String prefix, String malformedCode, String notFoundCode, String notFoundMessage) {
        this.prefix = prefix;
        // EC2 ids carry 8 hex digits (older resources) or 17.
        this.shape = Pattern.compile(prefix + "-[0-9a-f]{8}([0-9a-f]{9})?");
        this.malformedCode = malformedCode;
        this.notFoundCode = notFoundCode;
        this.notFoundMessage = notFoundMessage;
    }

    /** The kind an id's prefix names, or null when it names none the simulator knows. */
    static IdKind of(String id) {
        int dash = id.indexOf('-');
        if (dash > 0) {
            String p = id.substring(0, dash);
            for (IdKind k : values()) {
                if (k.prefix.equals(p)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** Throws AWS's malformed-id error unless {@code id} has this kind's shape. */
    String requireWellFormed(String id) {
        if (id == null || !shape.matcher(id).matches()) {
            throw new AwsException(malformedCode, "Invalid id: \"" + id + "\" (expecting \"" + prefix + "-...\")");
        }
        return id;
    }

    /** The resource {@code id} names among {@code resources}; AWS's errors for a malformed or unknown id. */
    <T> T require(Map<String, T> resources, String id) {
        T found = resources.get(requireWellFormed(id));
        if (found == null) {
            throw notFound(id);
        }
        return found;
    }

    AwsException notFound(String id) {
        return new AwsException(notFoundCode, String.format(notFoundMessage, id));
    }
}
