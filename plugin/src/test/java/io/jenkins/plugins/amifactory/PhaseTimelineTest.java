package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phases as bars: each starts where the one before ended, and is as long as its phase took. */
class PhaseTimelineTest {

    @Test
    void barsFollowEachOtherInProportionToTheirPhases() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("image wait", Duration.ofMinutes(1));
        phases.put("refresh wait", Duration.ofMinutes(3));
        phases.put("reverting", Duration.ZERO);
        PhaseTimeline t = new PhaseTimeline(phases);

        assertThat(t.getBars()).hasSize(3);
        PhaseTimeline.Bar image = t.getBars().get(0);
        PhaseTimeline.Bar refresh = t.getBars().get(1);
        PhaseTimeline.Bar revert = t.getBars().get(2);
        assertThat(image.getX()).isEqualTo(PhaseTimeline.BAR_START);
        assertThat(image.getWidth()).isEqualTo(PhaseTimeline.BAR_SPACE / 4.0);
        assertThat(refresh.getX()).isEqualTo(PhaseTimeline.BAR_START + PhaseTimeline.BAR_SPACE / 4.0);
        assertThat(refresh.getWidth()).isEqualTo(PhaseTimeline.BAR_SPACE * 3 / 4.0);
        assertThat(revert.getWidth()).as("a phase of no time still shows").isEqualTo(PhaseTimeline.MIN_BAR);
        assertThat(revert.getFill()).contains("--warning-color");
        assertThat(image.getFill()).contains("--accent-color");
        assertThat(refresh.getY()).isGreaterThan(image.getY());
        assertThat(refresh.getDuration()).isEqualTo("3 min");
        assertThat(t.getViewBox()).isEqualTo("0 0 1000 " + t.getHeight());
        assertThat(t.getLabel()).isEqualTo("image wait 1 min, refresh wait 3 min, reverting 0 s");
    }

    @Test
    void aRolloutRefusedInPreflightStillDrawsItsOnePhase() {
        PhaseTimeline t = new PhaseTimeline(Map.of("preflight", Duration.ZERO));
        assertThat(t.isEmpty()).isFalse();
        assertThat(t.getBars().get(0).getWidth()).isEqualTo(PhaseTimeline.MIN_BAR);
        assertThat(new PhaseTimeline(Map.of()).isEmpty()).isTrue();
    }
}
