package io.jenkins.plugins.amifactory.shape;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Shape of the plugin's Freestyle builder (compiled by PluginShapeCompileTest only). */
public class ShapeBuilder extends Builder implements SimpleBuildStep {
    private final String asg;

    @DataBoundConstructor
    public ShapeBuilder(String asg) {
        this.asg = asg;
    }

    public String getAsg() {
        return asg;
    }

    @Override
    public void perform(Run<?, ?> run, EnvVars env, TaskListener listener) throws InterruptedException, IOException {
        if (asg == null) {
            throw new AbortException("asg is required");
        }
        listener.getLogger().println("rolling out " + asg);
        run.addAction(new ShapeResultAction("ami-0123456789abcdef0"));
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Symbol("amiFactoryShapeBuilder")
    @Extension
    public static class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        @SuppressWarnings("rawtypes")
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "AMI Factory (shape)";
        }

        public ListBoxModel doFillRegionItems() {
            ListBoxModel m = new ListBoxModel();
            m.add("us-east-1");
            m.add("EU (Ireland)", "eu-west-1");
            return m;
        }

        @POST
        public FormValidation doTestConnection(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            if (item == null) {
                Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
            return credentialsId == null ? FormValidation.warning("no credentials") : FormValidation.ok("fine");
        }
    }
}
