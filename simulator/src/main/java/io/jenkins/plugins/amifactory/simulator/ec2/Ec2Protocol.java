package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.QueryService;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.dryRun;

/**
 * EC2's Query protocol (API version 2016-11-15): lists numbered directly ({@code InstanceId.1}), answers
 * as {@code <ActionResponse>} with {@code requestId} and {@code item} lists, errors as
 * {@code <Response><Errors><Error>}. The actions themselves live in {@link InstanceActions},
 * {@link ImageActions}, {@link ImageAttributeActions} and {@link LaunchTemplateActions}; tagging, which spans every resource, lives here.
 */
public final class Ec2Protocol implements QueryService {

    static final String XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /** One action: reads the call, reads or changes the region's EC2 world, writes the answer's members. */
    @FunctionalInterface
    interface Action {
        void answer(Ec2World ec2, QueryRequest q, Xml x);
    }

    private final Function<String, Ec2World> regions;
    private final Map<String, Action> actions = new HashMap<>();

    /** Serves {@code account}'s EC2, whose state in a region {@code regions} gives. */
    public Ec2Protocol(Account account, Function<String, Ec2World> regions) {
        this.regions = regions;
        new InstanceActions(account).register(actions);
        new ImageActions(account).register(actions);
        new ImageAttributeActions().register(actions);
        new LaunchTemplateActions().register(actions);
        actions.put("CreateTags", (ec2, q, x) -> {
            ec2.createTags(q.list("ResourceId"), requiredTags(q), dryRun(q));
            x.el("return", true);
        });
        actions.put("DeleteTags", (ec2, q, x) -> {
            ec2.deleteTags(q.list("ResourceId"), Ec2Requests.tagsToDelete(q), dryRun(q));
            x.el("return", true);
        });
    }

    private static Map<String, String> requiredTags(QueryRequest q) {
        Map<String, String> tags = Ec2Requests.tags(q);
        if (tags.isEmpty()) {
            throw Ec2Requests.missing("Tag");
        }
        return tags;
    }

    @Override
    public String name() {
        return "ec2";
    }

    @Override
    public String apiVersion() {
        return "2016-11-15";
    }

    @Override
    public QueryRequest.Dialect dialect() {
        return QueryRequest.Dialect.EC2;
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId) {
        String name = q.required("Action");
        Action action = actions.get(name);
        if (action == null) {
            throw new AwsException("InvalidAction", "The action " + name + " is not valid for this web service.");
        }
        Xml x = new Xml().start(name + "Response", XMLNS).el("requestId", requestId);
        action.answer(regions.apply(region), q, x);
        return x.end().toString();
    }

    @Override
    public String errorBody(AwsException e, String requestId) {
        return new Xml().start("Response").start("Errors").start("Error")
                .el("Code", e.code()).el("Message", e.getMessage())
                .end().end().el("RequestID", requestId).end().toString();
    }

    @Override
    public AwsException throttled() {
        return new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503);
    }

    @Override
    public AwsException internalError() {
        return new AwsException("InternalError", "An internal error has occurred", 500);
    }

    @Override
    public AwsException unavailable() {
        return new AwsException("Unavailable", "The server is overloaded and can't handle the request.", 503);
    }

    @Override
    public AwsException accessDenied() {
        return new AwsException("UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
    }
}
