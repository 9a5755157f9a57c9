package io.jenkins.plugins.amifactory.simulator.account;

import java.time.Duration;
import java.util.List;

/**
 * How one Image progresses after CreateImage or CopyImage, as offsets from the request: the percentage its
 * snapshots report from each step on (nothing before the first: 0 %), when they complete, and when the Image
 * becomes available, which may be a while later.
 *
 * @param steps           the reported progress, by rising offset; empty for progress interpolated linearly
 * @param snapshotsDone   when the snapshots complete
 * @param available       when the Image becomes available (or fails); not before {@code snapshotsDone}
 */
public record ImageTiming(List<Step> steps, Duration snapshotsDone, Duration available) {

    /** From {@code after} on, the snapshots report {@code percent}. */
    public record Step(Duration after, int percent) {}

    public ImageTiming {
        steps = List.copyOf(steps);
        if (available.compareTo(snapshotsDone) < 0) {
            throw new IllegalArgumentException("an Image is available only after its snapshots: " + available
                    + " < " + snapshotsDone);
        }
    }

    /** Snapshots progressing evenly and completing with the Image, after {@code time}. */
    public static ImageTiming linear(Duration time) {
        return new ImageTiming(List.of(), time, time);
    }
}
