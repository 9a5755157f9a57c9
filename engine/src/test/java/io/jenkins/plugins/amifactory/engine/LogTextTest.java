package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from AWS or an endpoint reaches a log as one bounded line, so it cannot pass for the tool's own lines. */
class LogTextTest {

    @Test
    void controlCharactersAndLineBreaksBecomeOneSpacedLine() {
        assertThat(LogText.oneLine("bad\r\n[AMI Factory] SUCCEEDED\t\u001b[2Kdone\u2028x\u202eevil"))
                .isEqualTo("bad [AMI Factory] SUCCEEDED [2Kdone x evil");
        assertThat(LogText.oneLine(null)).isEmpty();
        assertThat(LogText.hasControl("plain text, with: punctuation/and = signs")).isFalse();
        assertThat(LogText.hasControl("tab\there")).isTrue();
    }

    @Test
    void longTextKeepsItsStartAndItsEnd() {
        String text = "start " + "x".repeat(2000) + " Group 'web' is on web-lc-1.";
        String line = LogText.oneLine(text, 200);
        assertThat(line).hasSizeLessThanOrEqualTo(200).startsWith("start ").endsWith("Group 'web' is on web-lc-1.")
                .contains(" … ");
    }

    @Test
    void anEndpointsErrorMessageIsQuotedOnOneBoundedLine() {
        AwsServiceException e = AwsServiceException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("Forged\nCode").errorMessage("nope\n[AMI Factory] Rollout of group 'web' SUCCEEDED\n"
                        + "y".repeat(5000)).build()).build();
        String described = AwsErrors.describe(e);
        assertThat(described).doesNotContain("\n").hasSizeLessThan(LogText.MAX_QUOTE + 120)
                .startsWith("Forged Code: nope [AMI Factory]");
        assertThat(AwsErrors.explain(e, "https://ec2.example")).doesNotContain("\n");
    }
}
