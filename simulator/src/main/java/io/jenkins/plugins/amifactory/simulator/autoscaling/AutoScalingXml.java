package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.ec2.BlockDeviceMapping;
import io.jenkins.plugins.amifactory.simulator.ec2.MetadataOptions;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.List;

/**
 * Writes Auto Scaling's answer shapes (member names as in the 2011-01-01 API): launch configurations,
 * groups and their instances and tags, instance refreshes, scaling activities. Lists are {@code member} lists;
 * members without a value are left out.
 */
final class AutoScalingXml {

    private AutoScalingXml() {
    }

    static void launchConfiguration(Xml x, LaunchConfiguration lc) {
        x.el("LaunchConfigurationName", lc.name()).el("LaunchConfigurationARN", lc.arn())
                .el("ImageId", lc.imageId()).el("KeyName", lc.keyName())
                .values("SecurityGroups", "member", lc.securityGroups())
                .values("ClassicLinkVPCSecurityGroups", "member", List.of())
                .el("UserData", lc.userData())
                .el("InstanceType", lc.instanceType()).el("KernelId", lc.kernelId()).el("RamdiskId", lc.ramdiskId())
                .list("BlockDeviceMappings", "member", lc.blockDeviceMappings(), AutoScalingXml::blockDeviceMapping)
                .struct("InstanceMonitoring", m -> m.el("Enabled", !Boolean.FALSE.equals(lc.instanceMonitoring())))
                .el("SpotPrice", lc.spotPrice()).el("IamInstanceProfile", lc.iamInstanceProfile())
                .el("CreatedTime", lc.createdTime()).el("EbsOptimized", Boolean.TRUE.equals(lc.ebsOptimized()))
                .el("AssociatePublicIpAddress", lc.associatePublicIpAddress())
                .el("PlacementTenancy", lc.placementTenancy());
        MetadataOptions mo = lc.metadataOptions();
        if (mo != null) {
            x.struct("MetadataOptions", m -> m.el("HttpTokens", mo.httpTokens())
                    .el("HttpPutResponseHopLimit", mo.httpPutResponseHopLimit()).el("HttpEndpoint", mo.httpEndpoint()));
        }
    }

    private static void blockDeviceMapping(Xml x, BlockDeviceMapping b) {
        x.el("VirtualName", b.virtualName()).el("DeviceName", b.deviceName());
        if (b.ebs() != null) {
            x.struct("Ebs", e -> e.el("SnapshotId", b.ebs().snapshotId()).el("VolumeSize", b.ebs().volumeSize())
                    .el("VolumeType", b.ebs().volumeType()).el("DeleteOnTermination", b.ebs().deleteOnTermination())
                    .el("Iops", b.ebs().iops()).el("Encrypted", b.ebs().encrypted())
                    .el("Throughput", b.ebs().throughput()));
        }
        if (b.noDevice()) {
            x.el("NoDevice", true);
        }
    }

    static void group(Xml x, AutoScalingGroup g, boolean includeInstances) {
        x.el("AutoScalingGroupName", g.name).el("AutoScalingGroupARN", g.arn);
        launchSource(x, g.launchSource);
        x.el("MinSize", g.minSize).el("MaxSize", g.maxSize).el("DesiredCapacity", g.desiredCapacity)
                .el("DefaultCooldown", g.defaultCooldown)
                .values("AvailabilityZones", "member", g.availabilityZones)
                .values("LoadBalancerNames", "member", List.of())
                .values("TargetGroupARNs", "member", List.of())
                .el("HealthCheckType", g.healthCheckType).el("HealthCheckGracePeriod", g.healthCheckGracePeriod);
        if (includeInstances) {
            x.list("Instances", "member", g.instances.values(), AutoScalingXml::groupInstance);
        }
        x.el("CreatedTime", g.createdTime)
                .list("SuspendedProcesses", "member", List.of(), (m, o) -> { })
                .el("VPCZoneIdentifier", g.vpcZoneIdentifier)
                .list("EnabledMetrics", "member", List.of(), (m, o) -> { })
                .list("Tags", "member", g.tags.values(), (m, t) -> tagDescription(m, g.name, t))
                .values("TerminationPolicies", "member", List.of("Default"))
                .el("NewInstancesProtectedFromScaleIn", g.newInstancesProtectedFromScaleIn)
                .el("CapacityRebalance", g.capacityRebalance)
                .el("DefaultInstanceWarmup", g.defaultInstanceWarmup)
                .list("TrafficSources", "member", List.of(), (m, o) -> { });
    }

