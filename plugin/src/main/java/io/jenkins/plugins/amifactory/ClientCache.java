package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * EC2 and Auto Scaling clients kept between polls, one pair per region, endpoints and {@link CredentialsIdentity},
 * all on one HTTP client. A poll borrows a pair and gives it back when it closes it; a pair nobody borrowed for
 * {@link #IDLE} is closed, and beyond {@link #MAX_ENTRIES} the least recently used idle pair is. The credentials are
 * still resolved afresh: each pair signs through a {@link PerPollCredentials} that forgets what it resolved whenever
 * the pair is borrowed, so every poll resolves them at most once, as when each poll built its own clients.
 */
final class ClientCache {

    private static final Logger LOGGER = Logger.getLogger(ClientCache.class.getName());

    static final Duration IDLE = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 64;

    /** Builds a pair; the cache closes it. */
    @FunctionalInterface
    interface Builder {
        AwsClients build(String region, AwsCredentialsProvider credentials, Endpoints endpoints);
    }

    private record Key(String region, Endpoints endpoints, CredentialsIdentity credentials) {
    }

    private static final class Entry {
        final AwsClients clients;
        final PerPollCredentials credentials;
        int borrowed;
        Instant lastReturned;

        Entry(AwsClients clients, PerPollCredentials credentials, Instant now) {
            this.clients = clients;
            this.credentials = credentials;
            this.lastReturned = now;
        }
    }

    private final Builder builder;
    private final AutoCloseable shared;
    private final Clock clock;
    private final AtomicLong built;
    /** In access order, so the first idle entry is the least recently used one. */
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final List<Entry> retiring = new ArrayList<>();
    private boolean retired;
    private boolean sharedClosed;

    /**
     * @param shared what all pairs are built on (the HTTP client); closed once the cache is retired and every pair
     *               it lent is back
     * @param built  counts every pair built, across caches
     */
    ClientCache(Builder builder, AutoCloseable shared, Clock clock, AtomicLong built) {
        this.builder = builder;
        this.shared = shared;
        this.clock = clock;
        this.built = built;
    }

    /** Lends the pair for these credentials, building it if there is none; closing the result gives it back. */
    AwsClients borrow(String region, Endpoints endpoints, AwsCredentialsProvider credentials) {
        AwsCredentialsProvider source = PerPollCredentials.sourceOf(credentials);
        Key key = new Key(region, endpoints, CredentialsIdentity.of(source));
        Entry e;
        synchronized (this) {
            if (retired) {
                throw new IllegalStateException("AMI Factory: AWS clients asked of a cache already replaced");
            }
            sweep();
            e = entries.get(key);
            if (e == null) {
                PerPollCredentials perPoll = new PerPollCredentials(source);
                e = new Entry(builder.build(region, perPoll, endpoints), perPoll, clock.instant());
                built.incrementAndGet();
                entries.put(key, e);
                trim();
            }
            e.borrowed++;
        }
        e.credentials.nextPoll();
        Entry lent = e;
        return AwsClients.borrowed(e.clients, () -> giveBack(lent));
    }

    private synchronized void giveBack(Entry e) {
        e.borrowed--;
        e.lastReturned = clock.instant();
        if (e.borrowed == 0 && retiring.remove(e)) {
            close(e);
        }
        closeSharedWhenDrained();
    }

    /** Closes the pairs idle for {@link #IDLE} or longer. */
    synchronized void sweep() {
        Instant now = clock.instant();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.borrowed == 0 && !e.lastReturned.plus(IDLE).isAfter(now)) {
                it.remove();
                close(e);
            }
        }
    }

    /** Beyond the bound, closes the least recently used idle pairs; pairs on loan are never taken away. */
    private void trim() {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && entries.size() > MAX_ENTRIES; ) {
            Entry e = it.next();
            if (e.borrowed == 0) {
                it.remove();
                close(e);
            }
        }
    }

    /**
     * No more lending: idle pairs close now, borrowed ones when they come back, and then what they share. Calls that
     * run on a lent pair finish on it.
     */
    synchronized void retire() {
        retired = true;
        for (Entry e : entries.values()) {
            if (e.borrowed == 0) {
                close(e);
            } else {
                retiring.add(e);
            }
        }
        entries.clear();
        closeSharedWhenDrained();
    }

    private void closeSharedWhenDrained() {
        if (retired && retiring.isEmpty() && !sharedClosed) {
            sharedClosed = true;
            try {
                shared.close();
            } catch (Exception ex) {
                LOGGER.log(Level.FINE, "AMI Factory: closing the HTTP client of replaced AWS clients failed", ex);
            }
        }
    }

    private static void close(Entry e) {
        try {
            e.clients.close();
        } catch (RuntimeException ex) {
            LOGGER.log(Level.FINE, "AMI Factory: closing idle AWS clients failed", ex);
        }
    }

    /** Pairs kept now. */
    synchronized int size() {
        return entries.size();
    }

    /** Whether it was retired and everything it held is closed. */
    synchronized boolean closed() {
        return sharedClosed;
    }
}
