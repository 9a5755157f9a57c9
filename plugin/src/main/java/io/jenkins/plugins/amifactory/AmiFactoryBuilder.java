package io.jenkins.plugins.amifactory;

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
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.RolloutDriver;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import java.io.IOException;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The AMI Factory build step for Freestyle jobs (and {@code amiFactoryBuild} through Pipeline's {@code step}):
 * the same Rollout (or, with targets, the same fleet) as the {@code amiFactory} Pipeline step, on the blocking engine
 * driver, since a Freestyle build holds an executor anyway; its AWS clients come from the same cache as the Pipeline
 * step's. Aborting the build applies the abort outcome before the step returns. The build gets an
 * {@link AmiFactoryAction} with the result and its {@code AMI_FACTORY_*} environment variables.
 */
public class AmiFactoryBuilder extends Builder implements SimpleBuildStep {

    private final String asg;
    private final String instance;
    private RolloutOptions options = new RolloutOptions();
    private transient PluginRuntime runtime;

    @DataBoundConstructor
    public AmiFactoryBuilder(String asg, String instance) {
        this.asg = RolloutOptions.text(asg);
        this.instance = RolloutOptions.text(instance);
    }

    /** XStream runs no initializer: a saved job without an {@code <options>} element would read back with none. */
    protected Object readResolve() {
        if (options == null) {
            options = new RolloutOptions();
        }
        return this;
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
    AmiFactoryBuilder useRuntime(PluginRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(Run<?, ?> run, EnvVars env, TaskListener listener) throws InterruptedException, IOException {
        PluginRuntime rt = runtime != null ? runtime : PluginRuntime.jenkins();
        RolloutSetup setup = RolloutSetup.prepare(asg, instance, options, run, env, rt);
        AmiFactoryConfiguration config = rt.configuration().get();
        ConsoleRolloutListener console = new ConsoleRolloutListener(listener.getLogger(), options.isQuiet(), rt.clock());
        // Started first, so that the log begins with the Rollout's line naming the version that runs it; starting
        // calls nothing in AWS, so an abort before the first poll still changes nothing.
        RolloutWork work = RolloutWork.start(setup.request(), setup.fleet(), rt.clock().instant(), console);
        setup.announce(console);
        PerPollCredentials credentials = new PerPollCredentials(setup.credentials().provider(run, env, rt));
        if (Thread.interrupted()) {
            // Aborted before anything changed in AWS: there is nothing to revert, so nothing starts.
            throw new InterruptedException(work.abortedBeforeStart());
        }
        // Clients per step, as a Pipeline poll gets them: shared clients when warm, fresh credentials each step; a
        // fleet's in every region from the same credentials and endpoints (one account).
        // The step's calls run here, on the build's executor, not through the Pipeline polls' queue and its cap
        // per endpoint: that cap keeps one slow endpoint from taking the polls' few shared threads, and this thread
        // is the build's own (Jenkins' executors already bound how many builds wait on a slow endpoint).
        Fleet.RegionClients regions = region -> rt.clients().create(region, credentials, setup.request().endpoints());
        RolloutDriver driver = new RolloutDriver(() -> regions.open(setup.request().region()), rt.clock(), wish -> {
            rt.sleeper().sleep(config.pollDelay(wish));
            credentials.nextPoll();
        });
        RolloutWork.Outcome result = work.run(driver, regions);
        result.summarize(console);
        result.keepWith(run);
        // The driver sets again the interrupt it absorbed to finish reverting. Whatever the Rollout's end (an
        // abort can also come while a failure is reverted, or just after the Rollout ended), an interrupted build
        // ends aborted, and the interrupt becomes that exception instead of staying behind for the next step.
        if (Thread.interrupted()) {
            throw new InterruptedException(result.status() == RolloutStatus.ABORTED ? LogText.oneLine(result.verdict())
                    : result.abortedAfterEnd());
        }
        if (!result.succeeded()) {
            // The reason is in the log above, once; the build's last line refers to it, on one line as the console.
            throw new AbortException(LogText.oneLine(result.verdict()));
        }
    }

    /** Offers the build step to Freestyle jobs; {@code amiFactoryBuild} is its Pipeline symbol. */
    @Extension
    @Symbol("amiFactoryBuild")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        private transient PluginRuntime runtime;

        @Override
        @SuppressWarnings("rawtypes")
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.AmiFactoryBuilder_DisplayName();
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
