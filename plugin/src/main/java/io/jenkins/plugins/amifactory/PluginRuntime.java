package io.jenkins.plugins.amifactory;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Endpoints;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * @param awsCalls              where the polls' AWS calls run, never on the scheduler's threads
 * @param clients               the AWS clients for one poll (in production lent from {@link AwsConnections})
 * @param sleeper               how the Freestyle build step waits between polls
 * @param root                  the Jenkins root, for permission checks when there is no job
 * @param controllerCredentials the controller's own AWS credentials, used only when an administrator allows it
 */
record PluginRuntime(Scheduler scheduler, AwsCallQueue awsCalls, Clock clock, ClientFactory clients,
                     Supplier<AmiFactoryConfiguration> configuration, CredentialsStore credentials,
                     Supplier<AwsCredentialsProvider> controllerCredentials, Supplier<AccessControlled> root,
                     RolloutDriver.Sleeper sleeper) {

    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);
    }

    /** The EC2 and Auto Scaling clients for one poll; closing them ends the poll's use of them. */
    @FunctionalInterface
    interface ClientFactory {
        AwsClients create(String region, AwsCredentialsProvider credentials, Endpoints endpoints);
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

    /** The real thing, built once per controller. */
    static PluginRuntime jenkins() {
        return Production.INSTANCE;
    }

    /**
     * Runs {@code build} with the plugin's class loader as context loader: the SDK loads its interceptors through
     * it, and it must see the aws-java-sdk2 plugins; the calling thread may carry core's loader.
     */
    static <T> T withPluginLoader(Supplier<T> build) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PluginRuntime.class.getClassLoader());
        try {
            return build.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static final class Production {
        static final AwsConnections CONNECTIONS = new AwsConnections(
                () -> ProxySettings.of(Jenkins.get().getProxy()), Clock.systemUTC(), AwsConnections.Timeouts.DEFAULT);
        static final PluginRuntime INSTANCE = new PluginRuntime(
                (task, delay) -> Timer.get().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                new AwsCallQueue(AwsCallQueue.THREADS, AwsCallQueue.PER_ENDPOINT),
                Clock.systemUTC(),
                CONNECTIONS,
                AmiFactoryConfiguration::get,
                new JenkinsCredentials(),
                () -> ControllerCredentials.INSTANCE,
                Jenkins::get,
                RolloutDriver.REAL_TIME);

        static {
            // Clients idle for a while are closed even when no poll comes to notice.
            Timer.get().scheduleWithFixedDelay(CONNECTIONS::sweep, 5, 5, TimeUnit.MINUTES);
        }
    }

    /**
     * One provider for the controller's own credentials, made when first needed: it caches what it finds (an
     * instance profile's session, say) and refreshes it itself, and its clients can be shared.
     */
    private static final class ControllerCredentials {
        static final AwsCredentialsProvider INSTANCE = DefaultCredentialsProvider.builder().build();
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
