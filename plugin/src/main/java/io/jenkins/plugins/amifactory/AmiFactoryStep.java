package io.jenkins.plugins.amifactory;

import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code amiFactory} Pipeline step: {@code def r = amiFactory asg: 'web', instance: 'i-0abc1234def567890'}
 * makes an Image of the instance, rolls it out to the group and returns what it did as a map ({@code r.imageId},
 * {@code r.launchTemplateVersion}, {@code r.refreshId}, ...). The build fails, with only the reason in the log,
 * when the Rollout is refused, fails or times out. It needs no {@code node}: it holds no executor and no thread
 * while it waits, and it survives a controller restart.
 */
public class AmiFactoryStep extends Step {

    private final String asg;
    private final String instance;
    private final RolloutOptions options = new RolloutOptions();
    private transient PluginRuntime runtime;

    @DataBoundConstructor
    public AmiFactoryStep(String asg, String instance) {
        this.asg = RolloutOptions.text(asg);
        this.instance = RolloutOptions.text(instance);
    }

    public String getAsg() {
        return asg;
    }

    public String getInstance() {
        return instance;
    }

    public String getRegion() {
        return options.getRegion();
    }

    @DataBoundSetter
    public void setRegion(String region) {
        options.setRegion(region);
    }

    public String getCredentialsId() {
        return options.getCredentialsId();
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        options.setCredentialsId(credentialsId);
    }

    public String getEndpointUrl() {
        return options.getEndpointUrl();
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        options.setEndpointUrl(endpointUrl);
    }

    public String getEc2EndpointUrl() {
        return options.getEc2EndpointUrl();
    }

    @DataBoundSetter
    public void setEc2EndpointUrl(String ec2EndpointUrl) {
        options.setEc2EndpointUrl(ec2EndpointUrl);
    }

    public String getAutoScalingEndpointUrl() {
        return options.getAutoScalingEndpointUrl();
    }

    @DataBoundSetter
    public void setAutoScalingEndpointUrl(String autoScalingEndpointUrl) {
        options.setAutoScalingEndpointUrl(autoScalingEndpointUrl);
    }

    public String getStrategy() {
        return options.getStrategy();
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        options.setStrategy(strategy);
    }

    public boolean isReboot() {
        return options.isReboot();
    }

    @DataBoundSetter
    public void setReboot(boolean reboot) {
        options.setReboot(reboot);
    }

    public boolean isRefresh() {
        return options.isRefresh();
    }

    @DataBoundSetter
    public void setRefresh(boolean refresh) {
        options.setRefresh(refresh);
    }

    public Integer getMinHealthyPercentage() {
        return options.getMinHealthyPercentage();
    }

    @DataBoundSetter
    public void setMinHealthyPercentage(Integer minHealthyPercentage) {
        options.setMinHealthyPercentage(minHealthyPercentage);
    }

    public Integer getMaxHealthyPercentage() {
        return options.getMaxHealthyPercentage();
    }

    @DataBoundSetter
    public void setMaxHealthyPercentage(Integer maxHealthyPercentage) {
        options.setMaxHealthyPercentage(maxHealthyPercentage);
    }

    public Integer getInstanceWarmupSeconds() {
        return options.getInstanceWarmupSeconds();
    }

    @DataBoundSetter
    public void setInstanceWarmupSeconds(Integer instanceWarmupSeconds) {
        options.setInstanceWarmupSeconds(instanceWarmupSeconds);
    }

    public boolean isSkipMatching() {
        return options.isSkipMatching();
    }

    @DataBoundSetter
    public void setSkipMatching(boolean skipMatching) {
        options.setSkipMatching(skipMatching);
    }

    public String getCheckpointPercentages() {
        return options.getCheckpointPercentages();
    }

    @DataBoundSetter
    public void setCheckpointPercentages(String checkpointPercentages) {
        options.setCheckpointPercentages(checkpointPercentages);
    }

    public Integer getCheckpointDelaySeconds() {
        return options.getCheckpointDelaySeconds();
    }

    @DataBoundSetter
    public void setCheckpointDelaySeconds(Integer checkpointDelaySeconds) {
        options.setCheckpointDelaySeconds(checkpointDelaySeconds);
    }

    public Integer getBakeTimeSeconds() {
        return options.getBakeTimeSeconds();
    }

