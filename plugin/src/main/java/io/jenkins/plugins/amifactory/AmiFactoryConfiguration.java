package io.jenkins.plugins.amifactory;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.time.Duration;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide defaults for AMI Factory (Manage Jenkins » System, or {@code unclassified: amiFactory:} in
 * Configuration as Code): the default region and credentials, default timeouts, how often a Rollout may poll, and
 * whether builds may fall back on the controller's own AWS credentials (off unless an administrator turns it on,
 * because every job could then act with the controller's role).
 */
@Extension
@Symbol("amiFactory")
public class AmiFactoryConfiguration extends GlobalConfiguration {

    static final int DEFAULT_MIN_POLL_SECONDS = 5;
    /**
     * The engine's own longest pause (its lease renewal period): a lower cap would undo its predicted looks and spend
     * the calls they save (see docs/benchmarks.md).
     */
    static final int DEFAULT_MAX_POLL_SECONDS = 300;
    static final int MAX_POLL_SECONDS = 3600;

    private String defaultRegion;
    private String defaultCredentialsId;
    private Integer defaultImageTimeoutMinutes;
    private Integer defaultRolloutTimeoutMinutes;
    private Integer defaultTimeoutMinutes;
    private Integer minPollSeconds;
    private Integer maxPollSeconds;
    private boolean allowControllerCredentials;
    private String allowedEndpoints;

    private transient PluginRuntime runtime;

    public AmiFactoryConfiguration() {
        load();
    }

