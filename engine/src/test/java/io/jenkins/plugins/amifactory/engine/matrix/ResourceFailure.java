package io.jenkins.plugins.amifactory.engine.matrix;

import io.jenkins.plugins.amifactory.engine.Phase;
import io.jenkins.plugins.amifactory.simulator.Faults;
import io.jenkins.plugins.amifactory.simulator.Scenario;

import java.time.Duration;
import java.util.function.Consumer;

/** How {@link Fault#RESOURCE_FAILS} is made in each phase, the same way in every front end's matrix. */
public final class ResourceFailure {

    private ResourceFailure() {
    }

    /**
     * The phase in which it must be made: an Image's and a Refresh's failures are decided when they are made, so
     * they strike earlier than the phase they show in.
     */
    public static Phase strikesIn(MatrixPhase at) {
        return at == MatrixPhase.IMAGE_WAIT || at == MatrixPhase.REFRESH_WAIT ? Phase.IMAGE_CREATE : at.phase;
    }

    /**
     * Makes it: the phase's own call refused once (403); in the waits, the next Image failing or the next Refresh's
     * new instances never healthy.
     *
     * @param scenario changes the simulator's scenario knobs under its lock
     */
    public static void inject(MatrixPhase at, boolean template, Faults faults, Consumer<Consumer<Scenario>> scenario) {
        String action = switch (at) {
            case CAPTURE -> "ec2:CreateImage";
            case CONFIG_WRITE -> template ? "ec2:CreateLaunchTemplateVersion" : "autoscaling:CreateLaunchConfiguration";
            case GROUP_UPDATE -> "autoscaling:UpdateAutoScalingGroup";
            case REFRESH_START -> "autoscaling:StartInstanceRefresh";
            case CLEANUP -> "ec2:DescribeImages";
            case REVERT -> template ? "autoscaling:DescribeInstanceRefreshes" : "autoscaling:UpdateAutoScalingGroup";
            case IMAGE_WAIT, REFRESH_WAIT -> null;
        };
        if (at == MatrixPhase.IMAGE_WAIT) {
            scenario.accept(s -> s.failNextImages = 1);
        } else if (at == MatrixPhase.REFRESH_WAIT) {
            scenario.accept(s -> {
                s.unhealthyNextImages = 1;
                s.refreshStallTimeout = Duration.ofMinutes(10);
            });
        } else {
            faults.add(new Faults.Rule(action, Faults.Kind.ACCESS_DENIED, 1, 1.0, Duration.ZERO));
        }
    }
}
