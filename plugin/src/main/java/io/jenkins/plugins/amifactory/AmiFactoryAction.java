package io.jenkins.plugins.amifactory;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * What the AMI Factory steps of a build did, kept with the build: one {@link RolloutRecord} per Rollout (a fleet's
 * per target whose wave started), shown as a line each in the build's summary and on the build's "AMI Factory"
 * page, and the last Rollout's values (after a fleet, its first target's, its status and each target's) as
 * {@code AMI_FACTORY_*} environment variables for the steps after it. A build that never ran a step has no such
 * action, so it costs nothing there. Saved with the build by XStream (see {@link RolloutRecord} for why its
 * fields are plain).
 */
public class AmiFactoryAction implements RunAction2, EnvironmentContributingAction {

    static final String URL_NAME = "ami-factory";
    static final String IMAGE_ID = "AMI_FACTORY_IMAGE_ID";
    static final String LAUNCH_CONFIGURATION = "AMI_FACTORY_LAUNCH_CONFIGURATION";
    static final String LAUNCH_TEMPLATE_ID = "AMI_FACTORY_LAUNCH_TEMPLATE_ID";
    static final String LAUNCH_TEMPLATE_VERSION = "AMI_FACTORY_LAUNCH_TEMPLATE_VERSION";
    static final String REFRESH_ID = "AMI_FACTORY_REFRESH_ID";
    static final String STATUS = "AMI_FACTORY_STATUS";
    /** After a fleet: how many targets it had. */
    static final String TARGETS = "AMI_FACTORY_TARGETS";
    /** After a fleet: {@code AMI_FACTORY_TARGET_<n>_ASG} and the like, per target whose wave started (n from 1). */
    static final String TARGET_PREFIX = "AMI_FACTORY_TARGET_";

    /** Parallel branches of one build may finish Rollouts at the same moment; they must share one action. */
    private static final Object ATTACHING = new Object();

    /** The build's Rollouts in the order they ended. */
    private ArrayList<RolloutRecord> rollouts = new ArrayList<>();
    private transient Run<?, ?> run;

    AmiFactoryAction() {
    }

    /** Adds {@code result} to the build's action, attaching one to the build first if it has none. */
    static AmiFactoryAction record(Run<?, ?> run, RolloutResult result) {
        return record(run, List.of(new RolloutRecord(result)));
    }

    /** Adds a fleet's targets to the build's action, in wave order (see {@link RolloutRecord#of}). */
    static AmiFactoryAction record(Run<?, ?> run, FleetResult result, boolean customEndpoint) {
        return record(run, RolloutRecord.of(result, customEndpoint));
    }

    private static AmiFactoryAction record(Run<?, ?> run, List<RolloutRecord> records) {
        synchronized (ATTACHING) {
            AmiFactoryAction action = run.getAction(AmiFactoryAction.class);
            if (action == null) {
                action = new AmiFactoryAction();
                action.add(records);
                run.addAction(action);
            } else {
                action.add(records);
            }
            return action;
        }
    }

    private synchronized void add(List<RolloutRecord> records) {
        rollouts.addAll(records);
    }

    /** The build's Rollouts, in the order they ended. */
    public synchronized List<RolloutRecord> getRollouts() {
        return Collections.unmodifiableList(new ArrayList<>(rollouts));
    }

    /** The Rollout that ended last, or null. */
    public synchronized RolloutRecord getLast() {
        return rollouts.isEmpty() ? null : rollouts.get(rollouts.size() - 1);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /**
     * The environment variables this action contributes: the last Rollout's (absent values are left out). After a
     * fleet, its first target's as for a lone Rollout but with the fleet's status (as the step's result map has it),
     * then the number of targets and, per target whose wave started, its group, region, status and Image (a copy's
     * id in another region).
     */
    public Map<String, String> getEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        RolloutRecord last = getLast();
        if (last == null) {
            return env;
        }
        List<RolloutRecord> fleet = last.getFleetId() == null ? List.of(last) : getRollouts().stream()
                .filter(r -> last.getFleetId().equals(r.getFleetId())).toList();
        RolloutRecord first = fleet.get(0);
        putIfPresent(env, IMAGE_ID, first.getImageId());
        putIfPresent(env, LAUNCH_CONFIGURATION, first.getLaunchConfiguration());
        putIfPresent(env, LAUNCH_TEMPLATE_ID, first.getLaunchTemplateId());
        putIfPresent(env, LAUNCH_TEMPLATE_VERSION, first.getLaunchTemplateVersion());
        putIfPresent(env, REFRESH_ID, first.getRefreshId());
        putIfPresent(env, STATUS, last.getFleetId() == null ? last.getStatus() : last.getFleetStatus());
        if (last.getFleetId() != null) {
            env.put(TARGETS, String.valueOf(first.getFleetTargets()));
            for (RolloutRecord r : fleet) {
                String prefix = TARGET_PREFIX + r.getTargetNumber() + "_";
                putIfPresent(env, prefix + "ASG", r.getAsg());
                putIfPresent(env, prefix + "REGION", r.getRegion());
                putIfPresent(env, prefix + "STATUS", r.getStatus());
                putIfPresent(env, prefix + "IMAGE_ID", r.getImageId());
            }
        }
        return env;
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        env.putAll(getEnvironment());
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** XStream makes no constructor call: a build saved without Rollouts reads back with an empty list. */
    protected Object readResolve() {
        if (rollouts == null) {
            rollouts = new ArrayList<>();
        }
        return this;
    }

    /** The side panel link to the rollout page. */
    @Override
    public String getIconFileName() {
        return "symbol-cloud";
    }

    @Override
    public String getDisplayName() {
        return Messages.AmiFactoryAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    private static void putIfPresent(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
