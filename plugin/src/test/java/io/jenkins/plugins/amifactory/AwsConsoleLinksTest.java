package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Links into the AWS console: the right host for the region's partition, encoded parts, and none when unsure. */
class AwsConsoleLinksTest {

    @Test
    void eachPartitionHasItsOwnConsole() {
        assertThat(AwsConsoleLinks.home("eu-west-1")).isEqualTo("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1");
        assertThat(AwsConsoleLinks.home("cn-north-1")).isEqualTo("https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1");
        assertThat(AwsConsoleLinks.home("us-gov-west-1")).isEqualTo("https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1");
    }

    @Test
    void regionsWithoutAPublicConsoleAndNonRegionsGetNoLinks() {
        for (String region : new String[] {"us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "eusc-de-east-1",
                "local", "eu-west-1.example.com", "", null}) {
            assertThat(AwsConsoleLinks.home(region)).as(region).isNull();
            assertThat(AwsConsoleLinks.of(region, "web", "ami-1", null, "web-lc")).as(region).isEmpty();
        }
    }

    @Test
    void aLaunchConfigurationGroupLinksTheImageTheGroupAndTheLaunchConfigurations() {
        assertThat(AwsConsoleLinks.of("us-east-1", "web shop/blue", "ami-1", null, "web-20260105"))
                .extracting(AwsConsoleLinks.Link::getLabel, AwsConsoleLinks.Link::getUrl).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Image ami-1",
                                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#ImageDetails:imageId=ami-1"),
                        org.assertj.core.groups.Tuple.tuple("Auto Scaling group web shop/blue",
                                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1"
                                        + "#AutoScalingGroupDetails:id=web%20shop%2Fblue"),
                        org.assertj.core.groups.Tuple.tuple("Launch configurations",
                                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#LaunchConfigurations:"));
    }

    @Test
    void aRolloutThatMadeNothingLinksOnlyTheGroup() {
        assertThat(AwsConsoleLinks.of("eu-central-1", "api", null, null, null)).extracting(AwsConsoleLinks.Link::getLabel)
                .containsExactly("Auto Scaling group api");
    }
}
