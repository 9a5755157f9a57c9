package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatePlacementRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpotMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatesMonitoringRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.List;

/**
 * Moves a group from its launch configuration to a launch template made from it, with the new Image:
 * the way out for accounts that can no longer create launch configurations (every account created since
 * 2024-10-01). Every launch configuration field has a template counterpart.
 */
final class TemplateMigration {

    private TemplateMigration() {
    }

    static void create(Rollout rollout, LaunchConfiguration lc, Image image) {
        RolloutState s = rollout.state();
        String name = rollout.request().asg() + "-ami-factory";
        var existing = rollout.call("DescribeLaunchTemplates", () -> rollout.aws().ec2().describeLaunchTemplates(r -> r
                .filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                        .name("tag:" + Rollout.TAG_ROLLOUT).values(s.rolloutId).build()))).launchTemplates();
        if (!existing.isEmpty()) {
            rollout.listener().info("Found launch template " + existing.get(0).launchTemplateId()
                    + " from an earlier attempt of this rollout; using it");
            s.templateId = existing.get(0).launchTemplateId();
            s.templateName = existing.get(0).launchTemplateName();
            s.newTemplateVersion = existing.get(0).latestVersionNumber();
        } else {
            RequestLaunchTemplateData data = data(lc, image);
            var created = rollout.call("CreateLaunchTemplate", () -> rollout.aws().ec2().createLaunchTemplate(r -> r
                    .launchTemplateName(name + "-" + s.rolloutId.substring(0, 8))
                    .clientToken(s.rolloutId)
                    .versionDescription(rollout.versionDescription())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
                            .tags(rollout.tags()).build())
                    .launchTemplateData(data))).launchTemplate();
            s.templateId = created.launchTemplateId();
            s.templateName = created.launchTemplateName();
            s.newTemplateVersion = created.latestVersionNumber();
        }
        s.record("launch template", s.templateId, "created from launch configuration " + lc.launchConfigurationName());
        s.record("launch template version", s.templateId + ":" + s.newTemplateVersion, "created");
    }

    /** The template data equivalent to {@code lc}, with the new Image and its block devices. */
    static RequestLaunchTemplateData data(LaunchConfiguration lc, Image image) {
        RequestLaunchTemplateData.Builder d = RequestLaunchTemplateData.builder()
                .imageId(image.imageId())
                .instanceType(lc.instanceType())
                .keyName(NextConfiguration.emptyToNull(lc.keyName()))
                .userData(NextConfiguration.emptyToNull(lc.userData()))
                .kernelId(NextConfiguration.emptyToNull(lc.kernelId()))
                .ramDiskId(NextConfiguration.emptyToNull(lc.ramdiskId()))
                .ebsOptimized(lc.ebsOptimized())
                .blockDeviceMappings(NextConfiguration.templateDevices(
                        lc.blockDeviceMappings().stream().map(NextConfiguration::toRequest).toList(), image));
        String profile = NextConfiguration.emptyToNull(lc.iamInstanceProfile());
        if (profile != null) {
            d.iamInstanceProfile(profile.startsWith("arn:")
                    ? LaunchTemplateIamInstanceProfileSpecificationRequest.builder().arn(profile).build()
                    : LaunchTemplateIamInstanceProfileSpecificationRequest.builder().name(profile).build());
        }
        if (lc.instanceMonitoring() != null && lc.instanceMonitoring().enabled() != null) {
            d.monitoring(LaunchTemplatesMonitoringRequest.builder().enabled(lc.instanceMonitoring().enabled()).build());
        }
        if (lc.metadataOptions() != null) {
            d.metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder()
                    .httpTokens(lc.metadataOptions().httpTokensAsString())
                    .httpPutResponseHopLimit(lc.metadataOptions().httpPutResponseHopLimit())
                    .httpEndpoint(lc.metadataOptions().httpEndpointAsString())
                    .build());
        }
        if (NextConfiguration.emptyToNull(lc.placementTenancy()) != null) {
            d.placement(LaunchTemplatePlacementRequest.builder().tenancy(lc.placementTenancy()).build());
        }
        if (NextConfiguration.emptyToNull(lc.spotPrice()) != null) {
            d.instanceMarketOptions(LaunchTemplateInstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(LaunchTemplateSpotMarketOptionsRequest.builder().maxPrice(lc.spotPrice()).build()).build());
        }
        List<String> groups = lc.hasSecurityGroups() ? lc.securityGroups() : List.of();
        boolean ids = groups.stream().allMatch(g -> g.startsWith("sg-"));
        if (lc.associatePublicIpAddress() != null) {
            // A public-IP choice lives on the network interface in a template, and then so must the groups.
            d.networkInterfaces(LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder().deviceIndex(0)
                    .associatePublicIpAddress(lc.associatePublicIpAddress()).groups(groups).build());
        } else if (ids) {
            d.securityGroupIds(groups);
        } else {
            d.securityGroups(groups);
        }
        return d.build();
    }
}
