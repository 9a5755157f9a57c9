package io.jenkins.plugins.amifactory.simulator.account;

import java.util.Random;
import java.util.UUID;

/**
 * Resource ids in AWS's shapes ({@code i-} and 17 hex digits, {@code ami-…}, {@code snap-…}), drawn from
 * a seeded generator so that a scenario replays with the same ids.
 */
public final class Ids {

    private final Random random;

    public Ids(long seed) {
        this.random = new Random(seed);
    }

    /** {@code prefix-} followed by 17 lower-case hex digits, as EC2 ids are. */
    public String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 18).append(prefix).append('-');
        for (int i = 0; i < 17; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** A UUID, as request ids, instance refresh ids and scaling activity ids are. */
    public String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A 12-digit AWS account number. */
    public String accountId() {
        return String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    }
}
