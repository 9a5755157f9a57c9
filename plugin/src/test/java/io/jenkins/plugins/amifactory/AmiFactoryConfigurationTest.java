package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmiFactoryConfigurationTest {

    @Test
    void pollsStayWithinTheBoundsButPhasesGoStraightOn() {
        AmiFactoryConfiguration c = new AmiFactoryConfiguration();
        assertThat(c.pollDelay(Duration.ZERO)).isZero();
        assertThat(c.pollDelay(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pollDelay(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.pollDelay(Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.pollDelay(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(5));
        c.setMinPollSeconds(10);
        c.setMaxPollSeconds(30);
        assertThat(c.pollDelay(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.pollDelay(Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(30));
        c.setMaxPollSeconds(2);
        assertThat(c.pollDelay(Duration.ofSeconds(45))).as("a max below the min yields to it").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void defaultsAreStoredAsNothingSoCascExportsOnlyChoices() {
        AmiFactoryConfiguration c = new AmiFactoryConfiguration();
        c.setMinPollSeconds(5);
        c.setMaxPollSeconds(300);
        c.setDefaultRegion(" ");
        c.setDefaultCredentialsId("  aws-prod ");
        assertThat(c.getMinPollSeconds()).isNull();
        assertThat(c.getMaxPollSeconds()).isNull();
        assertThat(c.getDefaultRegion()).isNull();
        assertThat(c.getDefaultCredentialsId()).isEqualTo("aws-prod");
        assertThat(c.isAllowControllerCredentials()).as("off unless an administrator allows it").isFalse();
        c.setMinPollSeconds(100_000);
        assertThat(c.getMinPollSeconds()).isEqualTo(AmiFactoryConfiguration.MAX_POLL_SECONDS);
    }
}
