package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EC2 and Auto Scaling each have their own optional endpoint (interface VPC endpoints are per service), before
 * the common one: each service's calls go to its endpoint, and a failure names the service and the option that
 * sent its calls there.
 */
class SeparateEndpointsTest extends ShopTest {

    private static final String DEAD = "http://127.0.0.1:1";

    /** One step of {@code request} on clients built from its own endpoints, as the plugin and the CLI build them. */
    private Next firstStep(RolloutRequest request) {
        Rollout rollout = Rollout.start(request, shop.world.now(), RolloutListener.NONE);
        try (AwsClients clients = AwsClients.create(Shop.REGION, SimulatorKit.credentials(), request.endpoints())) {
            return rollout.advance(clients, shop.world.now());
        }
    }

    private RolloutRequestBuilder withoutCommonEndpoint() {
        return RolloutRequest.builder(Shop.GROUP, shop.sourceInstance()).region(Shop.REGION);
    }

    @Test
    void aRolloutRunsWithAnEndpointForEachServiceAndNoCommonOne() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        String sim = shop.server.endpoint().toString();
        RolloutRequest request = withoutCommonEndpoint().ec2Endpoint(sim).autoScalingEndpoint(sim).build();
        assertThat(request.endpoint()).isNull();

        RolloutResult result;
        try (AwsClients clients = AwsClients.create(Shop.REGION, SimulatorKit.credentials(), request.endpoints())) {
            result = new RolloutDriver(clients, shop.world.javaClock(), shop.world::advance)
                    .run(Rollout.start(request, shop.world.now(), RolloutListener.NONE));
        }

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(result.customEndpoint()).isTrue();
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    @Test
    void anUnreachableEc2EndpointIsNamedWhileAutoScalingAnswers() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Next first = firstStep(shop.request().ec2Endpoint(DEAD).build());

        assertThat(first.isFinished()).isTrue();
        assertThat(first.result().status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(first.result().message()).isEqualTo("ec2EndpointUrl: could not reach EC2 at " + DEAD
                + ": connection refused (check that the endpoint is right and reachable from here, then run again)");
        // The group was read through the common endpoint before EC2 was needed: the split is real.
        assertThat(shop.calls("autoscaling", "DescribeAutoScalingGroups")).isPositive();
        assertThat(shop.mutatingCalls()).isZero();
    }

    @Test
    void anUnreachableAutoScalingEndpointIsNamed() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        Next first = firstStep(shop.request().autoScalingEndpoint(DEAD).build());

        assertThat(first.result().status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(first.result().message()).startsWith("autoScalingEndpointUrl: could not reach Auto Scaling at "
                + DEAD + ": connection refused");
        assertThat(shop.mutatingCalls()).isZero();
    }

    @Test
    void aServiceLeftOnAwsIsNamedAsAwsOwn() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutRequest request = withoutCommonEndpoint().region("us-east-1").autoScalingEndpoint(DEAD).build();

        assertThat(request.endpoints().where("us-east-1")).isEqualTo("AWS's EC2 in us-east-1, Auto Scaling at " + DEAD);
        assertThat(request.endpointField(Endpoints.Service.EC2)).isEqualTo("region");
        assertThat(request.endpointField(Endpoints.Service.AUTO_SCALING)).isEqualTo("autoScalingEndpointUrl");
        assertThat(shop.request().build().endpointField(Endpoints.Service.EC2)).isEqualTo("endpointUrl");
    }

    @Test
    void eachServicesEndpointIsCheckedAndNamedLikeTheCommonOne() {
        assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0")
                .ec2Endpoint("https://user:secret@ec2.example.com"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("ec2EndpointUrl: the URL carries a user name or password")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RolloutRequest.builder("web", "i-0123456789abcdef0")
                .autoScalingEndpoint("autoscaling.eu-west-1.amazonaws.com"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("autoScalingEndpointUrl: ");
    }

    @Test
    void bothEndpointsSurviveBeingSavedAndAnOlderSaveUsesTheCommonOne() throws Exception {
        RolloutRequest r = RolloutRequest.builder("web", "i-0123456789abcdef0").region("eu-west-1")
                .endpoint("https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com")
                .autoScalingEndpoint("https://vpce-2.autoscaling.eu-west-1.vpce.amazonaws.com").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        RolloutRequest back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RolloutRequest) in.readObject();
        }
        assertThat(back.endpoints()).isEqualTo(new Endpoints(URI.create("https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com"),
                URI.create("https://vpce-2.autoscaling.eu-west-1.vpce.amazonaws.com")));
    }

    @Test
    void whereTheCallsGoReadsAsOnePlaceWhenBothServicesShareIt() {
        URI sim = URI.create("http://127.0.0.1:4566");
        assertThat(Endpoints.AWS.where("eu-west-1")).isEqualTo("AWS in eu-west-1");
        assertThat(Endpoints.of(sim).where("eu-west-1")).isEqualTo("http://127.0.0.1:4566");
        assertThat(Endpoints.of(sim).where(Endpoints.Service.EC2, "eu-west-1")).isEqualTo("http://127.0.0.1:4566");
        assertThat(new Endpoints(sim, null).where(null, "eu-west-1"))
                .isEqualTo("EC2 at http://127.0.0.1:4566, AWS's Auto Scaling in eu-west-1");
        assertThat(new Endpoints(sim, null).usesRegion()).isTrue();
        assertThat(Endpoints.of(sim).usesRegion()).isFalse();
        assertThat(Endpoints.AWS.custom()).isFalse();
    }
}
