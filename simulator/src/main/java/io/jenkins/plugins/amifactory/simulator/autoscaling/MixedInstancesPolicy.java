package io.jenkins.plugins.amifactory.simulator.autoscaling;

import java.util.List;

/**
 * A mixed instances policy: a launch template, instance-type overrides, and how On-Demand and Spot
 * capacity is split. The simulator launches every instance On-Demand, from the first override (or the
 * template's own type when there is none), but keeps and returns the whole policy.
 */
public record MixedInstancesPolicy(LaunchTemplateRef launchTemplate, List<Override> overrides,
                                   InstancesDistribution distribution) {

    public MixedInstancesPolicy {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        distribution = distribution == null ? InstancesDistribution.DEFAULTS : distribution;
    }

    /** One override; a null member was not given. */
    public record Override(String instanceType, String weightedCapacity, LaunchTemplateRef launchTemplate,
                           String imageId) {}

    /** The purchase options, with AWS's defaults filled in for members not given. */
    public record InstancesDistribution(String onDemandAllocationStrategy, Integer onDemandBaseCapacity,
                                        Integer onDemandPercentageAboveBaseCapacity, String spotAllocationStrategy,
                                        Integer spotInstancePools, String spotMaxPrice) {

        static final InstancesDistribution DEFAULTS =
                new InstancesDistribution("prioritized", 0, 100, "lowest-price", 2, null);

        InstancesDistribution withDefaults() {
            return new InstancesDistribution(
                    onDemandAllocationStrategy != null ? onDemandAllocationStrategy : "prioritized",
                    onDemandBaseCapacity != null ? onDemandBaseCapacity : 0,
                    onDemandPercentageAboveBaseCapacity != null ? onDemandPercentageAboveBaseCapacity : 100,
                    spotAllocationStrategy != null ? spotAllocationStrategy : "lowest-price",
                    spotInstancePools != null ? spotInstancePools : 2,
                    spotMaxPrice);
        }
    }

    /** The instance types the overrides name; empty when the template's own type is used. */
    List<String> instanceTypes() {
        return overrides.stream().map(Override::instanceType).filter(t -> t != null).toList();
    }
}
