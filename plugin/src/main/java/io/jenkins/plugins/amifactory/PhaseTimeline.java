package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The phases of a Rollout as a timeline the rollout page draws as inline SVG: one row per phase, a bar that starts
 * where the phase before it ended, as long as the phase took. Coordinates are in the SVG's own units (a viewBox
 * {@value #WIDTH} wide), so the drawing scales with the page and needs no script.
 */
public final class PhaseTimeline {

    static final int WIDTH = 1000;
    static final int BAR_START = 170;
    static final int BAR_SPACE = 690;
    static final int ROW = 26;
    /** The shortest bar drawn, so that a phase of no measurable time still shows. */
    static final double MIN_BAR = 3;

    private final List<Bar> bars = new ArrayList<>();
    private final String label;

    PhaseTimeline(Map<String, Duration> phases) {
        long total = phases.values().stream().mapToLong(Duration::toMillis).sum();
        long start = 0;
        int row = 0;
        for (Map.Entry<String, Duration> p : phases.entrySet()) {
            long ms = p.getValue().toMillis();
            double x = BAR_START + (total == 0 ? 0 : BAR_SPACE * (double) start / total);
            double width = Math.max(MIN_BAR, total == 0 ? 0 : BAR_SPACE * (double) ms / total);
            bars.add(new Bar(p.getKey(), Durations.words(p.getValue()), round(x), round(width), row * ROW + 4,
                    p.getKey().equals("reverting")));
            start += ms;
            row++;
        }
        label = phases.entrySet().stream().map(e -> e.getKey() + " " + Durations.words(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    public List<Bar> getBars() {
        return bars;
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }

    /** The SVG's height in its own units. */
    public int getHeight() {
        return bars.size() * ROW + 4;
    }

    public String getViewBox() {
        return "0 0 " + WIDTH + " " + getHeight();
    }

    /** The timeline in words, for screen readers and as the drawing's title. */
    public String getLabel() {
        return label;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** One phase's row. */
    public static final class Bar {
        private final String phase;
        private final String duration;
        private final double x;
        private final double width;
        private final int y;
        private final boolean revert;

        Bar(String phase, String duration, double x, double width, int y, boolean revert) {
            this.phase = phase;
            this.duration = duration;
            this.x = x;
            this.width = width;
            this.y = y;
            this.revert = revert;
        }

        public String getPhase() {
            return phase;
        }

        public String getDuration() {
            return duration;
        }

        public double getX() {
            return x;
        }

        public double getWidth() {
            return width;
        }

        /** The top of the bar. */
        public int getY() {
            return y;
        }

        /** The baseline of the row's text, level with the bar's middle. */
        public int getTextY() {
            return y + 13;
        }

        /** Where the duration is written: just after the bar. */
        public double getDurationX() {
            return round(x + width + 8);
        }

        /** The design library's colours: the accent for progress, the warning colour for a revert. */
        public String getFill() {
            return revert ? "var(--warning-color, #fe820a)" : "var(--accent-color, #2563eb)";
        }
    }
}
