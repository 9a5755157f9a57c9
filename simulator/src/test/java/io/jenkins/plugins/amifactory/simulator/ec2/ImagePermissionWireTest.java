package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeName;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Launch permissions and the description of an Image, through the real SDK. */
class ImagePermissionWireTest extends Ec2WireTestBase {

    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String ORGANIZATION = "arn:aws:organizations::123456789012:organization/o-abcdef1234";
    private static final String UNIT = "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdefgh34";

    private static LaunchPermission account(String id) {
        return LaunchPermission.builder().userId(id).build();
    }

    private static LaunchPermission everyone() {
        return LaunchPermission.builder().group(PermissionGroup.ALL).build();
    }

    private List<LaunchPermission> permissions(String imageId) {
        return ec2.describeImageAttribute(r -> r.imageId(imageId).attribute(ImageAttributeName.LAUNCH_PERMISSION))
                .launchPermissions();
    }

    @Test
    void grantsAreListedAndMakeTheImagePublicOrShared() {
        String ami = availableImage("shared-1");
        assertThat(permissions(ami)).isEmpty();
        assertThat(describeImage(ami).publicLaunchPermissions()).isFalse();

        ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(account(OTHER_ACCOUNT), everyone(),
                LaunchPermission.builder().organizationArn(ORGANIZATION).build(),
                LaunchPermission.builder().organizationalUnitArn(UNIT).build())));

        assertThat(permissions(ami)).containsExactly(everyone(), account(OTHER_ACCOUNT),
                LaunchPermission.builder().organizationArn(ORGANIZATION).build(),
                LaunchPermission.builder().organizationalUnitArn(UNIT).build());
        assertThat(describeImage(ami).publicLaunchPermissions()).isTrue();
        assertThat(ec2.describeImages(r -> r.filters(f -> f.name("is-public").values("true")).owners("self"))
                .images()).extracting(i -> i.imageId()).containsExactly(ami);
        assertThat(ec2.describeImages(r -> r.executableUsers(OTHER_ACCOUNT)).images())
                .extracting(i -> i.imageId()).containsExactly(ami);
        assertThat(ec2.describeImages(r -> r.executableUsers("all").owners("self")).images())
                .extracting(i -> i.imageId()).containsExactly(ami);
        assertThat(ec2.describeImages(r -> r.executableUsers("self")).images()).isEmpty();
    }

    @Test
    void revokingAndResettingLeaveTheOwnerAlone() {
        String ami = availableImage("shared-2");
        ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(account(OTHER_ACCOUNT), everyone())));

        ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.remove(everyone())));
        assertThat(permissions(ami)).containsExactly(account(OTHER_ACCOUNT));
        assertThat(describeImage(ami).publicLaunchPermissions()).isFalse();

        // Revoking what was never granted is no error.
        ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.remove(account("111122223333"))));

        ec2.resetImageAttribute(r -> r.imageId(ami).attribute(ResetImageAttributeName.LAUNCH_PERMISSION));
        assertThat(permissions(ami)).isEmpty();
    }

    @Test
    void theOlderFlatFormGrantsAndRevokesToo() {
        String ami = availableImage("shared-3");

        ec2.modifyImageAttribute(r -> r.imageId(ami).attribute("launchPermission").operationType(OperationType.ADD)
                .userIds(OTHER_ACCOUNT).userGroups("all"));
        assertThat(permissions(ami)).containsExactly(everyone(), account(OTHER_ACCOUNT));

        ec2.modifyImageAttribute(r -> r.imageId(ami).attribute("launchPermission")
                .operationType(OperationType.REMOVE).userIds(OTHER_ACCOUNT));
        assertThat(permissions(ami)).containsExactly(everyone());
    }

    @Test
    void aBadGrantChangesNothing() {
        String ami = availableImage("shared-4");

        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(
                account(OTHER_ACCOUNT), account("12345")))), "InvalidUserID.Malformed");
        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(
                LaunchPermission.builder().group("friends").build()))), "InvalidParameterValue");
        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(
                LaunchPermission.builder().organizationArn("o-abcdef1234").build()))), "InvalidParameterValue");
        assertDryRun(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).dryRun(true)
                .launchPermission(l -> l.add(everyone()))));

        assertThat(permissions(ami)).isEmpty();
    }

    @Test
    void unknownMalformedAndForeignImagesAreRefused() {
        String amazons = baseImage(8);

        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId("ami-0123456789abcdef0")
                .launchPermission(l -> l.add(everyone()))), "InvalidAMIID.NotFound");
        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId("image-1")
                .launchPermission(l -> l.add(everyone()))), "InvalidAMIID.Malformed");
        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(amazons)
                .launchPermission(l -> l.add(everyone()))), "AuthFailure");
        assertAwsError(() -> permissions(amazons), "AuthFailure");
        assertAwsError(() -> ec2.resetImageAttribute(r -> r.imageId(amazons)
                .attribute(ResetImageAttributeName.LAUNCH_PERMISSION)), "AuthFailure");
        assertAwsError(() -> permissions("ami-0123456789abcdef0"), "InvalidAMIID.NotFound");
    }

    @Test
    void deregisteredImagesAreUnknown() {
        String ami = availableImage("shared-5");
        ec2.deregisterImage(r -> r.imageId(ami));

        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).launchPermission(l -> l.add(everyone()))),
                "InvalidAMIID.NotFound");
    }

    @Test
    void badAttributeNamesAreRefused() {
        String ami = availableImage("shared-6");

        assertAwsError(() -> ec2.describeImageAttribute(r -> r.imageId(ami).attribute("colour")),
                "InvalidParameterValue");
        assertAwsError(() -> ec2.describeImageAttribute(r -> r.imageId(ami)
                .attribute(ImageAttributeName.BLOCK_DEVICE_MAPPING)), "AuthFailure");
        assertAwsError(() -> ec2.modifyImageAttribute(r -> r.imageId(ami).attribute("colour").value("red")),
                "InvalidParameterValue");
        assertAwsError(() -> ec2.resetImageAttribute(r -> r.imageId(ami).attribute("description")),
                "InvalidParameterValue");
    }

    @Test
    void theDescriptionCanBeChangedAndRead() {
        String ami = availableImage("described-1");

        ec2.modifyImageAttribute(r -> r.imageId(ami).description(d -> d.value("web, January build")));

        DescribeImageAttributeResponse read =
                ec2.describeImageAttribute(r -> r.imageId(ami).attribute(ImageAttributeName.DESCRIPTION));
        assertThat(read.imageId()).isEqualTo(ami);
        assertThat(read.description().value()).isEqualTo("web, January build");
        assertThat(describeImage(ami).description()).isEqualTo("web, January build");
    }

    @Test
    void lastLaunchedTimeFollowsLaunches() {
        String ami = availableImage("launched-1");
        assertThat(ec2.describeImageAttribute(r -> r.imageId(ami).attribute(ImageAttributeName.LAST_LAUNCHED_TIME))
                .lastLaunchedTime().value()).isNull();

        ec2.runInstances(r -> r.imageId(ami).instanceType("t3.micro").minCount(1).maxCount(1));

        String at = ec2.describeImageAttribute(r -> r.imageId(ami).attribute(ImageAttributeName.LAST_LAUNCHED_TIME))
                .lastLaunchedTime().value();
        assertThat(Instant.parse(at)).isEqualTo(sim.world.now());
    }
}
