package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.AwsException;
import io.jenkins.plugins.amifactory.simulator.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.QueryService;
import io.jenkins.plugins.amifactory.simulator.World;
import io.jenkins.plugins.amifactory.simulator.Xml;

/**
 * Auto Scaling's Query protocol (API version 2011-01-01): lists as {@code Name.member.N}, answers as
 * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>}, errors as
 * {@code <ErrorResponse><Error><Type>}.
 */
public final class AutoScalingProtocol implements QueryService {

    static final String XMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private final World world;

    public AutoScalingProtocol(World world) {
        this.world = world;
    }

    @Override
    public String name() {
        return "autoscaling";
    }

    @Override
    public String apiVersion() {
        return "2011-01-01";
    }

    @Override
    public QueryRequest.Dialect dialect() {
        return QueryRequest.Dialect.AUTO_SCALING;
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId) {
        AutoScalingWorld asg = world.autoScaling(region);
        String action = q.required("Action");
        Xml x = new Xml().start(action + "Response", XMLNS).start(action + "Result");
        switch (action) {
            case "DescribeAutoScalingGroups" -> x.start("AutoScalingGroups").end();
            default -> throw new AwsException("InvalidAction",
                    "Could not find operation " + action + " for version 2011-01-01");
        }
        x.end();
        return x.struct("ResponseMetadata", m -> m.el("RequestId", requestId)).end().toString();
    }

    @Override
    public String errorBody(AwsException e, String requestId) {
        return new Xml().start("ErrorResponse", XMLNS).start("Error")
                .el("Type", e.isSenderFault() ? "Sender" : "Receiver")
                .el("Code", e.code()).el("Message", e.getMessage())
                .end().el("RequestId", requestId).end().toString();
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
}
