package io.jenkins.plugins.amifactory;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import java.io.Serial;
import java.io.Serializable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where a Rollout's AWS credentials come from, decided once when it starts: the step's {@code credentialsId}, else
 * the {@code AWS_*} variables of the build environment (so {@code withAWS { }} works), else the global default
 * credentials id, else the controller's own credentials if an administrator allowed that. Only the choice is kept
 * (it is persisted with a running step); the secret is looked up again for every poll and never stored.
 *
 * @param credentialsId the Jenkins credentials id for {@link Source#CREDENTIALS_ID} and {@link Source#DEFAULT_CREDENTIALS_ID}
 */
record CredentialsChoice(Source source, String credentialsId) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    /** The places credentials can come from, in the order they are tried. */
    enum Source { CREDENTIALS_ID, ENVIRONMENT, DEFAULT_CREDENTIALS_ID, CONTROLLER }

    /** Decides where the credentials come from; looks nothing up. */
    static CredentialsChoice choose(String credentialsId, EnvVars env, AmiFactoryConfiguration config)
            throws AbortException {
        if (credentialsId != null) {
            return new CredentialsChoice(Source.CREDENTIALS_ID, credentialsId);
        }
        if (contributed(env)) {
            return new CredentialsChoice(Source.ENVIRONMENT, null);
        }
        if (config.getDefaultCredentialsId() != null) {
            return new CredentialsChoice(Source.DEFAULT_CREDENTIALS_ID, config.getDefaultCredentialsId());
        }
        if (config.isAllowControllerCredentials()) {
            return new CredentialsChoice(Source.CONTROLLER, null);
        }
        throw new AbortException(Messages.Credentials_None());
    }

    /**
     * Whether the build environment holds AWS credentials that something gave the build: {@code withAWS},
     * {@code withCredentials}, a build wrapper, {@code withEnv}, a global or agent property. A build on the
     * built-in node also sees the controller process's own variables; those are the controller's credentials,
     * which only an administrator may allow, so they do not count.
     */
    static boolean contributed(EnvVars env) {
        String keyId = RolloutOptions.text(env.get(ACCESS_KEY_ID));
        return keyId != null && !keyId.equals(RolloutOptions.text(EnvVars.masterEnvVars.get(ACCESS_KEY_ID)));
    }

    /**
     * The credentials for one poll. Jenkins-stored ones are looked up as the build sees them (only the global
     * scope is visible to builds); environment ones are read from {@code env} as the step sees it now.
     */
    AwsCredentialsProvider provider(Run<?, ?> run, EnvVars env, PluginRuntime runtime) throws AbortException {
        return switch (source) {
            case CREDENTIALS_ID, DEFAULT_CREDENTIALS_ID -> stored(run, runtime);
            case ENVIRONMENT -> fromEnvironment(env);
            case CONTROLLER -> runtime.controllerCredentials().get();
        };
    }

    /** Checks that the chosen credentials exist, and records their use by the build. */
    void checkAndTrack(Run<?, ?> run, EnvVars env, PluginRuntime runtime) throws AbortException {
        AwsCredentialsProvider p = provider(run, env, runtime);
        if (p instanceof AmazonWebServicesCredentials c) {
            runtime.credentials().track(run, c);
        }
    }

    /**
     * Whether these are temporary credentials from the build environment (a session token is set, as withAWS
     * does): they expire on their own, and nothing here can renew them.
     */
    boolean isEnvironmentSession(EnvVars env) {
        return source == Source.ENVIRONMENT && RolloutOptions.text(env.get(SESSION_TOKEN)) != null;
    }

    /** One console line saying where the credentials come from, without any part of them. */
    String describe() {
        return switch (source) {
            case CREDENTIALS_ID -> Messages.Credentials_UsingId(credentialsId);
            case DEFAULT_CREDENTIALS_ID -> Messages.Credentials_UsingDefaultId(credentialsId);
            case ENVIRONMENT -> Messages.Credentials_UsingEnvironment();
            case CONTROLLER -> Messages.Credentials_UsingController();
        };
    }

    private AmazonWebServicesCredentials stored(Run<?, ?> run, PluginRuntime runtime) throws AbortException {
        AmazonWebServicesCredentials c = runtime.credentials().find(credentialsId, run);
        if (c == null) {
            throw new AbortException(Messages.Credentials_NotFound(credentialsId));
        }
        return c;
    }

    static AwsCredentialsProvider fromEnvironment(EnvVars env) throws AbortException {
        String keyId = RolloutOptions.text(env.get(ACCESS_KEY_ID));
        String secret = RolloutOptions.text(env.get(SECRET_ACCESS_KEY));
        if (keyId == null) {
            throw new AbortException(Messages.Credentials_EnvironmentGone());
        }
        if (secret == null) {
            throw new AbortException(Messages.Credentials_IncompleteEnvironment());
        }
        String token = RolloutOptions.text(env.get(SESSION_TOKEN));
        AwsCredentials credentials = token == null ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token);
        return StaticCredentialsProvider.create(credentials);
    }
}
