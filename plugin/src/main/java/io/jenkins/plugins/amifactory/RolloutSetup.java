package io.jenkins.plugins.amifactory;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.amifactory.engine.Durations;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Pipeline step and the build step both do before a Rollout: turn their fields, the build environment
 * and the global configuration into the engine's request, and choose the credentials. Bad input is refused here,
 * before anything in AWS changes, with the engine's message (the field and the fix).
 *
 * @param request     what to roll out (with targets, the first target's part); holds no secret
 * @param fleet       with targets, the fleet around {@code request}; null for a lone Rollout. Every region uses
 *                    the same credentials and endpoints: a fleet is one account.
 * @param credentials where the AWS credentials come from
 * @param warnings    what the build log should say at the start about risks in this setup; never a secret
 */
record RolloutSetup(RolloutRequest request, FleetRequest fleet, CredentialsChoice credentials, List<String> warnings) {

    static final String AWS_REGION = "AWS_REGION";
    static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
    /**
     * How long temporary credentials from the build environment can be counted on: withAWS assumes its role for
     * 3600 s by default, and a longer session is rarely allowed.
     */
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(60);

    static RolloutSetup prepare(String asg, String instance, RolloutOptions options, Run<?, ?> run, EnvVars env,
                                PluginRuntime runtime) throws AbortException {
        AmiFactoryConfiguration config = runtime.configuration().get();
        String region = first(options.getRegion(), env.get(AWS_REGION), env.get(AWS_DEFAULT_REGION),
                config.getDefaultRegion());
        RolloutRequest request;
        FleetRequest fleet;
        try {
            EndpointChoice endpoints = EndpointChoice.of(options.getEndpointUrl(), options.getEc2EndpointUrl(),
                    options.getAutoScalingEndpointUrl(), env);
            request = options.toRequest(asg, instance, region, endpoints, config, run.getExternalizableId());
            fleet = options.toFleet(request);
            endpoints.check(config.endpointPolicy());
        } catch (InvalidRequestException e) {
            throw new AbortException(e.getMessage());
        }
        CredentialsChoice credentials = CredentialsChoice.choose(options.getCredentialsId(), env, config);
        credentials.checkAndTrack(run, env, runtime);
        List<String> warnings = new ArrayList<>();
        Duration overall = request.deadlines().overall();
        if (credentials.isEnvironmentSession(env) && overall.compareTo(SESSION_LIFETIME) > 0) {
            warnings.add(Messages.Credentials_SessionShorterThanTimeout(Durations.words(overall)));
        }
        return new RolloutSetup(request, fleet, credentials, List.copyOf(warnings));
    }

    /** The start of the build log: where the credentials come from, then the warnings. */
    void announce(ConsoleRolloutListener console) {
        console.info(credentials.describe());
        warnings.forEach(console::info);
    }

    private static String first(String... values) {
        for (String v : values) {
            String t = RolloutOptions.text(v);
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
