package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.AwsQueryErrors;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Auto Scaling's Query protocol (API version 2011-01-01): lists as {@code Name.member.N}, answers as
 * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>} (actions without output have
 * no Result element), errors as {@code <ErrorResponse><Error><Type>}. The actions themselves live in
 * {@link LaunchConfigurationActions}, {@link GroupActions}, {@link GroupInstanceActions},
 * {@link InstanceRefreshActions} and {@link TagActions}: each reads its call, hands it to {@link AutoScalingWorld}, and renders
 * the answer through {@link AutoScalingXml}.
 */
public final class AutoScalingProtocol extends AwsQueryErrors {

    static final String XMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    /**
     * One action: reads the call and does its work in the region's Auto Scaling world now, then returns
     * how to write the answer's Result element, or null when the answer has none.
     */
    @FunctionalInterface
    interface Action {
        Consumer<Xml> answer(AutoScalingWorld asg, QueryRequest q);
    }

    private final Function<String, AutoScalingWorld> regions;
    private final Map<String, Action> actions = new HashMap<>();

    /** Serves the Auto Scaling whose state in a region {@code regions} gives. */
    public AutoScalingProtocol(Function<String, AutoScalingWorld> regions) {
        super(XMLNS, "User is not authorized to perform this operation.");
        this.regions = regions;
        LaunchConfigurationActions.register(actions);
        GroupActions.register(actions);
        GroupInstanceActions.register(actions);
        InstanceRefreshActions.register(actions);
        TagActions.register(actions);
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
        AutoScalingWorld asg = regions.apply(region);
        String name = q.required("Action");
        Action action = actions.get(name);
        if (action == null) {
            throw new AwsException("InvalidAction", "Could not find operation " + name + " for version 2011-01-01");
        }
        Consumer<Xml> result = action.answer(asg, q);
        Xml x = new Xml().start(name + "Response", XMLNS);
        if (result != null) {
            x.struct(name + "Result", result);
        }
        return x.struct("ResponseMetadata", m -> m.el("RequestId", requestId)).end().toString();
    }
}
