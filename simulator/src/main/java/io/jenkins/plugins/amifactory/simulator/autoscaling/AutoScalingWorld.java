package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2World;

/**
 * The Auto Scaling state of one region: launch configurations, groups with their instances, instance
 * refreshes and scaling activities. Launches and terminates instances through {@link Ec2World}. Every
 * method runs with the {@link World}'s lock held.
 */
public final class AutoScalingWorld {

    private final World world;
    private final String region;
    private final Ec2World ec2;

    public AutoScalingWorld(World world, String region, Ec2World ec2) {
        this.world = world;
        this.region = region;
        this.ec2 = ec2;
    }

    public String region() {
        return region;
    }
}
