package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fleet's targets, order and keys are checked before anything runs, each mistake named with its fix. */
class FleetRequestTest {

    private static RolloutRequest first() {
        return RolloutRequest.builder("web", "i-0123456789abcdef0").region("eu-west-1").build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // target group | target region | key region | key                                  | message starts
            "web    | eu-west-1    |              |                                                   | targets: group 'web' in eu-west-1 is named twice",
            "worker | Europe       |              |                                                   | region: 'Europe'",
            "worker | xx-nowhere-9 |              |                                                   | targets: target worker@xx-nowhere-9: the AWS SDK knows no region",
            "worker | us-east-1    | eu-west-1    | alias/copies                                      | kmsKeyId: the Image in eu-west-1 is made there",
            "worker | us-east-1    | ap-south-1   | alias/copies                                      | kmsKeyId: no target is in ap-south-1",
            "worker | us-east-1    | us-east-1    | my key                                            | kmsKeyId: 'my key' is not a KMS key id",
            "worker | us-east-1    | us-east-1    | arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab | kmsKeyId: the key for us-east-1 is in eu-west-1",
    })
    void badInputIsNamed(String asg, String region, String keyRegion, String key, String message) {
        FleetRequest.Builder b = FleetRequest.builder(first()).target(asg, region);
        if (key != null) {
            b.kmsKey(keyRegion, key);
        }
        assertThatThrownBy(b::build).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(message);
    }

    @Test
    void keysOfEveryShapeAreTakenAndCopiesGoToEachOtherRegionOnce() {
        FleetRequest f = FleetRequest.builder(first()).target("worker", null).target("web", "us-east-1")
                .target("api", "us-east-1").target("web", "me-central-1")
                .kmsKey("us-east-1", "arn:aws:kms:us-east-1:123456789012:alias/copies")
                .kmsKey("me-central-1", "1234abcd-12ab-34cd-56ef-1234567890ab").build();
        assertThat(f.targets()).extracting(Target::toString).containsExactly("web@eu-west-1", "worker@eu-west-1",
                "web@us-east-1", "api@us-east-1", "web@me-central-1");
        assertThat(f.copyRegions()).containsExactly("us-east-1", "me-central-1");
        assertThat(f.onFailure()).isEqualTo(OnFailure.ROLLBACK_ALL);
    }

    @Test
    void targetsAndPoliciesParseAsTheCommandLineWritesThem() {
        assertThat(Target.parse("--target", "worker@us-east-1", "eu-west-1")).isEqualTo(new Target("worker", "us-east-1"));
        assertThat(Target.parse("--target", " worker ", "eu-west-1")).isEqualTo(new Target("worker", "eu-west-1"));
        assertThatThrownBy(() -> Target.parse("--target", "@us-east-1", "eu-west-1"))
                .hasMessageStartingWith("--target: a target names no group");
        assertThat(OnFailure.parse("rollback-failed")).isEqualTo(OnFailure.ROLLBACK_FAILED);
        assertThat(OnFailure.parse(null)).isEqualTo(OnFailure.ROLLBACK_ALL);
        assertThatThrownBy(() -> OnFailure.parse("retry")).hasMessageStartingWith("onFailure: 'retry'");
    }
}
