package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.util.FormValidation;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A build sends the controller's signed requests only where an administrator allows: AWS's own https by default. */
class EndpointPolicyTest {

    private final EndpointPolicy defaults = EndpointPolicy.of(null);

    @ParameterizedTest
    @ValueSource(strings = {"https://ec2.eu-west-1.amazonaws.com", "https://autoscaling.us-gov-west-1.amazonaws.com",
            "https://ec2.cn-north-1.amazonaws.com.cn", "https://ec2.eu-west-1.api.aws",
            "https://vpce-0a1b-2c3d.ec2.eu-west-1.vpce.amazonaws.com", "https://ec2.eu-west-1.amazonaws.com:443"})
    void awsOwnHttpsEndpointsAreAdmittedByDefault(String url) {
        assertThatCode(() -> defaults.check("endpointUrl", URI.create(url))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ec2.eu-west-1.amazonaws.com", "https://ec2.amazonaws.com.evil.example",
            "https://evilamazonaws.com", "https://ec2.eu-west-1.amazonaws.com:8443", "http://127.0.0.1:4566",
            "http://169.254.169.254", "https://internal.corp.example"})
    void anythingElseIsRefusedByDefaultNamingTheFieldAndTheFix(String url) {
        assertThatThrownBy(() -> defaults.check("AWS_ENDPOINT_URL", URI.create(url)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("AWS_ENDPOINT_URL: ")
                .hasMessageContaining("is not an endpoint this controller allows")
                .hasMessageContaining("Allowed endpoints");
    }

    @Test
    void anAdministratorsEntriesAdmitExactlyWhatTheySay() {
        EndpointPolicy p = EndpointPolicy.of("# the simulator\nhttp://127.0.0.1:4566\n\nhttps://*.vpce.corp.example\nhttp://localhost:*");
        assertThatCode(() -> p.check("endpointUrl", URI.create("http://127.0.0.1:4566"))).doesNotThrowAnyException();
        assertThatCode(() -> p.check("endpointUrl", URI.create("https://ec2.vpce.corp.example"))).doesNotThrowAnyException();
        assertThatCode(() -> p.check("endpointUrl", URI.create("http://localhost:9999"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> p.check("endpointUrl", URI.create("http://127.0.0.1:4567"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> p.check("endpointUrl", URI.create("https://127.0.0.1:4566"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> p.check("endpointUrl", URI.create("http://ec2.vpce.corp.example"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> p.check("endpointUrl", URI.create("https://vpce.corp.example"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aBadEntryIsRefusedInTheFormAndFromConfigurationAsCode() {
        assertThat(EndpointPolicy.problem("http://127.0.0.1:4566\nftp://files.example")).contains("ftp://files.example");
        assertThat(EndpointPolicy.problem("https://host.example/path")).contains("no path");
        assertThat(EndpointPolicy.problem("https://user:pw@host.example")).contains("user name or password").doesNotContain("pw");
        AmiFactoryConfiguration config = new AmiFactoryConfiguration();
        assertThatThrownBy(() -> config.setAllowedEndpoints("https://host.example?x=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("allowedEndpoints: ");
        assertThat(config.getAllowedEndpoints()).isNull();
        TestRuntime runtime = new TestRuntime();
        config.useRuntime(runtime.build());
        assertThat(config.doCheckAllowedEndpoints("http://127.0.0.1:*").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doCheckAllowedEndpoints("gopher://x").kind).isEqualTo(FormValidation.Kind.ERROR);
        runtime.root = new FakeJenkins.Permissions();
        config.useRuntime(runtime.build());
        assertThat(config.doCheckAllowedEndpoints("gopher://x").kind).as("no detail without Administer")
                .isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void aBuildIsRefusedBeforeAnythingHappensWhenTheStepOrTheEnvironmentNamesAnEndpointNotAllowed() {
        TestRuntime runtime = defaultRuleRuntime();
        RolloutOptions o = options();
        EnvVars env = new EnvVars("AWS_ENDPOINT_URL", "http://169.254.169.254");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("AWS_ENDPOINT_URL: 'http://169.254.169.254'");
        o.setEndpointUrl("https://attacker.example");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("endpointUrl: 'https://attacker.example'");
        o.setEndpointUrl("https://AKIDEXAMPLE:secret-in-url@ec2.eu-west-1.amazonaws.com");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class).hasMessageContaining("user name or password")
                .hasMessageNotContaining("secret-in-url");
        assertThat(runtime.credentials.tracked).as("no credentials were even looked at").isEmpty();
    }

    @Test
    void eachServicesEndpointIsJudgedUnderItsOwnNameAndAnOverriddenOneIsNotCalledSoNotJudged() throws Exception {
        TestRuntime runtime = defaultRuleRuntime();
        RolloutOptions o = options();
        EnvVars env = new EnvVars("AWS_ENDPOINT_URL_AUTO_SCALING", "http://169.254.169.254");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL_AUTO_SCALING: 'http://169.254.169.254'");
        o.setEc2EndpointUrl("http://10.0.0.5:8080");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("ec2EndpointUrl: 'http://10.0.0.5:8080'");
        o.setEc2EndpointUrl("https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com");
        o.setAutoScalingEndpointUrl("ftp://vpce-2.autoscaling.eu-west-1.vpce.amazonaws.com");
        assertThatThrownBy(() -> prepare(o, env, runtime))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("autoScalingEndpointUrl: ");

        // Both services have their own: the build's AWS_ENDPOINT_URL is never called, so it does not stop the build.
        o.setAutoScalingEndpointUrl("https://vpce-2.autoscaling.eu-west-1.vpce.amazonaws.com");
        RolloutSetup setup = prepare(o, new EnvVars("AWS_ENDPOINT_URL", "http://169.254.169.254"), runtime);
        assertThat(setup.request().endpoints().where("eu-west-1"))
                .isEqualTo("EC2 at https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com, "
                        + "Auto Scaling at https://vpce-2.autoscaling.eu-west-1.vpce.amazonaws.com");
    }

    /** A controller with the default endpoint rule and credentials "aws-prod". */
    private static TestRuntime defaultRuleRuntime() {
        TestRuntime runtime = new TestRuntime();
        runtime.configuration = new AmiFactoryConfiguration();
        runtime.credentials.with("aws-prod");
        return runtime;
    }

    private static RolloutOptions options() {
        RolloutOptions o = new RolloutOptions();
        o.setRegion("eu-west-1");
        o.setCredentialsId("aws-prod");
        return o;
    }

    private static RolloutSetup prepare(RolloutOptions o, EnvVars env, TestRuntime runtime) throws AbortException {
        return RolloutSetup.prepare("web", "i-0abc1234def567890", o, FakeJenkins.run(), env, runtime.build());
    }
}
