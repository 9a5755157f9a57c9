package io.jenkins.plugins.amifactory;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts AWS SDK clients built in this JVM, whoever builds them (a factory, a cache): the SDK makes one of each
 * global interceptor named in {@code software/amazon/awssdk/global/handlers/execution.interceptors} for every client
 * it builds. Intercepts nothing.
 */
public final class SdkClientBuilds implements ExecutionInterceptor {

    private static final AtomicInteger BUILT = new AtomicInteger();

    public SdkClientBuilds() {
        BUILT.incrementAndGet();
    }

    /** Clients built so far. */
    static int count() {
        return BUILT.get();
    }
}
