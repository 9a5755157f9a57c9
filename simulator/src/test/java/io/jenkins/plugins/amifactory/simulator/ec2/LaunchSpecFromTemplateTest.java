package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What Auto Scaling launches from: {@link Ec2World#launchSpecFromTemplate} and its siblings, read from
 * templates written through the SDK.
 */
class LaunchSpecFromTemplateTest extends Ec2WireTestBase {

    private static final String USER_DATA = "ZWNobyBoZWxsbw==";

    private String ami;
    private String newAmi;
    private String templateId;

    @BeforeEach
    void templateWithTwoVersions() {
        ami = baseImage(8);
        newAmi = baseImage(16);
        templateId = ec2.createLaunchTemplate(r -> r.launchTemplateName("web").launchTemplateData(d -> d
                .imageId(ami).instanceType("t3.small").keyName("ops").userData(USER_DATA)
                .securityGroupIds("sg-0123456789abcdef0").securityGroups("legacy-web")
                .networkInterfaces(n -> n.deviceIndex(0).groups("sg-0aaaaaaaaaaaaaaaa"))
                .iamInstanceProfile(p -> p.name("web-profile"))
                .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(1).httpEndpoint("enabled")
                        .instanceMetadataTags("disabled"))
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(30).volumeType("gp3")
                                .deleteOnTermination(true)),
                        b -> b.deviceName("/dev/sdb").virtualName("ephemeral0"),
                        b -> b.deviceName("/dev/sdc").noDevice(""))
                .ebsOptimized(true).monitoring(m -> m.enabled(false))
                .kernelId("aki-0123456789abcdef0").ramDiskId("ari-0123456789abcdef0")
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag("Name", "web"))))
        ).launchTemplate().launchTemplateId();
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(templateId).sourceVersion("1")
                .launchTemplateData(d -> d.imageId(newAmi)));
    }

    private LaunchSpec spec(String id, String name, String version) {
        return inWorld(w -> w.launchSpecFromTemplate(id, name, version));
    }

    private long resolve(String id, String name, String version) {
        return inWorld(w -> w.resolveTemplateVersion(id, name, version));
    }

    private Map<String, String> templateTags(String resourceType) {
        return inWorld(w -> w.tagsFromTemplate(templateId, null, null, resourceType));
    }

    @Test
    void theSpecCarriesEveryLaunchFieldOfTheVersion() {
        LaunchSpec spec = spec(templateId, null, "1");

        assertThat(spec.imageId()).isEqualTo(ami);
        assertThat(spec.instanceType()).isEqualTo("t3.small");
        assertThat(spec.keyName()).isEqualTo("ops");
        assertThat(spec.userData()).isEqualTo(USER_DATA);
        assertThat(spec.securityGroups()).containsExactly("sg-0123456789abcdef0", "legacy-web", "sg-0aaaaaaaaaaaaaaaa");
        assertThat(spec.iamInstanceProfile()).isEqualTo("web-profile");
        assertThat(spec.metadataOptions()).isEqualTo(new MetadataOptions("required", 1, "enabled", "disabled"));
        assertThat(spec.blockDeviceMappings()).containsExactly(
                BlockDeviceMapping.ebs("/dev/xvda", new Ebs(null, 30, "gp3", null, null, null, null, true)),
                new BlockDeviceMapping("/dev/sdb", "ephemeral0", null, false),
                new BlockDeviceMapping("/dev/sdc", null, null, true));
        assertThat(spec.ebsOptimized()).isTrue();
        assertThat(spec.monitoring()).isFalse();
        assertThat(spec.kernelId()).isEqualTo("aki-0123456789abcdef0");
        assertThat(spec.ramdiskId()).isEqualTo("ari-0123456789abcdef0");
    }

    @Test
    void versionsResolveLikeAutoScalingNamesThem() {
        assertThat(spec(templateId, null, null).imageId()).isEqualTo(ami);
        assertThat(spec(null, "web", "$Default").imageId()).isEqualTo(ami);
        assertThat(spec(null, "web", "$Latest").imageId()).isEqualTo(newAmi);
        assertThat(spec(templateId, "ignored-when-id-given", "2").userData())
                .as("inherited from the source version").isEqualTo(USER_DATA);
        assertThat(resolve(templateId, null, "$Latest")).isEqualTo(2L);
        assertThat(resolve(null, "web", null)).isEqualTo(1L);

        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(templateId).defaultVersion("2"));
        assertThat(spec(templateId, null, null).imageId()).isEqualTo(newAmi);
    }

    @Test
    void unknownTemplatesAndVersionsGetEc2Codes() {
        assertWorldError(() -> inWorld(w -> w.launchSpecFromTemplate(templateId, null, "7")),
                "InvalidLaunchTemplateId.VersionNotFound");
        assertWorldError(() -> inWorld(w -> w.launchSpecFromTemplate(templateId, null, "latest")),
                "InvalidParameterValue");
        assertWorldError(() -> inWorld(w -> w.launchSpecFromTemplate(null, "nope", null)),
                "InvalidLaunchTemplateName.NotFoundException");
        assertWorldError(() -> inWorld(w -> w.launchSpecFromTemplate("lt-0123456789abcdef0", null, null)),
                "InvalidLaunchTemplateId.NotFound");
        assertWorldError(() -> inWorld(w -> w.resolveTemplateVersion(null, null, null)), "MissingParameter");
    }

    private static void assertWorldError(ThrowingCallable call, String code) {
        assertThat(catchThrowableOfType(AwsException.class, call).code()).isEqualTo(code);
    }

    @Test
    void instancesLaunchFromTheSpecWithTheTemplateTags() {
        Map<String, String> tags = templateTags("instance");
        assertThat(tags).containsExactly(Map.entry("Name", "web"));
        assertThat(templateTags("volume")).isEmpty();

        Instance instance = inWorld(w -> w.launchInstance(w.launchSpecFromTemplate(templateId, null, null),
                w.availabilityZones().get(1), tags));

        assertThat(instance.tags).isEqualTo(tags);
        assertThat(instance.instanceStoreMappings).extracting(BlockDeviceMapping::virtualName)
                .containsExactly("ephemeral0");
        int rootSize = inWorld(w -> w.volume(instance.blockDevices.get(0).volumeId()).sizeGiB);
        assertThat(rootSize).isEqualTo(30);
    }
}
