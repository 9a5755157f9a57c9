package io.jenkins.plugins.amifactory.simulator.wire;

/**
 * The errors of the services on AWS's "awsQuery" protocol (Auto Scaling, STS): the same codes, statuses and
 * {@code ErrorResponse} body, each in its own XML namespace. EC2's Query dialect answers differently and keeps its own.
 */
public abstract class AwsQueryErrors implements QueryService {

    private final String xmlns;
    private final String accessDeniedMessage;

    protected AwsQueryErrors(String xmlns, String accessDeniedMessage) {
        this.xmlns = xmlns;
        this.accessDeniedMessage = accessDeniedMessage;
    }

    @Override
    public String errorBody(AwsException e, String requestId) {
        return Xml.errorResponse(xmlns, e, requestId);
    }

    @Override
    public AwsException throttled() {
        return new AwsException("Throttling", "Rate exceeded", 400);
    }

    @Override
    public AwsException internalError() {
        return new AwsException("InternalFailure", "An internal error has occurred", 500);
    }

    @Override
    public AwsException unavailable() {
        return new AwsException("ServiceUnavailable", "Service is unavailable", 503);
    }

    @Override
    public AwsException accessDenied() {
        return new AwsException("AccessDenied", accessDeniedMessage, 403);
    }
}
