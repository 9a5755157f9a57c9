package io.jenkins.plugins.amifactory.engine;

import java.time.Duration;

/** Small helpers for durations: comparisons and how they read in a log line. */
public final class Durations {

    private Durations() {
    }

    public static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 5 min}: rounded to what a person cares about. */
    public static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            long m = s / 60;
            long rest = s % 60;
            return rest == 0 || m >= 10 ? m + " min" : m + " min " + rest + " s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
