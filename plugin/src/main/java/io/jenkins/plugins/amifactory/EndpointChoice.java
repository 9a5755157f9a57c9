package io.jenkins.plugins.amifactory;

import hudson.EnvVars;
import io.jenkins.plugins.amifactory.engine.EndpointUrl;
import io.jenkins.plugins.amifactory.engine.RolloutRequestBuilder;
import java.net.URI;

/**
 * The endpoints a Rollout is given and where each came from: the common one and each service's own, from the step's
 * fields or else the build's {@code AWS_ENDPOINT_URL*} variables, layered as the AWS SDKs layer them (a service's own
 * before the common one). A field on the step outranks every variable, so {@code endpointUrl} also overrides an
 * {@code AWS_ENDPOINT_URL_EC2} some wrapper set. Each is named by its source in every message, so a refusal says
 * which field or variable to change.
 *
 * @param common            the endpoint both services use unless they have their own, or null
 * @param commonSource      the field or variable it came from
 * @param ec2               the EC2 calls' own endpoint, or null
 * @param ec2Source         the field or variable it came from
 * @param autoScaling       the Auto Scaling calls' own endpoint, or null
 * @param autoScalingSource the field or variable it came from
 */
record EndpointChoice(URI common, String commonSource, URI ec2, String ec2Source, URI autoScaling,
                      String autoScalingSource) {

    static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    static final String AWS_ENDPOINT_URL_EC2 = "AWS_ENDPOINT_URL_EC2";
    static final String AWS_ENDPOINT_URL_AUTO_SCALING = "AWS_ENDPOINT_URL_AUTO_SCALING";

    static final String COMMON_FIELD = "endpointUrl";
    static final String EC2_FIELD = "ec2EndpointUrl";
    static final String AUTO_SCALING_FIELD = "autoScalingEndpointUrl";

    /** None: AWS's own endpoints. */
    static final EndpointChoice AWS = new EndpointChoice(null, COMMON_FIELD, null, EC2_FIELD, null, AUTO_SCALING_FIELD);

    /**
     * The step's fields before the build's variables.
     *
     * @throws io.jenkins.plugins.amifactory.engine.InvalidRequestException naming the field or variable that is not
     *                                                                      an endpoint URL
     */
    static EndpointChoice of(String commonField, String ec2Field, String autoScalingField, EnvVars env) {
        boolean stepGaveCommon = RolloutOptions.text(commonField) != null;
        Sourced common = pick(commonField, COMMON_FIELD, env.get(AWS_ENDPOINT_URL), AWS_ENDPOINT_URL);
        Sourced ec2 = pick(ec2Field, EC2_FIELD, stepGaveCommon ? null : env.get(AWS_ENDPOINT_URL_EC2),
                AWS_ENDPOINT_URL_EC2);
        Sourced autoScaling = pick(autoScalingField, AUTO_SCALING_FIELD,
                stepGaveCommon ? null : env.get(AWS_ENDPOINT_URL_AUTO_SCALING), AWS_ENDPOINT_URL_AUTO_SCALING);
        return new EndpointChoice(common.uri, common.source, ec2.uri, ec2.source, autoScaling.uri, autoScaling.source);
    }

    /** The form's fields alone (a form has no build environment). */
    static EndpointChoice ofFields(String commonField, String ec2Field, String autoScalingField) {
        return of(commonField, ec2Field, autoScalingField, new EnvVars());
    }

    private record Sourced(URI uri, String source) {
    }

    private static Sourced pick(String field, String fieldName, String variable, String variableName) {
        if (RolloutOptions.text(field) != null) {
            return new Sourced(EndpointUrl.parse(fieldName, field), fieldName);
        }
        if (RolloutOptions.text(variable) != null) {
            return new Sourced(EndpointUrl.parse(variableName, variable), variableName);
        }
        return new Sourced(null, fieldName);
    }

    RolloutRequestBuilder applyTo(RolloutRequestBuilder b) {
        return b.endpoint(common).ec2Endpoint(ec2).autoScalingEndpoint(autoScaling);
    }

    /**
     * Refuses what {@code policy} does not admit, naming where it came from. Only the endpoints the calls go to are
     * judged: a common endpoint both services override is never called.
     */
    void check(EndpointPolicy policy) {
        check(policy, ec2, ec2Source);
        check(policy, autoScaling, autoScalingSource);
    }

    private void check(EndpointPolicy policy, URI own, String ownSource) {
        if (own != null) {
            policy.check(ownSource, own);
        } else {
            policy.check(commonSource, common);
        }
    }
}
