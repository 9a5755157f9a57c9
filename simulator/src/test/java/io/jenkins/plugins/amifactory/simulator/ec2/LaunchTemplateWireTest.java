package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateVersionsResponseErrorItem;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Launch templates and their versions through the SDK: round trips, versioning rules, errors. */
class LaunchTemplateWireTest extends Ec2WireTestBase {

    /** Base64 with '+', '/' and '=' in it, which must come back byte for byte. */
    private static final String USER_DATA = "IyEvYmluL2Jhc2gKZWNobyAiPz8+Pz8/IiA+IC90bXAveA==";

    private static RequestLaunchTemplateData everyKindOfField(String imageId) {
        return RequestLaunchTemplateData.builder()
                .imageId(imageId).instanceType("t3.micro").keyName("ops")
                .securityGroupIds("sg-0123456789abcdef0", "sg-0fedcba9876543210")
                .userData(USER_DATA)
                .iamInstanceProfile(p -> p.arn("arn:aws:iam::123456789012:instance-profile/web"))
                .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2).httpEndpoint("enabled")
                        .instanceMetadataTags("enabled"))
                .blockDeviceMappings(
                        b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(20).volumeType("gp3").iops(4000)
                                .throughput(250).encrypted(true).deleteOnTermination(true)
                                .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/abcd")),
                        b -> b.deviceName("/dev/sdb").virtualName("ephemeral0"),
                        b -> b.deviceName("/dev/sdc").noDevice(""))
                .networkInterfaces(n -> n.deviceIndex(0).associatePublicIpAddress(true).deleteOnTermination(true)
                        .groups("sg-0123456789abcdef0", "sg-0aaaaaaaaaaaaaaaa").subnetId("subnet-0123456789abcdef0")
                        .ipv6AddressCount(1)
                        .privateIpAddresses(a -> a.primary(true).privateIpAddress("10.0.0.5")))
                .tagSpecifications(
                        t -> t.resourceType(ResourceType.INSTANCE).tags(tag("Name", "web"), tag("team", "ops")),
                        t -> t.resourceType(ResourceType.VOLUME).tags(tag("backup", "daily")))
                .monitoring(m -> m.enabled(true))
                .ebsOptimized(true)
                .placement(p -> p.availabilityZone("us-east-1b").tenancy("default").groupName("spread-web"))
                .creditSpecification(c -> c.cpuCredits("unlimited"))
                .disableApiTermination(true)
                .disableApiStop(false)
                .instanceInitiatedShutdownBehavior("terminate")
                .kernelId("aki-0123456789abcdef0").ramDiskId("ari-0123456789abcdef0")
                .cpuOptions(c -> c.coreCount(2).threadsPerCore(1))
                .capacityReservationSpecification(c -> c.capacityReservationPreference("open"))
                .hibernationOptions(h -> h.configured(false))
                .licenseSpecifications(l -> l.licenseConfigurationArn("arn:aws:license-manager:us-east-1:1:license"))
                .enclaveOptions(e -> e.enabled(false))
                .maintenanceOptions(m -> m.autoRecovery("default"))
                .privateDnsNameOptions(p -> p.hostnameType("resource-name").enableResourceNameDnsARecord(true))
                .instanceMarketOptions(i -> i.marketType("spot").spotOptions(s -> s.maxPrice("0.05")
                        .validUntil(Instant.parse("2026-02-01T00:00:00Z"))))
                .instanceRequirements(r -> r.vCpuCount(v -> v.min(2).max(4)).memoryMiB(m -> m.min(1024))
                        .memoryGiBPerVCpu(m -> m.min(0.5)).excludedInstanceTypes("t2.*", "m4.*"))
                .build();
    }

    private LaunchTemplate createTemplate(String name, RequestLaunchTemplateData data) {
        return ec2.createLaunchTemplate(r -> r.launchTemplateName(name).versionDescription("first")
                .launchTemplateData(data)).launchTemplate();
    }

    private LaunchTemplateVersion describeVersion(String templateId, String version) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).versions(version))
                .launchTemplateVersions().get(0);
    }

    @Test
    void everyFieldOfTheTemplateDataComesBackAsSent() {
        RequestLaunchTemplateData sent = everyKindOfField(baseImage(8));
        LaunchTemplate template = createTemplate("web-template", sent);

        LaunchTemplateVersion version = describeVersion(template.launchTemplateId(), "1");

        assertThat(version.versionDescription()).isEqualTo("first");
        assertThat(version.defaultVersion()).isTrue();
        ResponseLaunchTemplateData returned = version.launchTemplateData();
        assertThat(returned.userData()).isEqualTo(USER_DATA);
        // request and response shapes share member names (LaunchTemplateNamesTest), so their values compare
        assertThat(values(returned)).isEqualTo(values(sent));
        assertThat(values(sent)).hasSizeGreaterThan(25);
    }

    /** An SDK object as nested maps of its set members, by member name; unset members and empty lists left out. */
    private static Map<String, Object> values(SdkPojo pojo) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = plain(field.getValueOrDefault(pojo));
            if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
                out.put(field.memberName(), value);
            }
        }
        return out;
    }

    private static Object plain(Object value) {
        if (value instanceof SdkPojo pojo) {
            return values(pojo);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LaunchTemplateWireTest::plain).collect(Collectors.toList());
        }
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MILLIS);
        }
        return value;
    }

    @Test
    void aVersionFromASourceInheritsWhatItDoesNotGiveAndReplacesWhatItGives() {
        String ami = baseImage(8);
        String newAmi = baseImage(16);
        LaunchTemplate template = createTemplate("web", everyKindOfField(ami));

        LaunchTemplateVersion v2 = ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(template.launchTemplateId())
                .sourceVersion("1").versionDescription("new image")
                .launchTemplateData(d -> d.imageId(newAmi)
                        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(30)))))
                .launchTemplateVersion();

        assertThat(v2.versionNumber()).isEqualTo(2L);
        assertThat(v2.defaultVersion()).isFalse();
        ResponseLaunchTemplateData data = describeVersion(template.launchTemplateId(), "$Latest").launchTemplateData();
        assertThat(data.imageId()).isEqualTo(newAmi);
        assertThat(data.userData()).isEqualTo(USER_DATA);
        assertThat(data.instanceType()).hasToString("t3.micro");
        assertThat(data.securityGroupIds()).containsExactly("sg-0123456789abcdef0", "sg-0fedcba9876543210");
        assertThat(data.tagSpecifications()).hasSize(2);
        // a list given replaces the source's whole list: no merging item by item
        assertThat(data.blockDeviceMappings()).singleElement().satisfies(b -> {
            assertThat(b.ebs().volumeSize()).isEqualTo(30);
            assertThat(b.ebs().volumeType()).isNull();
        });

        LaunchTemplateVersion fresh = ec2.createLaunchTemplateVersion(r -> r.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(newAmi))).launchTemplateVersion();
        assertThat(fresh.versionNumber()).isEqualTo(3L);
        assertThat(describeVersion(template.launchTemplateId(), "3").launchTemplateData().userData()).isNull();
    }

    @Test
    void versionAliasesRangesAndTheDefaultVersion() {
        String ami = baseImage(8);
        String id = createTemplate("web", RequestLaunchTemplateData.builder().imageId(ami).build()).launchTemplateId();
        for (int i = 0; i < 3; i++) {
            ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("$Latest")
                    .launchTemplateData(d -> d.instanceType("t3.large")));
        }

        assertThat(describeVersion(id, "$Latest").versionNumber()).isEqualTo(4L);
        assertThat(describeVersion(id, "$Default").versionNumber()).isEqualTo(1L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).minVersion("2").maxVersion("3"))
                .launchTemplateVersions()).extracting(LaunchTemplateVersion::versionNumber).containsExactly(3L, 2L);

        LaunchTemplate modified = ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("3"))
                .launchTemplate();

        assertThat(modified.defaultVersionNumber()).isEqualTo(3L);
        assertThat(modified.latestVersionNumber()).isEqualTo(4L);
        assertThat(describeVersion(id, "$Default").versionNumber()).isEqualTo(3L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)
                        .filters(f -> f.name("is-default-version").values("true"))).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(3L);
        // naming no template, $Latest and $Default describe every template's
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.versions("$Latest", "$Default")).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(4L, 3L);
        assertAwsError(() -> describeVersion(id, "9"), "InvalidLaunchTemplateId.VersionNotFound");
        assertAwsError(() -> ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("9")),
                "InvalidLaunchTemplateId.VersionNotFound");
    }

    @Test
    void theDefaultVersionCannotBeDeletedAndThatIsReportedNotThrown() {
        String ami = baseImage(8);
        String id = createTemplate("web", RequestLaunchTemplateData.builder().imageId(ami).build()).launchTemplateId();
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(d -> d.imageId(ami)));

        DeleteLaunchTemplateVersionsResponse answer = ec2.deleteLaunchTemplateVersions(r -> r.launchTemplateId(id)
                .versions("1", "2", "7"));

        assertThat(answer.successfullyDeletedLaunchTemplateVersions()).singleElement()
                .satisfies(s -> assertThat(s.versionNumber()).isEqualTo(2L));
        assertThat(answer.unsuccessfullyDeletedLaunchTemplateVersions())
                .extracting(DeleteLaunchTemplateVersionsResponseErrorItem::versionNumber,
                        e -> e.responseError().codeAsString())
                .containsExactlyInAnyOrder(tuple(1L, "unexpectedError"),
                        tuple(7L, "launchTemplateVersionDoesNotExist"));
        assertThat(answer.unsuccessfullyDeletedLaunchTemplateVersions())
                .allSatisfy(e -> assertThat(e.responseError().message()).isNotBlank());
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)).launchTemplateVersions())
                .extracting(LaunchTemplateVersion::versionNumber).containsExactly(1L);

        DeleteLaunchTemplateVersionsResponse unknown = ec2.deleteLaunchTemplateVersions(r -> r
                .launchTemplateId("lt-0123456789abcdef0").versions("1"));
        assertThat(unknown.unsuccessfullyDeletedLaunchTemplateVersions()).singleElement()
                .satisfies(e -> assertThat(e.responseError().codeAsString()).isEqualTo("launchTemplateIdDoesNotExist"));
    }

    @Test
    void describeLaunchTemplatesByIdNameFilterAndPage() {
        String ami = baseImage(8);
        for (String name : List.of("web", "api", "worker")) {
            ec2.createLaunchTemplate(r -> r.launchTemplateName(name)
                    .launchTemplateData(d -> d.imageId(ami))
                    .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE)
                            .tags(tag("tier", name.equals("worker") ? "back" : "front"))));
        }

        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateNames("api")).launchTemplates())
                .extracting(LaunchTemplate::launchTemplateName).containsExactly("api");
        assertThat(ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("tag:tier").values("front")))
                .launchTemplates()).extracting(LaunchTemplate::launchTemplateName).containsExactly("web", "api");
        assertThat(ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("launch-template-name").values("w*")))
                .launchTemplates()).extracting(LaunchTemplate::launchTemplateName).containsExactly("web", "worker");
        assertThat(ec2.describeLaunchTemplatesPaginator(r -> r.maxResults(1)).launchTemplates())
                .extracting(LaunchTemplate::launchTemplateName).containsExactly("web", "api", "worker");

        LaunchTemplate web = ec2.describeLaunchTemplates(r -> r.launchTemplateNames("web")).launchTemplates().get(0);
        assertThat(web.tags()).containsExactly(tag("tier", "front"));
        assertThat(web.defaultVersionNumber()).isEqualTo(1L);
        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateIds(web.launchTemplateId())).launchTemplates())
                .singleElement().satisfies(t -> assertThat(t.launchTemplateName()).isEqualTo("web"));
    }

    @Test
    void deletedTemplatesAreGone() {
        String ami = baseImage(8);
        String id = createTemplate("web", RequestLaunchTemplateData.builder().imageId(ami).build()).launchTemplateId();

        assertDryRun(() -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(id).dryRun(true)));
        LaunchTemplate deleted = ec2.deleteLaunchTemplate(r -> r.launchTemplateName("web")).launchTemplate();

        assertThat(deleted.launchTemplateId()).isEqualTo(id);
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds(id)),
                "InvalidLaunchTemplateId.NotFound");
        assertThat(createTemplate("web", RequestLaunchTemplateData.builder().imageId(ami).build()).launchTemplateId())
                .isNotEqualTo(id);
    }

    @Test
    void errorsUseEc2Codes() {
        String ami = baseImage(8);
        RequestLaunchTemplateData data = RequestLaunchTemplateData.builder().imageId(ami).build();
        String id = createTemplate("web", data).launchTemplateId();

        assertAwsError(() -> createTemplate("web", data), "InvalidLaunchTemplateName.AlreadyExistsException");
        assertAwsError(() -> createTemplate("no spaces allowed", data), "InvalidLaunchTemplateName.MalformedException");
        assertAwsError(() -> createTemplate("ab", data), "InvalidLaunchTemplateName.MalformedException");
        assertAwsError(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName("empty")), "MissingParameter");
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateNames("nope")),
                "InvalidLaunchTemplateName.NotFoundException");
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds("lt-0123456789abcdef0")),
                "InvalidLaunchTemplateId.NotFound");
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds("web")),
                "InvalidLaunchTemplateId.Malformed");
        assertAwsError(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).launchTemplateName("web")),
                "InvalidParameterCombination");
        assertAwsError(() -> ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("5")
                .launchTemplateData(data)), "InvalidLaunchTemplateId.VersionNotFound");
        assertAwsError(() -> ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(data)
                .versionDescription("x".repeat(256))), "InvalidParameterValue");
    }

    @Test
    void dryRunValidatesFirstAndChangesNothing() {
        String ami = baseImage(8);
        RequestLaunchTemplateData data = RequestLaunchTemplateData.builder().imageId(ami).build();

        assertDryRun(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName("web").launchTemplateData(data)
                .dryRun(true)));
        assertThat(ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
        assertAwsError(() -> ec2.createLaunchTemplate(r -> r.launchTemplateName("x").launchTemplateData(data)
                .dryRun(true)), "InvalidLaunchTemplateName.MalformedException");

        String id = createTemplate("web", data).launchTemplateId();
        assertDryRun(() -> ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).launchTemplateData(data)
                .dryRun(true)));
        assertDryRun(() -> ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion("1").dryRun(true)));
        assertDryRun(() -> ec2.deleteLaunchTemplateVersions(r -> r.launchTemplateId(id).versions("1").dryRun(true)));
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)).launchTemplateVersions())
                .hasSize(1);
    }
}
