package io.jenkins.plugins.amifactory.engine.bench;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A usual poller: it makes the Image (or starts the Refresh) itself, then looks at once and every
 * {@link Contender#interval} until it sees the change, gives up after {@link Contender#maxAttempts} looks, or
 * finds the deadline passed. A throttled look is retried as the SDK's standard retry mode does (two more
 * attempts, after a jittered backoff from 500 ms); if all three are throttled, the look waits for its turn.
 */
final class BaselineWait implements Contestant {

    private enum Stage { CREATE_IMAGE, IMAGE_WAIT, START_REFRESH, REFRESH_WAIT, DONE }

    private final BenchAccount account;
    private final Contender contender;
    private final String group;
    private final String instance;
    private final Duration deadline;
    private final boolean refresh;
    private final List<WaitRecord> waits = new ArrayList<>();
    private Stage stage;
    private String id;
    private Instant waitStart;
    private int looks;
    private int calls;
    private int retries;
    private final Random jitter;
    private String failure;

    /** Waits for an Image of {@code instance}, then, with {@code refresh}, for a Refresh of {@code group}. */
    BaselineWait(BenchAccount account, Contender contender, String group, String instance, boolean image,
                 boolean refresh, Duration deadline) {
        this.account = account;
        this.contender = contender;
        this.group = group;
        this.instance = instance;
        this.refresh = refresh;
        this.deadline = deadline;
        this.stage = image ? Stage.CREATE_IMAGE : Stage.START_REFRESH;
        this.jitter = new Random(group.hashCode());
    }

    @Override
    public Duration step(Instant now) {
        switch (stage) {
            case CREATE_IMAGE -> {
                id = account.sim.ec2.createImage(r -> r.instanceId(instance).name(group + "-baseline").noReboot(true))
                        .imageId();
                return begin(Stage.IMAGE_WAIT, now);
            }
            case START_REFRESH -> {
                id = account.sim.autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(group)
                        .preferences(WaitCase.preferences())).instanceRefreshId();
                return begin(Stage.REFRESH_WAIT, now);
            }
            case IMAGE_WAIT, REFRESH_WAIT -> {
                return look(now);
            }
            default -> {
                return null;
            }
        }
    }

    private Duration begin(Stage wait, Instant now) {
        stage = wait;
        waitStart = now;
        looks = 0;
        calls = 0;
        return Duration.ZERO;
    }

    private Duration look(Instant now) {
        boolean image = stage == Stage.IMAGE_WAIT;
        WaitRecord.Kind kind = image ? WaitRecord.Kind.IMAGE : WaitRecord.Kind.REFRESH;
        if (retries == 0) {
            looks++;
        }
        calls++;
        String seen = null;
        try {
            seen = image ? account.sim.ec2.describeImages(r -> r.imageIds(id)).images().get(0).stateAsString()
                    : account.sim.autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group)
                            .instanceRefreshIds(id)).instanceRefreshes().get(0).statusAsString();
            retries = 0;
        } catch (AwsServiceException e) {
            if (!e.isThrottlingException()) {
                throw e;
            }
            if (retries < 2) {
                retries++;
                long base = 500L << retries;
                return Duration.ofMillis(base / 2 + (long) (jitter.nextDouble() * base / 2));
            }
            retries = 0;
        }
        String done = image ? "available" : "Successful";
        if (done.equals(seen)) {
            Instant changed = account.changedAt(id, done);
            waits.add(WaitRecord.noticed(kind, calls, 0, Duration.between(changed, now).toMillis() / 1000.0));
            return next(image);
        }
        boolean outOfLooks = contender.maxAttempts > 0 && looks >= contender.maxAttempts;
        if (outOfLooks || !now.isBefore(waitStart.plus(deadline))) {
            waits.add(WaitRecord.gaveUp(kind, calls, 0));
            failure = (image ? "Image " : "Refresh ") + id + " still " + seen + " after " + looks + " looks";
            stage = Stage.DONE;
            return null;
        }
        return contender.interval;
    }

    private Duration next(boolean image) {
        if (image && refresh) {
            stage = Stage.START_REFRESH;
            return Duration.ZERO;
        }
        stage = Stage.DONE;
        return null;
    }

    @Override
    public List<WaitRecord> waits() {
        return waits;
    }

    @Override
    public String failure() {
        return failure;
    }
}
