package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.Optional;

/**
 * Image ids given as Systems Manager parameters: {@code resolve:ssm:<name>} (the latest version) or
 * {@code resolve:ssm:<name>:<version>}. EC2 resolves one when a launch template version is created (to check
 * it) and again at every launch, so an Auto Scaling group follows the parameter without a new version.
 * Labels and parameters shared by ARN are not modelled: they resolve to nothing.
 */
final class ImageAliases {

    static final String PREFIX = "resolve:ssm:";

    private final ParameterStore ssm;

    ImageAliases(ParameterStore ssm) {
        this.ssm = ssm;
    }

    static boolean isAlias(String imageId) {
        return imageId != null && imageId.startsWith(PREFIX);
    }

    /** {@code imageId} itself, or the AMI id the parameter it names holds now. */
    String resolve(String imageId) {
        if (!isAlias(imageId)) {
            return imageId;
        }
        ParameterStore.Version v = find(imageId.substring(PREFIX.length()))
                .orElseThrow(() -> new AwsException("SsmInvalidParameter", "The parameter in " + imageId
                        + " does not exist, or not at that version."));
        if (!ParameterStore.IMAGE.equals(v.dataType())) {
            throw new AwsException("SsmInvalidParameter",
                    "Unsupported data type. The following parameter data types are supported: aws:ec2:image");
        }
        return v.value();
    }

    /** The Image id, resolved if it is an alias; the alias as written when it does not resolve now. */
    String resolveOrKeep(String imageId) {
        try {
            return resolve(imageId);
        } catch (AwsException e) {
            return imageId;
        }
    }

    /** The spec with its Image id resolved, for a launch. */
    LaunchSpec resolve(LaunchSpec spec) {
        return isAlias(spec.imageId()) ? spec.withImageAndType(resolve(spec.imageId()), null) : spec;
    }

    private Optional<ParameterStore.Version> find(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon < 0) {
            return ssm.get(reference);
        }
        String selector = reference.substring(colon + 1);
        if (!selector.matches("[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        return ssm.get(reference.substring(0, colon), Long.parseLong(selector));
    }
}
