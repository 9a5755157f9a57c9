package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OptionNamesTest {

    @Test
    void leadingFieldBecomesTheOption() {
        assertThat(OptionNames.translate("minHealthyPercentage: 120 is out of range (use a whole number from 0 to 100)"))
                .isEqualTo("--min-healthy: 120 is out of range (use a whole number from 0 to 100)");
        assertThat(OptionNames.translate("asg: there is no Auto Scaling group 'web' in us-east-1 (check the group name and the region)"))
                .isEqualTo("--asg: there is no Auto Scaling group 'web' in us-east-1 (check the group name and the region)");
    }

    @Test
    void theEnginesRefusalLineIsTranslatedToo() {
        assertThat(OptionNames.translate("Refused: asg: there is no Auto Scaling group 'x' in us-east-1 (check the name)"))
                .isEqualTo("Refused: --asg: there is no Auto Scaling group 'x' in us-east-1 (check the name)");
    }

    @Test
    void fieldsNamedInTheTextBecomeOptionsButProseStaysProse() {
        assertThat(OptionNames.translate("Instance refresh r-1 of group 'web' did not finish within 2 h (rolloutTimeoutMinutes)"))
                .isEqualTo("Instance refresh r-1 of group 'web' did not finish within 2 h (--rollout-timeout)");
        assertThat(OptionNames.translate("instance: instance i-0abc1234 is terminated (use a running (or stopped) instance)"))
                .isEqualTo("--instance: instance i-0abc1234 is terminated (use a running (or stopped) instance)");
    }

    @Test
    void jenkinsfileAdviceBecomesCommandLineAdvice() {
        assertThat(OptionNames.translate("reboot: group 'web' is at its minimum size (use reboot: false, or lower it)"))
                .isEqualTo("--reboot: group 'web' is at its minimum size (leave out --reboot, or lower it)");
        assertThat(OptionNames.translate("autoRollback: group 'web' uses a launch configuration (AWS rolls back only "
                + "launch templates: turn autoRollback off, or use strategy launchTemplate)"))
                .isEqualTo("--auto-rollback: group 'web' uses a launch configuration (AWS rolls back only launch "
                        + "templates: give --no-auto-rollback, or use --strategy launchTemplate)");
        assertThat(OptionNames.translate("skipMatching: x (turn skipMatching off)"))
                .isEqualTo("--skip-matching: x (give --no-skip-matching)");
    }

    @Test
    void credentialsTheEngineCannotLoadAreAProblemOfTheProfile() {
        assertThat(OptionNames.translate("credentialsId: the AWS credentials could not be loaded (x) (check that the "
                + "credentials exist and, for a role, that it can be assumed)"))
                .startsWith("--profile: the AWS credentials could not be loaded (x)");
    }

    @Test
    void everyRequestFieldHasAnOption() {
        for (String field : new String[]{"asg", "instance", "region", "endpointUrl", "imageName", "imageDescription",
                "tags", "callerReference", "reboot", "strategy", "setDefaultVersion", "refresh", "minHealthyPercentage",
                "maxHealthyPercentage", "instanceWarmupSeconds", "skipMatching", "checkpointPercentages",
                "checkpointDelaySeconds", "bakeTimeSeconds", "autoRollback", "imageTimeoutMinutes",
                "rolloutTimeoutMinutes", "timeoutMinutes", "onTimeout", "onAbort", "keepImages"}) {
            assertThat(OptionNames.option(field)).as(field).startsWith("--");
        }
        assertThat(OptionNames.translate(null)).isNull();
    }
}
