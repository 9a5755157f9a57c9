package io.jenkins.plugins.amifactory;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * What the plugin takes from its surroundings: Jenkins' timer, threads for AWS calls, the clock, AWS clients, the
 * global configuration, stored credentials, the controller's own AWS credentials and the Jenkins root (for
 * permission checks). Production code uses {@link #jenkins()}; tests build one on the simulator and its simulated
 * clock. Package-private, and handed to objects rather than kept in a static, so nothing outside the plugin can
 * swap it.
 *
 * @param scheduler             when to poll next; holds no thread while waiting
 * @param awsCalls              where AWS calls run, never on the scheduler's threads
 * @param sleeper               how the Freestyle build step waits between polls
 * @param root                  the Jenkins root, for permission checks when there is no job
 * @param controllerCredentials the controller's own AWS credentials, used only when an administrator allows it
 */
record PluginRuntime(Scheduler scheduler, ExecutorService awsCalls, Clock clock, ClientFactory clients,
                     Supplier<AmiFactoryConfiguration> configuration, CredentialsStore credentials,
                     Supplier<AwsCredentialsProvider> controllerCredentials, Supplier<AccessControlled> root,
                     RolloutDriver.Sleeper sleeper) {

    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);
    }

    /** Builds the EC2 and Auto Scaling clients for one poll. */
    @FunctionalInterface
    interface ClientFactory {
        AwsClients create(String region, AwsCredentialsProvider credentials, URI endpoint);
    }

    /** AWS credentials stored in Jenkins. */
    interface CredentialsStore {
        /** As the build sees them (global scope only), or null. */
        AmazonWebServicesCredentials find(String id, Run<?, ?> run);

        /** Records that the build used them. */
        void track(Run<?, ?> run, AmazonWebServicesCredentials credentials);

        /** As a job's configuration page sees them, for "Test connection"; null when there is none. */
        AmazonWebServicesCredentials findForItem(String id, Item item);
    }

    /** Threads for AWS calls: few, daemon, and gone after a minute of idleness. */
    static final int AWS_CALL_THREADS = 4;

    /** The real thing, built once per controller. */
    static PluginRuntime jenkins() {
        return Production.INSTANCE;
    }

    static ExecutorService newAwsCallPool() {
        AtomicInteger count = new AtomicInteger();
        ClassLoader pluginLoader = PluginRuntime.class.getClassLoader();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(AWS_CALL_THREADS, AWS_CALL_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "AMI Factory AWS calls #" + count.incrementAndGet());
                    t.setDaemon(true);
                    // The SDK discovers its HTTP client through the context class loader, which must see the
                    // aws-java-sdk2 plugins; the thread that happens to start this one may carry core's loader.
                    t.setContextClassLoader(pluginLoader);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@link AwsClients#create} with the plugin's class loader as context loader, for the SDK's HTTP discovery. */
    static AwsClients createClients(String region, AwsCredentialsProvider credentials, URI endpoint) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PluginRuntime.class.getClassLoader());
        try {
            return AwsClients.create(region, credentials, endpoint);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static final class Production {
        static final PluginRuntime INSTANCE = new PluginRuntime(
                (task, delay) -> Timer.get().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                newAwsCallPool(),
                Clock.systemUTC(),
                PluginRuntime::createClients,
                AmiFactoryConfiguration::get,
                new JenkinsCredentials(),
                () -> DefaultCredentialsProvider.builder().build(),
                Jenkins::get,
                RolloutDriver.REAL_TIME);
    }

    private static final class JenkinsCredentials implements CredentialsStore {
        @Override
        public AmazonWebServicesCredentials find(String id, Run<?, ?> run) {
            return CredentialsProvider.findCredentialById(id, AmazonWebServicesCredentials.class, run);
        }

        @Override
        public void track(Run<?, ?> run, AmazonWebServicesCredentials credentials) {
            CredentialsProvider.track(run, credentials);
        }

        @Override
        public AmazonWebServicesCredentials findForItem(String id, Item item) {
            // As SYSTEM: the caller has already checked that the user may configure the item (the credentials
            // consumer guide's pattern for form validation).
            for (AmazonWebServicesCredentials c : CredentialsProvider.lookupCredentialsInItem(
                    AmazonWebServicesCredentials.class, item, ACL.SYSTEM2)) {
                if (id.equals(c.getId())) {
                    return c;
                }
            }
            return null;
        }
    }
}
