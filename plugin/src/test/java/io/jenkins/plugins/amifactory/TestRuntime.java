package io.jenkins.plugins.amifactory;

import hudson.security.AccessControlled;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import java.time.Clock;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Builds a {@link PluginRuntime} for a test; everything not set refuses to be used. */
final class TestRuntime {

    Clock clock = Clock.systemUTC();
    PluginRuntime.Scheduler scheduler = (task, delay) -> {
        throw new AssertionError("this test schedules nothing");
    };
    AwsCallQueue awsCalls;
    PluginRuntime.ClientFactory clients = (region, credentials, endpoint) -> {
        throw new AssertionError("this test builds no AWS clients");
    };
    AmiFactoryConfiguration configuration = simulatorAllowed();
    FakeJenkins.CredentialsStore credentials = new FakeJenkins.CredentialsStore();
    int controllerCredentialsUses;
    Supplier<AwsCredentialsProvider> controllerCredentials = () -> {
        controllerCredentialsUses++;
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONTROLLER", TestSecrets.SECRET_KEY));
    };
    AccessControlled root = new FakeJenkins.Permissions(Jenkins.ADMINISTER);
    RolloutDriver.Sleeper sleeper = d -> {
        throw new AssertionError("this test does not sleep");
    };

    /** As an administrator sets the controller up for a local simulator, which the default endpoint rule refuses. */
    static AmiFactoryConfiguration simulatorAllowed() {
        AmiFactoryConfiguration c = new AmiFactoryConfiguration();
        c.setAllowedEndpoints("http://127.0.0.1:*");
        return c;
    }

    PluginRuntime build() {
        return new PluginRuntime(scheduler, awsCalls, clock, clients, () -> configuration, credentials,
                () -> controllerCredentials.get(), () -> root, sleeper);
    }
}
