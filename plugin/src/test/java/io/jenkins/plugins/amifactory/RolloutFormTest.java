package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/**
 * The descriptors' web methods: permission first, then the engine's own validation. The step's descriptor stands
 * for both front ends (DataBindingTest checks that the build step's answers the same methods).
 */
class RolloutFormTest {

    private final TestRuntime runtime = new TestRuntime();
    private final FakeJenkins.Permissions configurer = new FakeJenkins.Permissions(Item.CONFIGURE, Item.EXTENDED_READ);
    private final FakeJenkins.Permissions reader = new FakeJenkins.Permissions(Item.READ);
    private final AmiFactoryStep.DescriptorImpl step = new AmiFactoryStep.DescriptorImpl();
    private final AmiFactoryBuilder.DescriptorImpl builder = new AmiFactoryBuilder.DescriptorImpl();

    {
        step.useRuntime(runtime.build());
        builder.useRuntime(runtime.build());
    }

    @Test
    void checksReuseTheEngineValidation() {
        assertThat(step.doCheckAsg(configurer, "").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckAsg(configurer, "arn:aws:autoscaling:web").getMessage()).contains("not its ARN");
        assertThat(step.doCheckAsg(configurer, "web").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckInstance(configurer, "web-1").getMessage()).contains("i- followed by 8 or 17 hex digits");
        assertThat(step.doCheckRegion(configurer, "Frankfurt").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckRegion(configurer, "").getMessage()).contains("AWS_REGION");
        assertThat(step.doCheckEndpointUrl(configurer, "ftp://example.com").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckImageName(configurer, "web-{nonsense}").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckTags(configurer, "team").getMessage()).contains("key=value");
        assertThat(step.doCheckTags(configurer, "aws:team=web").getMessage()).contains("aws:");
        assertThat(step.doCheckCheckpointPercentages(configurer, "50,20").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckMinHealthyPercentage(configurer, "150").getMessage())
                .isEqualTo("150 is out of range (use a whole number from 0 to 100)");
        assertThat(step.doCheckMinHealthyPercentage(configurer, "ninety").getMessage()).contains("not a whole number");
        assertThat(step.doCheckMaxHealthyPercentage(configurer, "150", "10").getMessage()).contains("more than 100 above");
        assertThat(step.doCheckMaxHealthyPercentage(configurer, "150", "90").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckTimeoutMinutes(configurer, "30", "60").getMessage()).contains("shorter than the image timeout");
        assertThat(step.doCheckImageTimeoutMinutes(configurer, "0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckRolloutTimeoutMinutes(configurer, "").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckKeepImages(configurer, "-1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckBakeTimeSeconds(configurer, "600").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckImageDescription(configurer, "x".repeat(300)).kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void theFleetsFieldsAreCheckedAsTheFleetWillCheckThem() {
        assertThat(step.doCheckAlarms(configurer, "web-5xx\nweb-latency", "true").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckAlarms(configurer, "web-5xx", null).kind).as("refresh left at its default: on")
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckAlarms(configurer, "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk", "true").getMessage())
                .startsWith("11 alarms are more than AWS takes (10)");
        assertThat(step.doCheckAlarms(configurer, "web-5xx", "false").getMessage()).contains("refresh is off");
        assertThat(step.doFillOnFailureItems(configurer)).extracting(o -> o.value)
                .containsExactly("rollbackAll", "rollbackFailed");

        FleetTarget.DescriptorImpl target = new FleetTarget.DescriptorImpl();
        target.useRuntime(runtime.build());
        assertThat(target.doCheckAsg(configurer, "").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(target.doCheckAsg(configurer, "worker").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(target.doCheckRegion(configurer, "Frankfurt").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(target.doCheckRegion(configurer, "").getMessage()).isEqualTo("(the step's region)");
        assertThat(target.doCheckKmsKeyId(configurer, "alias/ami-copies", "me-central-1").kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(target.doCheckKmsKeyId(configurer, "alias/ami-copies", "us-east-1").kind)
                .as("us-east-1 may well be another region than the step's").isEqualTo(FormValidation.Kind.OK);
        assertThat(target.doCheckKmsKeyId(configurer, "alias/ami-copies", "").getMessage())
                .contains("is made there, not copied");
        assertThat(target.doCheckKmsKeyId(configurer, "my key", "me-central-1").getMessage())
                .contains("is not a KMS key id");
        assertThat(target.doCheckKmsKeyId(configurer, "arn:aws:kms:us-east-1:123456789012:alias/x", "me-central-1")
                .getMessage()).isEqualTo("the key for me-central-1 is in us-east-1 (use a key of me-central-1: a copy is "
                        + "encrypted with a key of its own region)");
        assertThat(target.doCheckKmsKeyId(reader, "my key", "me-central-1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(target.doFillRegionItems(configurer, null).get(0).name).isEqualTo("(the step's region)");
    }

    @Test
    void usersWhoMayNotConfigureTheJobLearnNothingFromChecks() {
        assertThat(step.doCheckInstance(reader, "web-1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckMinHealthyPercentage(reader, "150").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(reader.checked).first().isEqualTo(Item.CONFIGURE);
        runtime.root = new FakeJenkins.Permissions();
        step.useRuntime(runtime.build());
        assertThat(step.doCheckInstance(null, "web-1").kind).as("no job: administer needed").isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void testConnectionRefusesUsersWithoutConfigureBeforeDoingAnything() {
        assertThatThrownBy(() -> step.doTestConnection(reader, "web", "eu-west-1", "aws-prod", null, null, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> builder.doTestConnection(reader, "web", "eu-west-1", "aws-prod", null, null, null))
                .isInstanceOf(AccessDeniedException.class);
        FakeJenkins.Permissions root = new FakeJenkins.Permissions(Item.CONFIGURE);
        runtime.root = root;
        step.useRuntime(runtime.build());
        assertThatThrownBy(() -> step.doTestConnection(null, "web", "eu-west-1", "aws-prod", null, null, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(root.checked).containsExactly(Jenkins.ADMINISTER);
        assertThat(runtime.credentials.tracked).isEmpty();
    }

    @Test
    void testConnectionSaysWhatIsMissing() {
        assertThat(step.doTestConnection(configurer, "web", "", "aws-prod", null, null, null).getMessage()).contains("region");
        assertThat(step.doTestConnection(configurer, "web", "eu-west-1", "", null, null, null).getMessage()).contains("credentials");
        assertThat(step.doTestConnection(configurer, "web", "eu-west-1", "typo", null, null, null).getMessage()).contains("'typo'");
        assertThat(step.doTestConnection(configurer, "", "eu-west-1", "typo", null, null, null).getMessage()).startsWith("asg: ");
    }

    @Test
    void theCredentialsListFollowsTheConsumerGuide() {
        ListBoxModel onlyCurrent = step.doFillCredentialsIdItems(reader, "aws-prod");
        assertThat(onlyCurrent).extracting(o -> o.value).containsExactly("aws-prod");
        assertThat(reader.checked).contains(Item.EXTENDED_READ, CredentialsProvider.USE_ITEM);
        // Allowed: the real listing is reached (the compile-only mirror cannot list).
        assertThatThrownBy(() -> step.doFillCredentialsIdItems(configurer, "aws-prod"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("compile-only mirror");
        FakeJenkins.Permissions notAdmin = new FakeJenkins.Permissions();
        runtime.root = notAdmin;
        step.useRuntime(runtime.build());
        assertThat(step.doFillCredentialsIdItems(null, "aws-prod")).extracting(o -> o.value).containsExactly("aws-prod");
        assertThat(notAdmin.checked).containsExactly(Jenkins.ADMINISTER);
    }

    @Test
    void theGlobalDefaultOffersOnlyCredentialsThatBuildsCanUse() {
        FakeJenkins.StoredCredentials system = new FakeJenkins.StoredCredentials("aws-system");
        system.scope = CredentialsScope.SYSTEM;
        FakeJenkins.StoredCredentials global = new FakeJenkins.StoredCredentials("aws-global");
        assertThat(RolloutForm.usableByBuilds(null).matches(system)).as("a build can never see System scope").isFalse();
        assertThat(RolloutForm.usableByBuilds(null).matches(global)).isTrue();
        assertThat(RolloutForm.usableByBuilds(configurer).matches(global)).isTrue();
    }

    @Test
    void dropDownsOfferRegionsStrategiesAndOutcomes() {
        ListBoxModel regions = step.doFillRegionItems(configurer, "xx-test-9");
        assertThat(regions.get(0).value).isEmpty();
        assertThat(regions).extracting(o -> o.value).contains("us-east-1", "eu-west-1", "xx-test-9")
                .doesNotContain("aws-global");
        assertThat(step.doFillStrategyItems(configurer)).extracting(o -> o.value)
                .containsExactly("auto", "launchTemplate", "launchConfiguration");
        assertThat(step.doFillOnTimeoutItems(configurer)).extracting(o -> o.value).containsExactly("rollback", "cancel", "leave");
        assertThat(step.doFillOnAbortItems(configurer)).extracting(o -> o.value).containsExactly("rollback", "cancel", "leave");
        FakeJenkins.Permissions nobody = new FakeJenkins.Permissions();
        assertThat(step.doFillRegionItems(nobody, "eu-west-1")).extracting(o -> o.value).containsExactly("eu-west-1");
        assertThat(step.doFillStrategyItems(nobody)).isEmpty();
    }

    @Test
    void theGlobalConfigurationNeedsAdminister() {
        AmiFactoryConfiguration config = new AmiFactoryConfiguration();
        runtime.root = new FakeJenkins.Permissions();
        config.useRuntime(runtime.build());
        assertThat(config.doCheckMinPollSeconds("0").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doFillDefaultRegionItems("eu-west-1")).extracting(o -> o.value).containsExactly("eu-west-1");
        runtime.root = new FakeJenkins.Permissions(Jenkins.ADMINISTER);
        config.useRuntime(runtime.build());
        assertThat(config.doCheckMinPollSeconds("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckMaxPollSeconds("3", "10").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckMaxPollSeconds("30", "10").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doCheckDefaultTimeoutMinutes("30", "60").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckDefaultImageTimeoutMinutes("abc").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doFillDefaultRegionItems("").get(0).value).isEmpty();
        assertThat(List.of(config.doFillDefaultRegionItems("").get(0).name)).containsExactly(Messages.Region_NoDefault());
    }
}
