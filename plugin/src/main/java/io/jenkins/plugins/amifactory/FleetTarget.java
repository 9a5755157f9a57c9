package io.jenkins.plugins.amifactory;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One more group a rollout takes the same Image to: {@code [asg: 'worker']} in the step's region, or
 * {@code [asg: 'web', region: 'me-central-1', kmsKeyId: 'alias/ami-copies']} in another (the Image is copied there,
 * encrypted with the key if one is given). In a Jenkinsfile a target is a plain map: the step's {@code targets}
 * property is declared as a list of this concrete class, so structs' DescribableModel makes each map into one
 * without a {@code $class} key (and the Snippet Generator writes none). Saved by XStream with a Freestyle job and
 * serialized with the step's options, so it holds only strings.
 *
 * <p>It implements {@link Describable} directly rather than extending {@code AbstractDescribableImpl}, which Jenkins
 * deprecated in 2.505: at the 2.555.3 baseline {@link Describable#getDescriptor()} is a default method that finds
 * {@link DescriptorImpl}.
 */
public final class FleetTarget implements Describable<FleetTarget>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The Auto Scaling group's name. */
    private final String asg;
    /** Its region; null for the step's own. */
    private String region;
    /** The KMS key that encrypts the Image's copy in this target's region; null for the default encryption. */
    private String kmsKeyId;

    @DataBoundConstructor
    public FleetTarget(String asg) {
        this.asg = RolloutOptions.text(asg);
    }

    public String getAsg() {
        return asg;
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = RolloutOptions.text(region);
    }

    public String getKmsKeyId() {
        return kmsKeyId;
    }

    @DataBoundSetter
    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = RolloutOptions.text(kmsKeyId);
    }

    /** A value: Pipeline and the tests compare targets by what they say. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FleetTarget t && Objects.equals(asg, t.asg) && Objects.equals(region, t.region)
                && Objects.equals(kmsKeyId, t.kmsKeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(asg, region, kmsKeyId);
    }

    /** {@code worker} or {@code web@me-central-1}, as the command line writes a target. */
    @Override
    public String toString() {
        return region == null ? String.valueOf(asg) : asg + "@" + region;
    }

    /** Backs one target's block in the form: its checks and its region list. */
    @Extension
    public static final class DescriptorImpl extends Descriptor<FleetTarget> {

        private transient PluginRuntime runtime;

        @Override
        public String getDisplayName() {
            return Messages.FleetTarget_DisplayName();
        }

        private RolloutForm form() {
            return new RolloutForm(runtime != null ? runtime : PluginRuntime.jenkins());
        }

        /** For tests: the surroundings to use instead of Jenkins'. */
        void useRuntime(PluginRuntime runtime) {
            this.runtime = runtime;
        }

        @POST
        public ListBoxModel doFillRegionItems(@AncestorInPath Item item, @QueryParameter String region) {
            return form().regions(item, region, Messages.FleetTarget_StepRegion());
        }

        @POST
        public FormValidation doCheckAsg(@AncestorInPath Item item, @QueryParameter String value) {
            return form().checkTarget(item, "asg", value, null, null);
        }

        @POST
        public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
            return form().checkTarget(item, "region", null, value, null);
        }

        @POST
        public FormValidation doCheckKmsKeyId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String region) {
            return form().checkTarget(item, "kmsKeyId", null, region, value);
        }
    }
}
