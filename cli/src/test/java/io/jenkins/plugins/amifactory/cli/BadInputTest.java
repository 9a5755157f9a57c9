package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input ends with exit code 2, a message that names the option to change, the usage,
 * nothing on standard output, and no credentials asked for (so no AWS call could have been made).
 */
class BadInputTest {

    private static final String[] VALID = {"--asg", "web", "--instance", "i-0abc1234def567890", "--region", "eu-west-1"};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what                      | extra arguments (space separated)          | the message names
            "min healthy above 100       | --min-healthy 120                          | --min-healthy",
            "min healthy not a number    | --min-healthy lots                         | --min-healthy",
            "max healthy below 100       | --max-healthy 90                           | --max-healthy",
            "spread above 100            | --min-healthy 0 --max-healthy 150          | --max-healthy",
            "negative warmup             | --warmup -1                                | --warmup",
            "falling checkpoints         | --checkpoints 50,20                        | --checkpoints",
            "checkpoint not a number     | --checkpoints 20,half                      | --checkpoints",
            "checkpoint delay too long   | --checkpoint-delay 999999                  | --checkpoint-delay",
            "negative bake time          | --bake-time -5                             | --bake-time",
            "image timeout zero          | --image-timeout 0                          | --image-timeout",
            "rollout timeout 15 days     | --rollout-timeout 21600                    | --rollout-timeout",
            "overall shorter than image  | --timeout 10 --image-timeout 60            | --timeout",
            "unknown timeout outcome     | --on-timeout shrug                         | --on-timeout",
            "unknown abort outcome       | --on-abort later                           | --on-abort",
            "unknown strategy            | --strategy blue-green                      | --strategy",
            "negative keep               | --keep-images -1                           | --keep-images",
            "unbalanced brace            | --image-name {group                        | --image-name",
            "unknown name token          | --image-name {colour}-x                    | --image-name",
            "reserved tag prefix         | --tag aws:owner=me                         | --tag",
            "tag without value           | --tag owner                                | --tag",
            "endpoint not http           | --endpoint-url ftp://127.0.0.1:1           | --endpoint-url",
            "ec2 endpoint with password  | --ec2-endpoint-url http://u:p@127.0.0.1:1  | --ec2-endpoint-url",
            "scaling endpoint with query | --autoscaling-endpoint-url http://h/?a=b   | --autoscaling-endpoint-url",
            "unknown option              | --min-heal 5                               | --min-heal",
            "alarm without a refresh     | --alarm web-5xx --no-refresh               | --alarm",
            "malformed region            | --region Europe                            | --region",
    })
    void badOptionIsNamedAndNothingRuns(String what, String extra, String option) {
        CliHarness cli = new CliHarness();
        List<String> args = new ArrayList<>(List.of("rollout"));
        args.addAll(Arrays.asList(VALID));
        args.addAll(Arrays.asList(extra.split(" ")));

        int code = cli.run(args.toArray(String[]::new));

        assertThat(code).as(what).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).as(what).startsWith("Bad input: ").contains(option)
                .contains("Usage: ami-factory rollout --asg <name>")
                .contains("Try 'ami-factory rollout --help'");
        assertThat(cli.out()).as(what).isEmpty();
        assertThat(cli.credentialRequests).as(what).isEmpty();
    }

    @Test
    void engineFieldNamesNeverReachTheTerminal() {
        CliHarness cli = new CliHarness();
        cli.run("plan", "--asg", "web", "--instance", "i-0abc1234def567890", "--region", "eu-west-1",
                "--timeout", "10", "--image-timeout", "60");
        assertThat(cli.err()).contains("Bad input: --timeout: the overall timeout (10 min) is shorter than the image "
                + "timeout (60 min) (raise --timeout or lower --image-timeout)");
    }

    @Test
    void missingGroupSaysHowToGiveIt() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("rollout", "--instance", "i-0abc1234def567890", "--region", "eu-west-1"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: --asg: the Auto Scaling group name is missing")
                .contains("e.g. --asg web");
    }

    @Test
    void missingInstanceSaysHowToGiveIt() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("rollout", "--asg", "web", "--region", "eu-west-1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: --instance: the source instance id is missing")
                .contains("e.g. --instance i-0abc1234def567890");
    }

    @Test
    void missingRegionNamesEveryPlaceARegionCanComeFrom() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("plan", "--asg", "web", "--instance", "i-0abc1234def567890"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: --region: no AWS region is set (give --region, set AWS_REGION or "
                + "AWS_DEFAULT_REGION, or give the profile a region in ~/.aws/config)");
    }

    @Test
    void missingCredentialsAreBadInputNotAnEndlessRetry() {
        CliHarness cli = new CliHarness().with(c -> c.withCredentials(profile -> () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }));
        assertThat(cli.run("rollout", "--asg", "web", "--instance", "i-0abc1234def567890", "--region", "eu-west-1"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: --profile: no usable credentials from credentials given to this "
                + "process: Unable to load credentials from any of the providers in the chain ('ami-factory whoami' "
                + "shows where credentials come from)");

        CliHarness withProfile = new CliHarness().with(c -> c.withCredentials(profile -> () -> {
            throw SdkClientException.create("Profile file contained no credentials for profile 'prod'");
        }));
        assertThat(withProfile.run("plan", "--profile", "prod", "--asg", "web", "--instance", "i-0abc1234def567890",
                "--region", "eu-west-1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(withProfile.err()).contains("Bad input: --profile: no usable credentials for profile 'prod'")
                .contains("Profile file contained no credentials for profile 'prod'")
                .contains("'ami-factory whoami --profile prod' shows where credentials come from");
    }

    @Test
    void noCommandShowsTheCommands() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: no command given").contains("rollout", "plan", "simulator", "demo");
    }

    @Test
    void unknownCommandIsBadInputWithASuggestion() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("rolout")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("Bad input: Unmatched argument at index 0: 'rolout'").contains("rollout");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "simulator --seed shop          | --seed: 'shop' is not a seed",
            "simulator --time-scale -2      | --time-scale: -2.0 is not a speed",
            "simulator --time-scale 0       | --time-scale: 0.0 is not a speed",
            "simulator --port 70000         | --port: 70000 is not a port",
            "simulator --port http          | --port",
            "demo --time-scale 0            | --time-scale: 0.0 is not a speed",
    })
    void simulatorAndDemoRefuseBadValues(String args, String message) {
        CliHarness cli = new CliHarness();
        assertThat(cli.run(args.split(" "))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("Bad input: ").contains(message).contains("Usage: ");
    }

    @Test
    void regionComesFromTheOptionThenTheEnvironmentThenTheProfile() {
        AwsOptions aws = new AwsOptions();
        CliContext none = new CliHarness().context().withProfileRegions(p -> java.util.Optional.empty());
        assertThat(aws.region(none)).isNull();

        CliContext profile = none.withProfileRegions(p -> p.equals("default")
                ? java.util.Optional.of("ap-south-1") : java.util.Optional.empty());
        assertThat(aws.region(profile)).isEqualTo("ap-south-1");

        CliContext named = new CliHarness(Map.of("AWS_PROFILE", "ops")).context()
                .withProfileRegions(p -> p.equals("ops") ? java.util.Optional.of("sa-east-1") : java.util.Optional.empty());
        assertThat(aws.region(named)).isEqualTo("sa-east-1");

        CliContext legacy = new CliHarness(Map.of("AWS_DEFAULT_REGION", "eu-north-1")).context()
                .withProfileRegions(p -> java.util.Optional.of("ap-south-1"));
        assertThat(aws.region(legacy)).isEqualTo("eu-north-1");

        CliContext both = new CliHarness(Map.of("AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "eu-north-1")).context();
        assertThat(aws.region(both)).isEqualTo("us-west-2");

        aws.region = "eu-central-1";
        assertThat(aws.region(both)).isEqualTo("eu-central-1");
    }

    @Test
    void endpointComesFromTheOptionThenTheEnvironment() {
        AwsOptions aws = new AwsOptions();
        CliContext env = new CliHarness(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).context();
        assertThat(aws.endpoint(env)).isEqualTo("http://127.0.0.1:4566");
        aws.endpointUrl = "http://127.0.0.1:9999";
        assertThat(aws.endpoint(env)).isEqualTo("http://127.0.0.1:9999");
        assertThat(new AwsOptions().endpoint(new CliHarness().context())).isNull();
    }

    @Test
    void aServicesOwnEndpointComesBeforeTheCommonOneAndTheCommandLineBeforeTheEnvironment() {
        CliContext env = new CliHarness(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4567", "AWS_ENDPOINT_URL_AUTO_SCALING", "http://127.0.0.1:4568"))
                .context();
        AwsOptions aws = new AwsOptions();
        assertThat(aws.endpoints(env)).isEqualTo(new Endpoints(java.net.URI.create("http://127.0.0.1:4567"),
                java.net.URI.create("http://127.0.0.1:4568")));
        aws.ec2EndpointUrl = "http://127.0.0.1:9001";
        assertThat(aws.endpoints(env).ec2()).hasToString("http://127.0.0.1:9001");
        // --endpoint-url on the command line outranks every endpoint in the environment.
        aws.endpointUrl = "http://127.0.0.1:9000";
        assertThat(aws.endpoints(env)).isEqualTo(new Endpoints(java.net.URI.create("http://127.0.0.1:9001"),
                java.net.URI.create("http://127.0.0.1:9000")));
        assertThat(new AwsOptions().endpoints(new CliHarness().context())).isEqualTo(Endpoints.AWS);
    }
}
