package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The AWS clients of every rollout on the controller: one HTTP client (one connection pool, TLS sessions kept
 * between polls), through Jenkins' proxy when one is configured, and a {@link ClientCache} of SDK clients on it, so
 * a warm poll builds nothing. Every call has a per-attempt and a per-call timeout. When the proxy changes, the next
 * poll gets a new HTTP client and new clients; the old ones close once the calls running on them are done.
 */
final class AwsConnections implements PluginRuntime.ClientFactory, AutoCloseable {

    /** At most this many connections at once; the polls' threads and the build steps' executors share them. */
    static final int MAX_CONNECTIONS = 64;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long an AWS call may wait: each attempt (the SDK makes one) and the call as a whole.
     *
     * @param attempt a server that accepts and never answers holds a thread this long
     */
    record Timeouts(Duration attempt, Duration call) {
        static final Timeouts DEFAULT = new Timeouts(AwsClients.ATTEMPT_TIMEOUT, AwsClients.CALL_TIMEOUT);
    }

    private final Supplier<ProxySettings> proxy;
    private final Clock clock;
    private final Timeouts timeouts;
    private final AtomicLong built = new AtomicLong();
    private ClientCache cache;
    private ProxySettings cacheProxy;
    private long httpClientsBuilt;

    /** @param proxy Jenkins' proxy now, or null for none; asked at every poll, so a change applies at once */
    AwsConnections(Supplier<ProxySettings> proxy, Clock clock, Timeouts timeouts) {
        this.proxy = proxy;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /** Lends the clients for one poll; closing them gives them back. */
    @Override
    public synchronized AwsClients create(String region, AwsCredentialsProvider credentials, Endpoints endpoints) {
        // Under this object's lock, so that no poll borrows from a cache that a proxy change is retiring.
        return current().borrow(region, endpoints, credentials);
    }

    private ClientCache current() {
        ProxySettings now = proxy.get();
        if (cache == null || !Objects.equals(now, cacheProxy)) {
            ClientCache previous = cache;
            SdkHttpClient http = httpClient(now);
            httpClientsBuilt++;
            cache = new ClientCache((region, credentials, endpoints) -> PluginRuntime.withPluginLoader(() ->
                    AwsClients.create(region, credentials, endpoints, http, timeouts.attempt(), timeouts.call())),
                    http, clock, built);
            cacheProxy = now;
            if (previous != null) {
                previous.retire();
            }
        }
        return cache;
    }

    /** The plugin's HTTP client: Jenkins' proxy if there is one, else the SDK's default (the JVM's proxy settings). */
    static SdkHttpClient httpClient(ProxySettings proxy) {
        ApacheHttpClient.Builder b = ApacheHttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECT_TIMEOUT);
        if (proxy != null) {
            b.proxyConfiguration(proxy.sdk());
        }
        return b.build();
    }

    /** Closes the clients nobody used for a while; the controller's timer calls it now and then. */
    synchronized void sweep() {
        if (cache != null) {
            cache.sweep();
        }
    }

    /** EC2 and Auto Scaling client pairs built so far: 0 more per poll once a rollout's first poll is done. */
    long clientsBuilt() {
        return built.get();
    }

    /** HTTP clients (connection pools) built so far: one, plus one per proxy change. */
    synchronized long httpClientsBuilt() {
        return httpClientsBuilt;
    }

    /** Client pairs kept now. */
    synchronized int cached() {
        return cache == null ? 0 : cache.size();
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.retire();
            cache = null;
        }
    }
}