    /** A TagDescription, the shape both DescribeAutoScalingGroups and DescribeTags use. */
    static void tagDescription(Xml x, String groupName, GroupTag t) {
        x.el("ResourceId", groupName).el("ResourceType", TagActions.RESOURCE_TYPE).el("Key", t.key())
                .el("Value", t.value()).el("PropagateAtLaunch", t.propagateAtLaunch());
    }

    /** Whichever of LaunchConfigurationName, LaunchTemplate, MixedInstancesPolicy the source is. */
    static void launchSource(Xml x, LaunchSource s) {
        x.el("LaunchConfigurationName", s.launchConfigurationName());
        if (s.launchTemplate() != null) {
            launchTemplate(x, "LaunchTemplate", s.launchTemplate());
        }
        if (s.mixedInstancesPolicy() != null) {
            mixedInstancesPolicy(x, s.mixedInstancesPolicy());
        }
    }

    static void launchTemplate(Xml x, String element, LaunchTemplateRef t) {
        x.struct(element, l -> l.el("LaunchTemplateId", t.id()).el("LaunchTemplateName", t.name())
                .el("Version", t.version()));
    }

    private static void mixedInstancesPolicy(Xml x, MixedInstancesPolicy p) {
        MixedInstancesPolicy.InstancesDistribution d = p.distribution().withDefaults();
        x.struct("MixedInstancesPolicy", m -> m
                .struct("LaunchTemplate", lt -> {
                    launchTemplate(lt, "LaunchTemplateSpecification", p.launchTemplate());
                    lt.list("Overrides", "member", p.overrides(), (o, ov) -> {
                        o.el("InstanceType", ov.instanceType()).el("WeightedCapacity", ov.weightedCapacity());
                        if (ov.launchTemplate() != null) {
                            launchTemplate(o, "LaunchTemplateSpecification", ov.launchTemplate());
                        }
                        o.el("ImageId", ov.imageId());
                    });
                })
                .struct("InstancesDistribution", i -> i.el("OnDemandAllocationStrategy", d.onDemandAllocationStrategy())
                        .el("OnDemandBaseCapacity", d.onDemandBaseCapacity())
                        .el("OnDemandPercentageAboveBaseCapacity", d.onDemandPercentageAboveBaseCapacity())
                        .el("SpotAllocationStrategy", d.spotAllocationStrategy())
                        .el("SpotInstancePools", d.spotInstancePools()).el("SpotMaxPrice", d.spotMaxPrice())));
    }

    private static void groupInstance(Xml x, GroupInstance gi) {
        x.el("InstanceId", gi.instanceId).el("InstanceType", gi.launchedFrom.instanceType())
                .el("AvailabilityZone", gi.availabilityZone).el("LifecycleState", gi.lifecycle.awsName)
                .el("HealthStatus", gi.healthy ? "Healthy" : "Unhealthy");
        launchedFrom(x, gi.launchedFrom);
        x.el("ProtectedFromScaleIn", gi.protectedFromScaleIn);
    }

    private static void launchedFrom(Xml x, LaunchedFrom f) {
        x.el("LaunchConfigurationName", f.launchConfigurationName());
        if (f.launchConfigurationName() == null) {
            x.struct("LaunchTemplate", l -> l.el("LaunchTemplateId", f.templateId())
                    .el("LaunchTemplateName", f.templateName()).el("Version", f.templateVersion()));
        }
    }

