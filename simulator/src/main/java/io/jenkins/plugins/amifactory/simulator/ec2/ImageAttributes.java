package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.List;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * AWS's rules for the attributes of an Image that its owner may change after creating it: its launch
 * permissions and its description. Only the owner may change or read the launch permissions. Guarded by
 * the world's lock.
 */
final class ImageAttributes {

    private final Account account;
    private final Images images;

    ImageAttributes(Account account, Images images) {
        this.account = account;
        this.images = images;
    }

    /** A registered Image of this account; AWS's AuthFailure for one the account may only see. */
    Image requireOwned(String imageId) {
        Image image = images.requireImage(imageId);
        if (!account.id().equals(image.ownerId)) {
            throw new AwsException("AuthFailure", "Not authorized for image:" + imageId);
        }
        return image;
    }

    /** See {@link Ec2World#modifyLaunchPermission}. */
    void modifyLaunchPermission(String imageId, List<LaunchPermissions.Grant> add,
                                List<LaunchPermissions.Grant> remove, boolean dryRun) {
        Image image = requireOwned(imageId);
        if (add.isEmpty() && remove.isEmpty()) {
            throw Ec2Requests.missing("LaunchPermission");
        }
        add.forEach(LaunchPermissions::validate);
        remove.forEach(LaunchPermissions::validate);
        stopIfDryRun(dryRun);
        // Removals last, so a grant named in both is not left in place: the cautious reading of a contradiction.
        add.forEach(image.launchPermissions::add);
        remove.forEach(image.launchPermissions::remove);
    }

    /** See {@link Ec2World#resetLaunchPermission}. */
    void resetLaunchPermission(String imageId, boolean dryRun) {
        Image image = requireOwned(imageId);
        stopIfDryRun(dryRun);
        image.launchPermissions.reset();
    }

    /** See {@link Ec2World#modifyDescription}. */
    void modifyDescription(String imageId, String description, boolean dryRun) {
        Image image = requireOwned(imageId);
        if (description != null && description.length() > 255) {
            throw new AwsException("InvalidParameterValue", "AMI descriptions must be at most 255 characters long.");
        }
        stopIfDryRun(dryRun);
        image.description = description;
    }
}
