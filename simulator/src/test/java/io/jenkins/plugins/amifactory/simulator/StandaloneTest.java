package io.jenkins.plugins.amifactory.simulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone simulator's command line and its demo shop. */
class StandaloneTest {

    @Test
    void printsTheEndpointFirstAndTheSeedSecond() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {"--seed", "demo", "--time-scale", "60"});
        try (SimulatorServer server = SimulatorMain.serve(options, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines[0]).matches("endpoint=http://127\\.0\\.0\\.1:\\d+");
            assertThat(lines[1]).startsWith("{\"region\":\"us-east-1\"").contains("\"webGroup\":\"web\"");
            URI endpoint = URI.create(lines[0].substring("endpoint=".length()));
            assertThat(endpoint).isEqualTo(server.endpoint());

            // Any credentials are accepted, anonymous ones included.
            try (AutoScalingClient asg = AutoScalingClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClientBuilder(ApacheHttpClient.builder()).build()) {
                Map<String, AutoScalingGroup> groups = asg.describeAutoScalingGroups().autoScalingGroups().stream()
                        .collect(Collectors.toMap(AutoScalingGroup::autoScalingGroupName, Function.identity()));
                assertThat(groups).containsOnlyKeys("web", "api");
                assertThat(groups.get("web").launchConfigurationName()).isEqualTo("web-lc-1");
                assertThat(groups.get("web").instances()).hasSize(3)
                        .allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
                assertThat(groups.get("api").launchTemplate().version()).isEqualTo("$Default");
                assertThat(groups.get("api").instances()).hasSize(2);
            }
        }
    }

    @Test
    void refusesBadOptionsNamingThem() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--seed", "shop"})).hasMessageContaining("--seed");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--time-scale", "0"})).hasMessageContaining("--time-scale");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "70000"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--verbose"})).hasMessageContaining("'--verbose'");
        assertThat(SimulatorMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void refusesToListenAnywhereButTheLoopbackInterface() {
        for (String option : new String[] {"--bind", "--host"}) {
            assertThatThrownBy(() -> SimulatorMain.parse(new String[] {option, "0.0.0.0"}))
                    .hasMessageStartingWith(option + ":").hasMessageContaining("127.0.0.1 only");
        }
        assertThat(SimulatorMain.USAGE).contains("127.0.0.1 only").contains("X-Ami-Factory-Admin: 1");
    }
}
