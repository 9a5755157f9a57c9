package io.jenkins.plugins.amifactory;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * What the AMI Factory steps of a build did, kept with the build: one {@link RolloutRecord} per Rollout, shown as
 * a line each in the build's summary and on the build's "AMI Factory" page, and the last Rollout's values as
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

    /** Parallel branches of one build may finish Rollouts at the same moment; they must share one action. */
    private static final Object ATTACHING = new Object();

    /** The build's Rollouts in the order they ended. */
    private ArrayList<RolloutRecord> rollouts = new ArrayList<>();
    private transient Run<?, ?> run;

    AmiFactoryAction() {
    }

    /** Adds {@code result} to the build's action, attaching one to the build first if it has none. */
    static AmiFactoryAction record(Run<?, ?> run, RolloutResult result) {
        RolloutRecord record = new RolloutRecord(result);
        synchronized (ATTACHING) {
            AmiFactoryAction action = run.getAction(AmiFactoryAction.class);
            if (action == null) {
                action = new AmiFactoryAction();
                action.add(record);
                run.addAction(action);
            } else {
                action.add(record);
            }
            return action;
        }
    }

    private synchronized void add(RolloutRecord record) {
        rollouts.add(record);
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

    /** The environment variables this action contributes: the last Rollout's (absent values are left out). */
    public Map<String, String> getEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        RolloutRecord last = getLast();
        if (last == null) {
            return env;
        }
        putIfPresent(env, IMAGE_ID, last.getImageId());
        putIfPresent(env, LAUNCH_CONFIGURATION, last.getLaunchConfiguration());
        putIfPresent(env, LAUNCH_TEMPLATE_ID, last.getLaunchTemplateId());
        putIfPresent(env, LAUNCH_TEMPLATE_VERSION, last.getLaunchTemplateVersion());
        putIfPresent(env, REFRESH_ID, last.getRefreshId());
        putIfPresent(env, STATUS, last.getStatus());
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
