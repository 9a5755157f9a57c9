package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rules of the EC2 world that are simplest to check without the wire. */
class Ec2WorldRulesTest {

    private final World world = World.forTests();
    private final Ec2World ec2 = world.ec2("us-east-1");

    private LaunchSpec specFor(String imageId) {
        return new LaunchSpec(imageId, "t3.micro", null, List.of(), null, null, null, List.of(), null, null, null,
                null);
    }

    private static String errorCode(Runnable call) {
        return catchThrowableOfType(AwsException.class, call::run).code();
    }

    @Test
    void anInstanceTerminatedWhileBootingStaysTerminated() {
        Image base = ec2.registerBaseImage("base", 8);
        Instance instance = ec2.launchInstance(specFor(base.id), null, Map.of());

        ec2.terminateInstance(instance.id);
        world.advance(world.scenario().instanceBootTime);

        assertThat(instance.state).isEqualTo("terminated");
        assertThat(instance.isImpaired(world.now())).isTrue();
    }

    @Test
    void launchingNeedsAnAvailableImageInAZoneOfTheRegion() {
        Image base = ec2.registerBaseImage("base", 8);
        Instance source = ec2.launchInstance(specFor(base.id), null, Map.of());
        world.advance(world.scenario().instanceBootTime);
        Image pending = ec2.createImage(source.id, new Ec2World.NewImage("web-1", null, Map.of(), Map.of()),
                List.of(), true, false);

        assertThat(errorCode(() -> ec2.launchInstance(specFor(pending.id), null, Map.of())))
                .isEqualTo("InvalidAMIID.Unavailable");
        assertThat(errorCode(() -> ec2.launchInstance(specFor(base.id), "eu-west-1a", Map.of())))
                .isEqualTo("InvalidParameterValue");
        assertThat(ec2.launchInstance(specFor(base.id), ec2.availabilityZones().get(2), Map.of()).availabilityZone)
                .isEqualTo(ec2.availabilityZones().get(2));

        ec2.deregisterImage(pending.id, false, false);
        world.advance(world.scenario().imageTime(8));
        assertThat(pending.state).as("a deregistered pending image never becomes available").isEqualTo("deregistered");
        assertThat(errorCode(() -> ec2.launchInstance(specFor(pending.id), null, Map.of())))
                .isEqualTo("InvalidAMIID.NotFound");
    }

    @Test
    void anImagesFateIsDecidedWhenItIsCreated() {
        Image base = ec2.registerBaseImage("base", 8);
        Instance source = ec2.launchInstance(specFor(base.id), null, Map.of());
        world.advance(world.scenario().instanceBootTime);
        world.scenario().failNextImages = 1;

        Image image = ec2.createImage(source.id, new Ec2World.NewImage("web-1", null, Map.of(), Map.of()), List.of(),
                true, false);
        world.scenario().failNextImages = 0;
        world.advance(world.scenario().imageTime(8).plus(Duration.ofSeconds(1)));

        assertThat(image.state).isEqualTo("failed");
        assertThat(image.stateReason).isNotNull();
    }
}