    public static AmiFactoryConfiguration get() {
        return ExtensionList.lookupSingleton(AmiFactoryConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.AmiFactoryConfiguration_DisplayName();
    }

    public String getDefaultRegion() {
        return defaultRegion;
    }

    @DataBoundSetter
    public void setDefaultRegion(String defaultRegion) {
        this.defaultRegion = RolloutOptions.text(defaultRegion);
        save();
    }

    public String getDefaultCredentialsId() {
        return defaultCredentialsId;
    }

    @DataBoundSetter
    public void setDefaultCredentialsId(String defaultCredentialsId) {
        this.defaultCredentialsId = RolloutOptions.text(defaultCredentialsId);
        save();
    }

    public Integer getDefaultImageTimeoutMinutes() {
        return defaultImageTimeoutMinutes;
    }

    @DataBoundSetter
    public void setDefaultImageTimeoutMinutes(Integer defaultImageTimeoutMinutes) {
        this.defaultImageTimeoutMinutes = defaultImageTimeoutMinutes;
        save();
    }

    public Integer getDefaultRolloutTimeoutMinutes() {
        return defaultRolloutTimeoutMinutes;
    }

    @DataBoundSetter
    public void setDefaultRolloutTimeoutMinutes(Integer defaultRolloutTimeoutMinutes) {
        this.defaultRolloutTimeoutMinutes = defaultRolloutTimeoutMinutes;
        save();
    }

    public Integer getDefaultTimeoutMinutes() {
        return defaultTimeoutMinutes;
    }

    @DataBoundSetter
    public void setDefaultTimeoutMinutes(Integer defaultTimeoutMinutes) {
        this.defaultTimeoutMinutes = defaultTimeoutMinutes;
        save();
    }

    public Integer getMinPollSeconds() {
        return minPollSeconds;
    }

    @DataBoundSetter
    public void setMinPollSeconds(Integer minPollSeconds) {
        this.minPollSeconds = minPollSeconds == null || minPollSeconds == DEFAULT_MIN_POLL_SECONDS ? null
                : clamp(minPollSeconds, 1, MAX_POLL_SECONDS);
        save();
    }

    public Integer getMaxPollSeconds() {
        return maxPollSeconds;
    }

    @DataBoundSetter
    public void setMaxPollSeconds(Integer maxPollSeconds) {
        this.maxPollSeconds = maxPollSeconds == null || maxPollSeconds == DEFAULT_MAX_POLL_SECONDS ? null
                : clamp(maxPollSeconds, 1, MAX_POLL_SECONDS);
        save();
    }

    public boolean isAllowControllerCredentials() {
        return allowControllerCredentials;
    }

    @DataBoundSetter
    public void setAllowControllerCredentials(boolean allowControllerCredentials) {
        this.allowControllerCredentials = allowControllerCredentials;
        save();
    }

    /** Endpoints besides AWS's own that builds may use, one per line ({@link EndpointPolicy}); null for none. */
    public String getAllowedEndpoints() {
        return allowedEndpoints;
    }

    @DataBoundSetter
    public void setAllowedEndpoints(String allowedEndpoints) {
        String t = RolloutOptions.text(allowedEndpoints);
        String problem = EndpointPolicy.problem(t);
        if (problem != null) {
            // Configuration as Code and scripts bypass the form's check: refuse rather than drop the line silently.
            throw new IllegalArgumentException("allowedEndpoints: " + problem);
        }
        this.allowedEndpoints = t;
        save();
    }

    /** Where builds may send their AWS requests. */
    EndpointPolicy endpointPolicy() {
        return EndpointPolicy.of(allowedEndpoints);
    }

    /**
     * The engine's wish for the next poll, kept within the poll bounds. Zero stays zero: it means "go straight on
     * to the next phase", not "poll".
     */
    Duration pollDelay(Duration wish) {
        if (wish.isZero() || wish.isNegative()) {
            return Duration.ZERO;
        }
        long min = minPollSeconds != null ? minPollSeconds : DEFAULT_MIN_POLL_SECONDS;
        long max = Math.max(min, maxPollSeconds != null ? maxPollSeconds : DEFAULT_MAX_POLL_SECONDS);
        long millis = Math.max(min * 1000, Math.min(max * 1000, wish.toMillis()));
        return Duration.ofMillis(millis);
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    private RolloutForm form() {
        return new RolloutForm(runtime != null ? runtime : PluginRuntime.jenkins());
    }

    /** For tests: the surroundings to use instead of Jenkins'. */
    void useRuntime(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    @POST
    public ListBoxModel doFillDefaultCredentialsIdItems(@QueryParameter String defaultCredentialsId) {
        return form().credentials(null, defaultCredentialsId);
    }

    @POST
    public ListBoxModel doFillDefaultRegionItems(@QueryParameter String defaultRegion) {
        return form().regions(null, defaultRegion, Messages.Region_NoDefault());
    }

    @POST
    public FormValidation doCheckDefaultImageTimeoutMinutes(@QueryParameter String value) {
        return form().check(null, "imageTimeoutMinutes", value);
    }

    @POST
    public FormValidation doCheckDefaultRolloutTimeoutMinutes(@QueryParameter String value) {
        return form().check(null, "rolloutTimeoutMinutes", value);
    }

    @POST
    public FormValidation doCheckDefaultTimeoutMinutes(@QueryParameter String value,
                                                       @QueryParameter String defaultImageTimeoutMinutes) {
        return form().check(null, "timeoutMinutes", value, "imageTimeoutMinutes", defaultImageTimeoutMinutes);
    }

    @POST
    public FormValidation doCheckAllowedEndpoints(@QueryParameter String value) {
        if (!form().mayConfigure(null)) {
            return FormValidation.ok();
        }
        String problem = EndpointPolicy.problem(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    @POST
    public FormValidation doCheckMinPollSeconds(@QueryParameter String value) {
        return form().checkRange(null, value, 1, MAX_POLL_SECONDS);
    }

    @POST
    public FormValidation doCheckMaxPollSeconds(@QueryParameter String value, @QueryParameter String minPollSeconds) {
        FormValidation range = form().checkRange(null, value, 1, MAX_POLL_SECONDS);
        if (range.kind != FormValidation.Kind.OK || RolloutOptions.text(value) == null) {
            return range;
        }
        return form().checkRange(null, value, parseOr(minPollSeconds, DEFAULT_MIN_POLL_SECONDS), MAX_POLL_SECONDS);
    }

    private static int parseOr(String text, int fallback) {
        try {
            String t = RolloutOptions.text(text);
            return t == null ? fallback : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
