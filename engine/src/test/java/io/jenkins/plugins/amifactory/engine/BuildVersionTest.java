package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The version the build computed reaches the engine, and every rollout's first line names it. */
class BuildVersionTest {

    /** What Maven computed for this build (the parent pom passes it to the tests). */
    static String builtVersion() {
        String v = System.getProperty("ami-factory.version");
        assertThat(v).as("ami-factory.version, set by the Maven build; run the tests through Maven").isNotBlank()
                .doesNotContain("${");
        return v;
    }

    @Test
    void theEngineKnowsTheVersionTheBuildComputed() {
        assertThat(BuildVersion.current()).isEqualTo(builtVersion()).isNotEqualTo(BuildVersion.UNKNOWN);
    }

    @Test
    void theFirstLineOfARolloutNamesTheVersionTheGroupAndTheInstance() {
        assertThat(firstLine(false)).isEqualTo("AMI Factory " + builtVersion()
                + ": rollout of group 'web' from instance i-0abc1234def567890");
    }

    @Test
    void theFirstLineOfAPlanSaysItIsAPlan() {
        assertThat(firstLine(true)).isEqualTo("AMI Factory " + builtVersion()
                + ": plan for group 'web' from instance i-0abc1234def567890");
    }

    private static String firstLine(boolean planOnly) {
        List<String> heard = new ArrayList<>();
        RolloutRequest request = RolloutRequest.builder("web", "i-0abc1234def567890").region("us-east-1")
                .planOnly(planOnly).build();
        Rollout.start(request, Instant.parse("2026-12-07T00:00:00Z"), new RolloutListener() {
            @Override
            public void phaseStarted(Phase phase, String detail) {
                heard.add(phase.label() + ": " + detail);
            }

            @Override
            public void info(String message) {
                heard.add(message);
            }
        });
        assertThat(heard).as("starting a rollout only announces it").hasSize(1);
        return heard.get(0);
    }
}
