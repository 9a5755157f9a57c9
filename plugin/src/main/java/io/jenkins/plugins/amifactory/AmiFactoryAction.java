package io.jenkins.plugins.amifactory;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.amifactory.engine.RolloutResult;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * What the AMI Factory build step did, kept with the build: the Image, the new launch configuration or launch
 * template version, the Refresh and how the Rollout ended, also as {@code AMI_FACTORY_*} environment variables for
 * the steps after it. When a build rolls out more than once, the last Rollout's values win. Only strings are kept:
 * the build record is written by XStream, which may not store the engine's classes (they come from a bundled jar).
 */
public class AmiFactoryAction implements RunAction2, EnvironmentContributingAction {

    static final String IMAGE_ID = "AMI_FACTORY_IMAGE_ID";
    static final String LAUNCH_CONFIGURATION = "AMI_FACTORY_LAUNCH_CONFIGURATION";
    static final String LAUNCH_TEMPLATE_ID = "AMI_FACTORY_LAUNCH_TEMPLATE_ID";
    static final String LAUNCH_TEMPLATE_VERSION = "AMI_FACTORY_LAUNCH_TEMPLATE_VERSION";
    static final String REFRESH_ID = "AMI_FACTORY_REFRESH_ID";
    static final String STATUS = "AMI_FACTORY_STATUS";

    private final String asg;
    private final String status;
    private final String imageId;
    private final String launchConfiguration;
    private final String launchTemplateId;
    private final String launchTemplateVersion;
    private final String refreshId;
    private final String message;
    private transient Run<?, ?> run;

    AmiFactoryAction(RolloutResult result) {
        asg = result.asg();
        status = result.status().name();
        imageId = result.imageId();
        launchConfiguration = result.launchConfiguration();
        launchTemplateId = result.launchTemplateId();
        launchTemplateVersion = result.launchTemplateVersion() == null ? null : String.valueOf(result.launchTemplateVersion());
        refreshId = result.refreshId();
        message = result.message();
    }

    public String getAsg() {
        return asg;
    }

    public String getStatus() {
        return status;
    }

    public String getImageId() {
        return imageId;
    }

    public String getLaunchConfiguration() {
        return launchConfiguration;
    }

    public String getLaunchTemplateId() {
        return launchTemplateId;
    }

    public String getLaunchTemplateVersion() {
        return launchTemplateVersion;
    }

    public String getRefreshId() {
        return refreshId;
    }

    /** Why the Rollout did not succeed, or null. */
    public String getMessage() {
        return message;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** The environment variables this action contributes (absent values are left out). */
    public Map<String, String> getEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        putIfPresent(env, IMAGE_ID, imageId);
        putIfPresent(env, LAUNCH_CONFIGURATION, launchConfiguration);
        putIfPresent(env, LAUNCH_TEMPLATE_ID, launchTemplateId);
        putIfPresent(env, LAUNCH_TEMPLATE_VERSION, launchTemplateVersion);
        putIfPresent(env, REFRESH_ID, refreshId);
        putIfPresent(env, STATUS, status);
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

    /** No page of its own: the result is in the build log and the environment. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.AmiFactoryAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }

    private static void putIfPresent(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
