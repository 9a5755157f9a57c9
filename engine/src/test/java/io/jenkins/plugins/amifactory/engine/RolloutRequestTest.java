package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutRequestTest {

    private static RolloutRequestBuilder valid() {
        return RolloutRequest.builder("web", "i-0abc1234def567890").region("us-east-1");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RolloutRequest r = valid().build();
        assertThat(r.image().nameTemplate()).isEqualTo("{group}-{yyyyMMdd-HHmmss}");
        assertThat(r.image().reboot()).isFalse();
        assertThat(r.refresh().enabled()).isTrue();
        assertThat(r.strategy()).isEqualTo(Strategy.AUTO);
        assertThat(r.refresh().minHealthyPercentage()).isEqualTo(90);
        assertThat(r.deadlines().onTimeout()).isEqualTo(StopAction.ROLLBACK);
        assertThat(r.deadlines().onAbort()).isEqualTo(StopAction.ROLLBACK);
        assertThat(r.image().keepImages()).isEqualTo(3);
        assertThat(r.refresh().autoRollback()).isNull();
        assertThat(r.planOnly()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing group        | asg",
            "group with colon     | asg",
            "missing instance     | instance",
            "malformed instance   | instance",
            "missing region       | region",
            "malformed region     | region",
            "min healthy > 100    | minHealthyPercentage",
            "max healthy < 100    | maxHealthyPercentage",
            "healthy spread > 100 | maxHealthyPercentage",
            "image timeout 0      | imageTimeoutMinutes",
            "rollout timeout 15d  | rolloutTimeoutMinutes",
            "overall < image      | timeoutMinutes",
            "checkpoints falling  | checkpointPercentages",
            "bake too long        | bakeTimeSeconds",
            "negative keep        | keepImages",
            "unbalanced brace     | imageName",
            "unknown token        | imageName",
            "aws tag prefix       | tags",
            "AWS tag upper case   | tags",
            "reserved tag prefix  | tags",
            "tag key too long     | tags",
            "tag value too long   | tags",
            "tag with line break  | tags",
            "too many tags        | tags",
            "bad endpoint         | endpointUrl",
    })
    void badInputNamesTheField(String scenario, String field) {
        UnaryOperator<RolloutRequestBuilder> breakIt = switch (scenario.trim()) {
            case "missing group" -> b -> b.asg(" ");
            case "group with colon" -> b -> b.asg("arn:aws:autoscaling:web");
            case "missing instance" -> b -> b.instance(null);
            case "malformed instance" -> b -> b.instance("web-1");
            case "missing region" -> b -> b.region("");
            case "malformed region" -> b -> b.region("Frankfurt");
            case "min healthy > 100" -> b -> b.minHealthyPercentage(101);
            case "max healthy < 100" -> b -> b.maxHealthyPercentage(99);
            case "healthy spread > 100" -> b -> b.minHealthyPercentage(0).maxHealthyPercentage(150);
            case "image timeout 0" -> b -> b.imageTimeout(Duration.ZERO);
            case "rollout timeout 15d" -> b -> b.rolloutTimeout(Duration.ofDays(15));
            case "overall < image" -> b -> b.imageTimeout(Duration.ofMinutes(90)).timeout(Duration.ofMinutes(60));
            case "checkpoints falling" -> b -> b.checkpointPercentages(List.of(50, 20, 100));
            case "bake too long" -> b -> b.bakeTime(Duration.ofDays(3));
            case "negative keep" -> b -> b.keepImages(-1);
            case "unbalanced brace" -> b -> b.imageName("web-{yyyy");
            case "unknown token" -> b -> b.imageName("web-{nonsense}");
            case "aws tag prefix" -> b -> b.tag("aws:owner", "me");
            case "AWS tag upper case" -> b -> b.tag("AWS:owner", "me");
            case "reserved tag prefix" -> b -> b.tag("ami-factory:group", "api");
            case "tag key too long" -> b -> b.tag("k".repeat(129), "v");
            case "tag value too long" -> b -> b.tag("team", "v".repeat(257));
            case "tag with line break" -> b -> b.tag("team", "web\n[AMI Factory] SUCCEEDED");
            case "too many tags" -> b -> {
                for (int i = 0; i <= ImageSettings.MAX_USER_TAGS; i++) {
                    b.tag("t" + i, "v");
                }
                return b;
            };
            case "bad endpoint" -> b -> b.endpoint("localhost:4566");
            default -> throw new IllegalArgumentException(scenario);
        };
        assertThatThrownBy(() -> breakIt.apply(valid()).build())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> {
                    InvalidRequestException ire = (InvalidRequestException) e;
                    assertThat(ire.field()).isEqualTo(field);
                    assertThat(ire.getMessage()).startsWith(field + ": ");
                    assertThat(ire.fix()).isNotBlank();
                });
    }

    @Test
    void tagsAtAwsLimitsAreAccepted() {
        RolloutRequestBuilder b = valid();
        for (int i = 0; i < ImageSettings.MAX_USER_TAGS - 1; i++) {
            b.tag("t" + i, "v");
        }
        RolloutRequest r = b.tag("k".repeat(128), "v".repeat(256)).build();
        assertThat(r.image().tags()).hasSize(ImageSettings.MAX_USER_TAGS);
    }

    @Test
    void survivesJavaSerializationWithoutSecrets() throws Exception {
        RolloutRequest r = valid().tag("team", "web").callerReference("https://ci/job/deploy/7/")
                .checkpointPercentages(List.of(50, 100)).bakeTime(Duration.ofMinutes(5)).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        RolloutRequest back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RolloutRequest) in.readObject();
        }
        assertThat(back).usingRecursiveComparison().isEqualTo(r);
    }

    @Test
    void imageNamesExpandAndAreCheckedAfterExpansion() {
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        assertThat(ImageNames.expand("{group}-{yyyyMMdd-HHmmss}", "web", "i-1", at)).isEqualTo("web-20260304-050607");
        assertThat(ImageNames.expand("{group} from {instance}", "web", "i-0abc", at)).isEqualTo("web from i-0abc");
        assertThatThrownBy(() -> ImageNames.expand("{group}", "web+api", "i-1", at))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("imageName: 'web+api'");
        assertThatThrownBy(() -> ImageNames.expand("{group}", "ab", "i-1", at))
                .hasMessageContaining("not a valid AMI name");
    }

    @Test
    void strategiesAndOutcomesParseTheirUserSpelling() {
        assertThat(Strategy.parse("launchTemplate")).isEqualTo(Strategy.LAUNCH_TEMPLATE);
        assertThat(Strategy.parse("launch-configuration")).isEqualTo(Strategy.LAUNCH_CONFIGURATION);
        assertThat(Strategy.parse(null)).isEqualTo(Strategy.AUTO);
        assertThatThrownBy(() -> Strategy.parse("blue-green")).hasMessageStartingWith("strategy: ");
        assertThat(StopAction.parse("onAbort", "Cancel")).isEqualTo(StopAction.CANCEL);
        assertThatThrownBy(() -> StopAction.parse("onTimeout", "ignore")).hasMessageStartingWith("onTimeout: ");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(Durations.words(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Durations.words(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(Durations.words(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }
}
