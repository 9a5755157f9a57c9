package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.account.ImageTiming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Progress as AWS reports it rather than as a smooth line, for benchmarks of how a poller waits; opt-in through
 * {@link Scenario#realistic}. Seeded, so a variation replays exactly:
 * <ul>
 *   <li>an Image's time varies around its nominal time; its snapshots report 0 % for a while, then move in a few
 *       coarse, uneven jumps; the Image stays pending for a while after they complete;</li>
 *   <li>each launched instance takes its own time to pass its health checks, a few much longer than most;</li>
 *   <li>a Refresh's PercentageComplete moves per batch, not per instance.</li>
 * </ul>
 * Images and instances draw from separate streams, so pollers that make different calls meanwhile still see the
 * same Image timings and the same instance timings in launch order.
 */
public final class RealisticProgress {

    private final Random images;
    private final Random instances;
    /** The nominal time of every Image; null for the scenario's own (a base time plus a time per GiB). */
    public Duration imageTime;
    /** How far an Image's time strays from the nominal one, as a fraction either way. */
    public double imageSpread = 0.2;

    public RealisticProgress(long seed) {
        Random root = new Random(seed);
        this.images = new Random(root.nextLong());
        this.instances = new Random(root.nextLong());
    }

    /** The next Image's timing, around {@code nominal} unless {@link #imageTime} overrides it. */
    ImageTiming image(Duration nominal) {
        Duration base = imageTime != null ? imageTime : nominal;
        long total = Math.max(30_000, Math.round(base.toMillis() * (1 - imageSpread + 2 * imageSpread * images.nextDouble())));
        // After the snapshots complete EC2 still registers the Image: from 20 s to a few minutes.
        long tail = Math.max(20_000, Math.min(240_000, Math.round(total * (0.03 + 0.09 * images.nextDouble()))));
        long snapshotsDone = total - tail;
        long stall = Math.round(snapshotsDone * (0.05 + 0.2 * images.nextDouble()));
        long work = snapshotsDone - stall;
        int jumps = 3 + images.nextInt(6);
        long[] at = new long[jumps];
        at[0] = stall;
        for (int i = 1; i < jumps; i++) {
            at[i] = stall + (long) (work * images.nextDouble());
        }
        Arrays.sort(at);
        List<ImageTiming.Step> steps = new ArrayList<>(jumps);
        int percent = 0;
        for (int i = 0; i < jumps; i++) {
            double even = 100.0 * (at[i] - stall) / Math.max(1, work);
            int reported = i == 0 ? 1 + images.nextInt(8) : (int) Math.round(even + images.nextGaussian() * 8);
            percent = Math.max(percent + 1, Math.min(99, reported));
            if (percent > 99) {
                break;
            }
            steps.add(new ImageTiming.Step(Duration.ofMillis(at[i]), percent));
        }
        return new ImageTiming(steps, Duration.ofMillis(snapshotsDone), Duration.ofMillis(total));
    }

    /** How long the next launched instance takes to pass its health checks, around {@code nominal}. */
    Duration healthyTime(Duration nominal) {
        double n = nominal.toMillis();
        double t = n * (0.8 + 0.4 * instances.nextDouble()) - n * 0.5 * Math.log(1 - instances.nextDouble());
        return Duration.ofMillis(Math.round(Math.min(t, 4 * n)));
    }
}
