package io.jenkins.plugins.amifactory.engine.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs contestants in simulated time: the clock jumps to the earliest step due, which runs and says when it wants
 * the next. Nothing sleeps, so hours of waiting take as long as the calls they make.
 */
final class EventLoop {

    /** A bound on simulated time, so that a contestant that never ends fails the run instead of hanging it. */
    static final Duration LIMIT = Duration.ofHours(12);

    private record Due(Instant at, long seq, Contestant who) {}

    private EventLoop() {
    }

    /** Runs every contestant from its start to its end; {@code starts} gives each one's first step. */
    static void run(BenchAccount account, List<Contestant> contestants, List<Instant> starts) {
        PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at.equals(b.at)
                ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
        long seq = 0;
        for (int i = 0; i < contestants.size(); i++) {
            queue.add(new Due(starts.get(i), seq++, contestants.get(i)));
        }
        Instant end = account.now().plus(LIMIT);
        while (!queue.isEmpty()) {
            Due due = queue.poll();
            if (due.at.isAfter(end)) {
                throw new IllegalStateException("still running after " + LIMIT + " of simulated time");
            }
            account.advanceTo(due.at);
            Instant now = account.now();
            Duration next = due.who.step(now);
            if (next != null) {
                queue.add(new Due(now.plus(next), seq++, due.who));
            }
        }
    }
}