    @DataBoundSetter
    public void setBakeTimeSeconds(Integer bakeTimeSeconds) {
        options.setBakeTimeSeconds(bakeTimeSeconds);
    }

    public boolean isAutoRollback() {
        return options.isAutoRollback();
    }

    @DataBoundSetter
    public void setAutoRollback(boolean autoRollback) {
        options.setAutoRollback(autoRollback);
    }

    public boolean isSetDefaultVersion() {
        return options.isSetDefaultVersion();
    }

    @DataBoundSetter
    public void setSetDefaultVersion(boolean setDefaultVersion) {
        options.setSetDefaultVersion(setDefaultVersion);
    }

    public Integer getImageTimeoutMinutes() {
        return options.getImageTimeoutMinutes();
    }

    @DataBoundSetter
    public void setImageTimeoutMinutes(Integer imageTimeoutMinutes) {
        options.setImageTimeoutMinutes(imageTimeoutMinutes);
    }

    public Integer getRolloutTimeoutMinutes() {
        return options.getRolloutTimeoutMinutes();
    }

    @DataBoundSetter
    public void setRolloutTimeoutMinutes(Integer rolloutTimeoutMinutes) {
        options.setRolloutTimeoutMinutes(rolloutTimeoutMinutes);
    }

    public Integer getTimeoutMinutes() {
        return options.getTimeoutMinutes();
    }

    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        options.setTimeoutMinutes(timeoutMinutes);
    }

    public String getOnTimeout() {
        return options.getOnTimeout();
    }

    @DataBoundSetter
    public void setOnTimeout(String onTimeout) {
        options.setOnTimeout(onTimeout);
    }

    public String getOnAbort() {
        return options.getOnAbort();
    }

    @DataBoundSetter
    public void setOnAbort(String onAbort) {
        options.setOnAbort(onAbort);
    }

    public Integer getKeepImages() {
        return options.getKeepImages();
    }

    @DataBoundSetter
    public void setKeepImages(Integer keepImages) {
        options.setKeepImages(keepImages);
    }

    public String getImageName() {
        return options.getImageName();
    }

    @DataBoundSetter
    public void setImageName(String imageName) {
        options.setImageName(imageName);
    }

    public String getImageDescription() {
        return options.getImageDescription();
    }

    @DataBoundSetter
    public void setImageDescription(String imageDescription) {
        options.setImageDescription(imageDescription);
    }

    public String getTags() {
        return options.getTags();
    }

    @DataBoundSetter
    public void setTags(String tags) {
        options.setTags(tags);
    }

    public boolean isPlanOnly() {
        return options.isPlanOnly();
    }

    @DataBoundSetter
    public void setPlanOnly(boolean planOnly) {
        options.setPlanOnly(planOnly);
    }

    public boolean isQuiet() {
        return options.isQuiet();
    }

    @DataBoundSetter
    public void setQuiet(boolean quiet) {
        options.setQuiet(quiet);
    }

    public List<FleetTarget> getTargets() {
        return options.getTargets();
    }

    @DataBoundSetter
    public void setTargets(List<FleetTarget> targets) {
        options.setTargets(targets);
    }

    public boolean isParallel() {
        return options.isParallel();
    }

    @DataBoundSetter
    public void setParallel(boolean parallel) {
        options.setParallel(parallel);
    }

    public String getOnFailure() {
        return options.getOnFailure();
    }

    @DataBoundSetter
    public void setOnFailure(String onFailure) {
        options.setOnFailure(onFailure);
    }

    public List<String> getAlarms() {
        return options.getAlarms();
    }

    @DataBoundSetter
    public void setAlarms(List<String> alarms) {
        options.setAlarms(alarms);
    }

    /** The alarms one per line, for the form's text area (see {@link RolloutOptions#setAlarms}). */
    public String getAlarmsText() {
        return options.getAlarmsText();
    }

    /** For tests: the surroundings to use instead of Jenkins'. */
    AmiFactoryStep useRuntime(PluginRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        PluginRuntime rt = runtime != null ? runtime : PluginRuntime.jenkins();
        EnvVars env = context.get(EnvVars.class);
        RolloutSetup setup = RolloutSetup.prepare(asg, instance, options, context.get(Run.class),
                env != null ? env : new EnvVars(), rt);
        return new AmiFactoryStepExecution(context, setup, options.isQuiet(), rt);
    }

    /** Declares {@code amiFactory} to Pipeline, and backs the Snippet Generator's form. */
    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        private transient PluginRuntime runtime;

        @Override
        public String getFunctionName() {
            return "amiFactory";
        }

        @Override
        public String getDisplayName() {
            return Messages.AmiFactoryStep_DisplayName();
        }

        /** Run and TaskListener only: no node, no workspace, no executor. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        private RolloutForm form() {
            return new RolloutForm(runtime != null ? runtime : PluginRuntime.jenkins());
        }

        /** For tests: the surroundings to use instead of Jenkins'. */
        void useRuntime(PluginRuntime runtime) {
            this.runtime = runtime;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return form().credentials(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillRegionItems(@AncestorInPath Item item, @QueryParameter String region) {
            return form().regions(item, region, Messages.Region_FromEnvironment());
        }

        @POST
        public ListBoxModel doFillStrategyItems(@AncestorInPath Item item) {
            return form().strategies(item);
        }

        @POST
        public ListBoxModel doFillOnTimeoutItems(@AncestorInPath Item item) {
            return form().outcomes(item);
        }

        @POST
        public ListBoxModel doFillOnAbortItems(@AncestorInPath Item item) {
            return form().outcomes(item);
        }

        @POST
        public ListBoxModel doFillOnFailureItems(@AncestorInPath Item item) {
            return form().failurePolicies(item);
        }

        @POST
        public FormValidation doTestConnection(@AncestorInPath Item item, @QueryParameter String asg,
                @QueryParameter String region, @QueryParameter String credentialsId,
                @QueryParameter String endpointUrl, @QueryParameter String ec2EndpointUrl,
                @QueryParameter String autoScalingEndpointUrl) {
            return form().testConnection(item, asg, region, credentialsId, endpointUrl, ec2EndpointUrl,
                    autoScalingEndpointUrl);
        }

        @POST
        public FormValidation doCheckAsg(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "asg", value);
        }

        @POST
        public FormValidation doCheckInstance(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "instance", value);
        }

        @POST
        public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "region", value);
        }

        @POST
        public FormValidation doCheckEndpointUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "endpointUrl", value);
        }

        @POST
        public FormValidation doCheckEc2EndpointUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "ec2EndpointUrl", value);
        }

        @POST
        public FormValidation doCheckAutoScalingEndpointUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "autoScalingEndpointUrl", value);
        }

        @POST
        public FormValidation doCheckImageName(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "imageName", value);
        }

        @POST
        public FormValidation doCheckImageDescription(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "imageDescription", value);
        }

        @POST
        public FormValidation doCheckTags(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "tags", value);
        }

        @POST
        public FormValidation doCheckCheckpointPercentages(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "checkpointPercentages", value);
        }

        @POST
        public FormValidation doCheckMinHealthyPercentage(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "minHealthyPercentage", value);
        }

        @POST
        public FormValidation doCheckMaxHealthyPercentage(@AncestorInPath Item item, @QueryParameter String value, @QueryParameter String minHealthyPercentage) {
            return form().check(item, "maxHealthyPercentage", value, "minHealthyPercentage", minHealthyPercentage);
        }

        @POST
        public FormValidation doCheckInstanceWarmupSeconds(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "instanceWarmupSeconds", value);
        }

        @POST
        public FormValidation doCheckCheckpointDelaySeconds(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "checkpointDelaySeconds", value);
        }

        @POST
        public FormValidation doCheckBakeTimeSeconds(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "bakeTimeSeconds", value);
        }

        @POST
        public FormValidation doCheckImageTimeoutMinutes(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "imageTimeoutMinutes", value);
        }

        @POST
        public FormValidation doCheckRolloutTimeoutMinutes(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "rolloutTimeoutMinutes", value);
        }

        @POST
        public FormValidation doCheckTimeoutMinutes(@AncestorInPath Item item, @QueryParameter String value, @QueryParameter String imageTimeoutMinutes) {
            return form().check(item, "timeoutMinutes", value, "imageTimeoutMinutes", imageTimeoutMinutes);
        }

        @POST
        public FormValidation doCheckAlarms(@AncestorInPath Item item, @QueryParameter String value, @QueryParameter String refresh) {
            return form().check(item, "alarms", value, "refresh", refresh);
        }

        @POST
        public FormValidation doCheckKeepImages(@AncestorInPath Item item, @QueryParameter String value) {
            return form().check(item, "keepImages", value);
        }
    }
}
