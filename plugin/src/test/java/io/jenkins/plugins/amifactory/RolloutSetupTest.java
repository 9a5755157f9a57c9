package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.OnFailure;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.StopAction;
import io.jenkins.plugins.amifactory.engine.Strategy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields, build environment and global configuration into one engine request: what both front ends share. */
class RolloutSetupTest {

    private final TestRuntime runtime = new TestRuntime();
    private final FakeJenkins.TestRun run = FakeJenkins.run();

    {
        runtime.credentials.with("aws-prod");
    }

    private RolloutRequest request(RolloutOptions options, String... env) throws AbortException {
        if (options.getCredentialsId() == null) {
            options.setCredentialsId("aws-prod");
        }
        return RolloutSetup.prepare("web", "i-0abc1234def567890", options, run, new EnvVars(env), runtime.build()).request();
    }

    @Test
    void theRegionComesFromTheFieldThenTheEnvironmentThenTheGlobalDefault() throws AbortException {
        runtime.configuration.setDefaultRegion("ap-south-1");
        RolloutOptions withField = new RolloutOptions();
        withField.setRegion("eu-west-1");
        assertThat(request(withField, "AWS_REGION", "us-west-2").region()).isEqualTo("eu-west-1");
        assertThat(request(new RolloutOptions(), "AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "us-east-2").region())
                .isEqualTo("us-west-2");
        assertThat(request(new RolloutOptions(), "AWS_DEFAULT_REGION", "us-east-2").region()).isEqualTo("us-east-2");
        assertThat(request(new RolloutOptions()).region()).isEqualTo("ap-south-1");
    }

    @Test
    void withoutAnyRegionTheEngineSaysWhereToSetOne() {
        assertThatThrownBy(() -> request(new RolloutOptions())).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("region: ").hasMessageContaining("AWS_REGION");
    }

    @Test
    void theEndpointComesFromTheFieldThenAwsEndpointUrl() throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        assertThat(request(o).endpoint()).isNull();
        assertThat(request(o, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566").endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        o.setEndpointUrl("https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com");
        assertThat(request(o, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566").endpoint().getHost())
                .isEqualTo("vpce-1.ec2.eu-west-1.vpce.amazonaws.com");
    }

    @Test
    void eachServicesEndpointComesBeforeTheCommonOneAndTheStepsFieldsBeforeTheEnvironment() throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        String[] env = {"AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4567",
                "AWS_ENDPOINT_URL_AUTO_SCALING", "http://127.0.0.1:4568"};
        assertThat(request(o, env).endpoints()).isEqualTo(new Endpoints(URI.create("http://127.0.0.1:4567"),
                URI.create("http://127.0.0.1:4568")));
        assertThat(request(o, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4567")
                .endpoints()).isEqualTo(new Endpoints(URI.create("http://127.0.0.1:4567"), URI.create("http://127.0.0.1:4566")));
        o.setAutoScalingEndpointUrl("http://127.0.0.1:9001");
        assertThat(request(o, env).endpoints().autoScaling()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        // The step's endpointUrl outranks every variable, a service's own included.
        o.setEndpointUrl("http://127.0.0.1:9000");
        assertThat(request(o, env).endpoints()).isEqualTo(new Endpoints(URI.create("http://127.0.0.1:9000"),
                URI.create("http://127.0.0.1:9001")));
    }

    @Test
    void everyOptionReachesTheRequest() throws Exception {
        RolloutOptions o = new RolloutOptions();
        Map<String, Object> all = DataBindingTest.everythingSet();
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (!e.getKey().equals("asg") && !e.getKey().equals("instance")) {
                Class<?> type = e.getValue() instanceof Boolean ? boolean.class
                        : e.getValue() instanceof List ? List.class : e.getValue().getClass();
                RolloutOptions.class.getMethod("set" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1), type)
                        .invoke(o, e.getValue());
            }
        }
        // Alarms watch the Refresh, so they are refused with refresh off: they are checked with it on, then refresh off
        // without them.
        o.setRefresh(true);
        RolloutSetup setup = RolloutSetup.prepare("web", "i-0abc1234def567890", o, run, new EnvVars(), runtime.build());
        assertThat(setup.request().refresh().alarms()).containsExactly("web-5xx", "web-latency");
        FleetRequest fleet = setup.fleet();
        assertThat(fleet.first()).isSameAs(setup.request());
        assertThat(fleet.targets()).extracting(Object::toString)
                .containsExactly("web@eu-west-1", "worker@eu-west-1", "web@me-central-1");
        assertThat(fleet.onFailure()).isEqualTo(OnFailure.ROLLBACK_FAILED);
        assertThat(fleet.kmsKeys()).containsExactly(Map.entry("me-central-1", "alias/ami-copies"));
        assertThat(fleet.parallel()).as("a plan is read in wave order, so the engine plans waves").isFalse();
        o.setPlanOnly(false);
        assertThat(RolloutSetup.prepare("web", "i-0abc1234def567890", o, run, new EnvVars(), runtime.build()).fleet()
                .parallel()).isTrue();
        o.setPlanOnly(true);
        o.setRefresh(false);
        o.setAlarms(null);

        RolloutRequest r = request(o);
        assertThat(r.region()).isEqualTo("eu-west-1");
        assertThat(r.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(r.endpoints()).isEqualTo(new Endpoints(URI.create("http://127.0.0.1:4567"),
                URI.create("http://127.0.0.1:4568")));
        assertThat(r.strategy()).isEqualTo(Strategy.LAUNCH_TEMPLATE);
        assertThat(r.image().reboot()).isTrue();
        assertThat(r.refresh().enabled()).isFalse();
        assertThat(r.refresh().minHealthyPercentage()).isEqualTo(50);
        assertThat(r.refresh().maxHealthyPercentage()).isEqualTo(150);
        assertThat(r.refresh().instanceWarmup()).isEqualTo(Duration.ofSeconds(120));
        assertThat(r.refresh().skipMatching()).isTrue();
        assertThat(r.refresh().checkpointPercentages()).containsExactly(20, 50, 100);
        assertThat(r.refresh().checkpointDelay()).isEqualTo(Duration.ofSeconds(600));
        assertThat(r.refresh().bakeTime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(r.refresh().autoRollback()).isFalse();
        assertThat(r.setDefaultVersion()).isTrue();
        assertThat(r.deadlines().image()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.deadlines().refresh()).isEqualTo(Duration.ofMinutes(90));
        assertThat(r.deadlines().overall()).isEqualTo(Duration.ofMinutes(150));
        assertThat(r.deadlines().onTimeout()).isEqualTo(StopAction.CANCEL);
        assertThat(r.deadlines().onAbort()).isEqualTo(StopAction.LEAVE);
        assertThat(r.image().keepImages()).isEqualTo(5);
        assertThat(r.image().nameTemplate()).isEqualTo("web-{yyyyMMdd}");
        assertThat(r.image().description()).isEqualTo("nightly");
        assertThat(r.image().tags()).containsExactly(Map.entry("team", "web"), Map.entry("env", "prod"));
        assertThat(r.planOnly()).isTrue();
        assertThat(r.image().callerReference()).isEqualTo("web-deploy#42");
    }

    @Test
    void defaultsLeaveTheEngineDefaultsAndAwsDefaultsAlone() throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        RolloutRequest r = request(o);
        RolloutRequest engine = RolloutRequest.builder("web", "i-0abc1234def567890").region("eu-west-1").build();
        assertThat(r.refresh().skipMatching()).isNull();
        assertThat(r.refresh().autoRollback()).as("null: on for launch templates, as the engine decides").isNull();
        assertThat(r.refresh().maxHealthyPercentage()).isNull();
        assertThat(r.refresh().minHealthyPercentage()).isEqualTo(engine.refresh().minHealthyPercentage());
        assertThat(r.image().keepImages()).isEqualTo(engine.image().keepImages());
        assertThat(r.image().nameTemplate()).isEqualTo(engine.image().nameTemplate());
        assertThat(r.deadlines().overall()).isEqualTo(engine.deadlines().overall());
        assertThat(r.strategy()).isEqualTo(Strategy.AUTO);
        assertThat(r.refresh().enabled()).isTrue();
    }

    @Test
    void emptyTimeoutsTakeTheGlobalDefaults() throws AbortException {
        runtime.configuration.setDefaultImageTimeoutMinutes(20);
        runtime.configuration.setDefaultRolloutTimeoutMinutes(40);
        runtime.configuration.setDefaultTimeoutMinutes(70);
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        o.setRolloutTimeoutMinutes(50);
        RolloutRequest r = request(o);
        assertThat(r.deadlines().image()).isEqualTo(Duration.ofMinutes(20));
        assertThat(r.deadlines().refresh()).isEqualTo(Duration.ofMinutes(50));
        assertThat(r.deadlines().overall()).isEqualTo(Duration.ofMinutes(70));
    }

    @Test
    void withoutTargetsThereIsNoFleetAndTheRequestIsALoneRollouts() throws AbortException {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        o.setCredentialsId("aws-prod");
        RolloutSetup setup = RolloutSetup.prepare("web", "i-0abc1234def567890", o, run, new EnvVars(), runtime.build());
        assertThat(setup.fleet()).isNull();
        assertThat(setup.request().refresh().alarms()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithTheFieldAndTheFix() {
        for (Map.Entry<String, String> bad : Map.of(
                "minHealthyPercentage", "150", "strategy", "blue-green", "onAbort", "panic", "tags", "team",
                "checkpointPercentages", "50,20", "imageName", "web-{nonsense}", "endpointUrl", "ftp://example.com",
                "alarms", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk", "kmsKeyId", "alias/no such key",
                "targets", "web").entrySet()) {
            RolloutOptions o = new RolloutOptions();
            o.setRegion("eu-west-1");
            switch (bad.getKey()) {
                case "minHealthyPercentage" -> o.setMinHealthyPercentage(Integer.valueOf(bad.getValue()));
                case "strategy" -> o.setStrategy(bad.getValue());
                case "onAbort" -> o.setOnAbort(bad.getValue());
                case "tags" -> o.setTags(bad.getValue());
                case "checkpointPercentages" -> o.setCheckpointPercentages(bad.getValue());
                case "imageName" -> o.setImageName(bad.getValue());
                case "alarms" -> o.setAlarms(List.of(bad.getValue()));
                case "kmsKeyId" -> o.setTargets(List.of(SimulatedController.target("web", "us-east-1", bad.getValue())));
                case "targets" -> o.setTargets(List.of(SimulatedController.target(bad.getValue(), null, null)));
                default -> o.setEndpointUrl(bad.getValue());
            }
            assertThatThrownBy(() -> request(o)).as(bad.getKey()).isInstanceOf(AbortException.class)
                    .hasMessageStartingWith(bad.getKey() + ": ").hasMessageContaining("(");
        }
    }

    @Test
    void tagsAreOneKeyValuePerLine() {
        assertThat(RolloutOptions.parseTags("team=web\n\n# comment\nenv = prod\nempty=\nurl=https://x/?a=b"))
                .containsExactly(Map.entry("team", "web"), Map.entry("env", "prod"), Map.entry("empty", ""),
                        Map.entry("url", "https://x/?a=b"));
        assertThat(RolloutOptions.parsePercentages("20, 50 100")).isEqualTo(List.of(20, 50, 100));
    }
}