    /** DescribeAutoScalingInstances' shape, which spells health in capitals. */
    static void autoScalingInstance(Xml x, AutoScalingGroup g, GroupInstance gi) {
        x.el("InstanceId", gi.instanceId).el("InstanceType", gi.launchedFrom.instanceType())
                .el("AutoScalingGroupName", g.name).el("AvailabilityZone", gi.availabilityZone)
                .el("LifecycleState", gi.lifecycle.awsName).el("HealthStatus", gi.healthy ? "HEALTHY" : "UNHEALTHY");
        launchedFrom(x, gi.launchedFrom);
        x.el("ImageId", gi.launchedFrom.imageId()).el("ProtectedFromScaleIn", gi.protectedFromScaleIn);
    }

    static void refresh(Xml x, InstanceRefreshRun r) {
        RefreshProgress progress = r.progress();
        x.el("InstanceRefreshId", r.id).el("AutoScalingGroupName", r.group.name())
                .el("Status", r.status().awsName()).el("StatusReason", progress.statusReason())
                .el("StartTime", r.startTime).el("EndTime", progress.endTime())
                .el("PercentageComplete", progress.percentageComplete())
                .el("InstancesToUpdate", progress.instancesToUpdate())
                .struct("ProgressDetails", p -> p.struct("LivePoolProgress", l -> l
                        .el("PercentageComplete", progress.percentageComplete())
                        .el("InstancesToUpdate", progress.instancesToUpdate())));
        preferences(x, r.preferences);
        if (r.desiredConfiguration != null) {
            x.struct("DesiredConfiguration", d -> launchSource(d, r.desiredConfiguration));
        }
        RefreshProgress.RollbackDetails rollback = progress.rollback();
        if (rollback != null) {
            x.struct("RollbackDetails", d -> d.el("RollbackReason", rollback.reason())
                    .el("RollbackStartTime", rollback.startTime())
                    .el("PercentageCompleteOnRollback", rollback.percentageComplete())
                    .el("InstancesToUpdateOnRollback", rollback.instancesToUpdate())
                    .struct("ProgressDetailsOnRollback", p -> p.struct("LivePoolProgress", l -> l
                            .el("PercentageComplete", rollback.percentageComplete())
                            .el("InstancesToUpdate", rollback.instancesToUpdate()))));
        }
        x.el("Strategy", "Rolling");
    }

    private static void preferences(Xml x, RefreshPreferences p) {
        x.struct("Preferences", m -> {
            m.el("MinHealthyPercentage", p.effectiveMinHealthyPercentage()).el("InstanceWarmup", p.instanceWarmup());
            if (!p.checkpointPercentages().isEmpty()) {
                m.values("CheckpointPercentages", "member", p.checkpointPercentages())
                        .el("CheckpointDelay", p.effectiveCheckpointDelay());
            }
            m.el("SkipMatching", p.skips()).el("AutoRollback", p.rollsBackAutomatically())
                    .el("ScaleInProtectedInstances", p.effectiveScaleInProtectedInstances())
                    .el("StandbyInstances", p.effectiveStandbyInstances())
                    .el("MaxHealthyPercentage", p.effectiveMaxHealthyPercentage())
                    .el("BakeTime", p.bakeTime());
            if (!p.alarms().isEmpty()) {
                m.struct("AlarmSpecification", a -> a.values("Alarms", "member", p.alarms()));
            }
        });
    }

    static void activity(Xml x, ScalingActivity a) {
        x.el("ActivityId", a.id).el("AutoScalingGroupName", a.groupName).el("Description", a.description)
                .el("Cause", a.cause).el("StartTime", a.startTime).el("EndTime", a.endTime)
                .el("StatusCode", a.statusCode).el("StatusMessage", a.statusMessage).el("Progress", a.progress)
                .el("Details", a.details).el("AutoScalingGroupARN", a.groupArn);
    }
}
