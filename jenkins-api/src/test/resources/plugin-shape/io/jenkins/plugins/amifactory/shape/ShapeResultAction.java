package io.jenkins.plugins.amifactory.shape;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import jenkins.model.RunAction2;

/** Shape of the plugin's build action (compiled by PluginShapeCompileTest only). */
public class ShapeResultAction implements RunAction2, EnvironmentContributingAction {
    private final String imageId;
    private transient Run<?, ?> run;

    public ShapeResultAction(String imageId) {
        this.imageId = imageId;
    }

    public String getImageId() {
        return imageId;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "AMI Factory";
    }

    @Override
    public String getUrlName() {
        return "amiFactory";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        env.put("AMI_FACTORY_IMAGE_ID", imageId);
    }
}
