package io.jenkins.plugins.amifactory.simulator.wire;

/**
 * One AWS service served over a Query protocol: it turns a call into an XML answer, or an
 * {@link AwsException} into the service's error body. Called with the world's lock held.
 */
public interface QueryService {

    /** The signing name, as in the credential scope: {@code ec2}, {@code autoscaling}. */
    String name();

    /** The API version clients send in {@code Version}. */
    String apiVersion();

    QueryRequest.Dialect dialect();

    /** Answers one call in {@code region}; throws {@link AwsException} for AWS-shaped failures. */
    String handle(String region, QueryRequest request, String requestId);

    /**
     * The same, for a service whose answer depends on who calls (STS's GetCallerIdentity); the others ignore
     * {@code caller}, whose credentials the server has already found valid.
     */
    default String handle(String region, QueryRequest request, String requestId, Caller caller) {
        return handle(region, request, requestId);
    }

    /** The error body for {@code error}, in this service's shape. */
    String errorBody(AwsException error, String requestId);

    /** The code this service uses for throttling. */
    AwsException throttled();

    AwsException internalError();

    AwsException unavailable();

    /** What this service answers a caller whose credentials lack the permission for the call. */
    AwsException accessDenied();
}
