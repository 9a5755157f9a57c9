package io.jenkins.plugins.amifactory;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.OnFailure;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.StopAction;
import io.jenkins.plugins.amifactory.engine.Strategy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;

/**
 * The form logic behind the step's, the build step's and the global configuration's pages: drop-down lists,
 * field checks and "Test connection". Every entry point checks permissions before anything else (configure on the
 * job, or administer without one). Field checks reuse the engine's request validation, so the form and a running
 * Rollout never disagree about what is valid.
 */
final class RolloutForm {

    /** Stand-ins for the fields a check does not look at, so that the engine validates only the one it does. */
    static final String SAMPLE_GROUP = "web";
    static final String SAMPLE_INSTANCE = "i-0123456789abcdef0";
    static final String SAMPLE_REGION = "us-east-1";
    /** A target's group when the one being checked is another of its fields: never the sample step's group. */
    static final String SAMPLE_TARGET_GROUP = "worker";
    /** The step's region when a target's check needs one other than the target's own. */
    static final String OTHER_SAMPLE_REGION = "us-west-2";

    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final PluginRuntime runtime;

    RolloutForm(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    /** Whether the user may configure {@code item}, or administer Jenkins when there is no item. */
    boolean mayConfigure(Item item) {
        return item == null ? runtime.root().get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** Like {@link #mayConfigure} but also true for users who may only look at the configuration. */
    boolean mayView(Item item) {
        return item == null ? runtime.root().get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.CONFIGURE) || item.hasPermission(Item.EXTENDED_READ);
    }

    /** Throws unless the user may configure {@code item} (or administer Jenkins). */
    void checkConfigure(Item item) {
        if (item == null) {
            runtime.root().get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /**
     * AWS credentials the job can use, as the credentials consumer guide lists them: users who may not see the
     * list get only the current value back.
     */
    ListBoxModel credentials(Item item, String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        boolean allowed = item == null ? runtime.root().get().hasPermission(Jenkins.ADMINISTER)
                : anyOf(item, Item.EXTENDED_READ, CredentialsProvider.USE_ITEM);
        if (!allowed) {
            return result.includeCurrentValue(current);
        }
        // As SYSTEM, because a build finds its credentials as SYSTEM too (in the global scope).
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, AmazonWebServicesCredentials.class, Collections.emptyList(),
                        usableByBuilds(item))
                .includeCurrentValue(current);
    }

    /**
     * What a credentials list offers: in a job, whatever the job sees; without one (the global default), only the
     * global scope, because System-scoped credentials are visible at the root but no build can ever use them.
     */
    static CredentialsMatcher usableByBuilds(Item item) {
        return item == null ? CredentialsMatchers.withScope(CredentialsScope.GLOBAL) : CredentialsMatchers.always();
    }

    /** AWS region codes the SDK knows, with a first entry for "none chosen". */
    ListBoxModel regions(Item item, String current, String emptyLabel) {
        ListBoxModel m = new ListBoxModel();
        String value = RolloutOptions.text(current);
        if (!mayView(item)) {
            if (value != null) {
                m.add(value);
            }
            return m;
        }
        m.add(emptyLabel, "");
        Region.regions().stream().map(Region::id).filter(id -> REGION_CODE.matcher(id).matches()).sorted()
                .forEach(m::add);
        if (value != null && m.stream().noneMatch(o -> value.equals(o.value))) {
            m.add(value);
        }
        return m;
    }

    ListBoxModel strategies(Item item) {
        return choices(item, Arrays.stream(Strategy.values()).map(Strategy::displayName).toList());
    }

    ListBoxModel outcomes(Item item) {
        return choices(item, Arrays.stream(StopAction.values()).map(StopAction::displayName).toList());
    }

    ListBoxModel failurePolicies(Item item) {
        return choices(item, Arrays.stream(OnFailure.values()).map(OnFailure::displayName).toList());
    }

    private ListBoxModel choices(Item item, List<String> values) {
        ListBoxModel m = new ListBoxModel();
        if (mayView(item)) {
            values.forEach(m::add);
        }
        return m;
    }

    /**
     * Checks one field the way the engine will when the Rollout starts. {@code related} are further
     * {@code name, value} pairs the rule depends on (such as minHealthyPercentage for maxHealthyPercentage).
     */
    FormValidation check(Item item, String field, String value, String... related) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < related.length; i += 2) {
            values.put(related[i], related[i + 1]);
        }
        values.put(field, value);
        String asg = SAMPLE_GROUP;
        String instance = SAMPLE_INSTANCE;
        String region = SAMPLE_REGION;
        String endpoint = null;
        String ec2Endpoint = null;
        String autoScalingEndpoint = null;
        RolloutOptions options = new RolloutOptions();
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                switch (e.getKey()) {
                    case "asg" -> asg = e.getValue();
                    case "instance" -> instance = e.getValue();
                    case "region" -> region = RolloutOptions.text(e.getValue()) == null ? SAMPLE_REGION : e.getValue();
                    case EndpointChoice.COMMON_FIELD -> endpoint = e.getValue();
                    case EndpointChoice.EC2_FIELD -> ec2Endpoint = e.getValue();
                    case EndpointChoice.AUTO_SCALING_FIELD -> autoScalingEndpoint = e.getValue();
                    default -> set(options, e.getKey(), e.getValue());
                }
            }
            EndpointChoice endpoints = EndpointChoice.ofFields(endpoint, ec2Endpoint, autoScalingEndpoint);
            options.toRequest(asg, instance, region, endpoints, null, null);
            endpoints.check(runtime.configuration().get().endpointPolicy());
        } catch (InvalidRequestException e) {
            if (e.field().equals(field)) {
                return FormValidation.error(withoutField(e));
            }
        }
        if ("region".equals(field) && RolloutOptions.text(value) == null) {
            return FormValidation.ok(Messages.Region_FromEnvironment());
        }
        return FormValidation.ok();
    }

    /**
     * Checks one field of a target ({@code asg}, {@code region} or {@code kmsKeyId}) the way the fleet will when it
     * starts. The form cannot know the step's region (it may come from the build environment), so the check takes a
     * step region other than the target's: a target without a region is in the step's own, where the Image is made,
     * not copied, and where a key therefore does not belong.
     */
    FormValidation checkTarget(Item item, String field, String asg, String region, String kmsKeyId) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        String targetRegion = RolloutOptions.text(region);
        String stepRegion = SAMPLE_REGION.equals(targetRegion) ? OTHER_SAMPLE_REGION : SAMPLE_REGION;
        try {
            FleetTarget target = new FleetTarget("asg".equals(field) ? asg : SAMPLE_TARGET_GROUP);
            target.setRegion(targetRegion);
            target.setKmsKeyId(kmsKeyId);
            RolloutOptions options = new RolloutOptions();
            options.setTargets(List.of(target));
            options.toFleet(RolloutRequest.builder(SAMPLE_GROUP, SAMPLE_INSTANCE).region(stepRegion).build());
        } catch (InvalidRequestException e) {
            if (e.field().equals(field)) {
                return FormValidation.error(withoutField(e));
            }
        }
        if ("region".equals(field) && targetRegion == null) {
            return FormValidation.ok(Messages.FleetTarget_StepRegion());
        }
        return FormValidation.ok();
    }

    /** A whole number from {@code min} to {@code max}, or empty. */
    FormValidation checkRange(Item item, String value, int min, int max) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        String t = RolloutOptions.text(value);
        if (t == null) {
            return FormValidation.ok();
        }
        try {
            int v = Integer.parseInt(t);
            return v < min || v > max ? FormValidation.error(Messages.Form_OutOfRange(min, max)) : FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.Form_NotANumber());
        }
    }

    /**
     * Describes the group with the chosen credentials and reports how it is configured, then makes one EC2 call, so
     * that a user can see the credentials, the region and the endpoints work before a build depends on them.
     */
    FormValidation testConnection(Item item, String asg, String region, String credentialsId, String endpointUrl,
                                  String ec2EndpointUrl, String autoScalingEndpointUrl) {
        checkConfigure(item);
        AmiFactoryConfiguration config = runtime.configuration().get();
        String regionCode = RolloutOptions.text(region) != null ? RolloutOptions.text(region) : config.getDefaultRegion();
        if (regionCode == null) {
            return FormValidation.error(Messages.TestConnection_NoRegion());
        }
        RolloutRequest target;
        try {
            EndpointChoice endpoints = EndpointChoice.ofFields(endpointUrl, ec2EndpointUrl, autoScalingEndpointUrl);
            target = endpoints.applyTo(RolloutRequest.builder(asg, SAMPLE_INSTANCE)).region(regionCode).build();
            // The same rule as a build: a connection test must not reach where a build may not.
            endpoints.check(config.endpointPolicy());
        } catch (InvalidRequestException e) {
            return FormValidation.error(e.getMessage());
        }
        AwsCredentialsProvider credentials;
        String id = RolloutOptions.text(credentialsId) != null ? RolloutOptions.text(credentialsId)
                : config.getDefaultCredentialsId();
        if (id != null) {
            credentials = runtime.credentials().findForItem(id, item);
            if (credentials == null) {
                return FormValidation.error(Messages.Credentials_NotFound(id));
            }
        } else if (config.isAllowControllerCredentials()) {
            credentials = runtime.controllerCredentials().get();
        } else {
            return FormValidation.error(Messages.TestConnection_NoCredentials());
        }
        try (AwsClients clients = runtime.clients().create(target.region(), new PerPollCredentials(credentials),
                target.endpoints())) {
            List<AutoScalingGroup> groups = clients.autoScaling().describeAutoScalingGroups(q -> q
                    .autoScalingGroupNames(target.asg())).autoScalingGroups();
            if (groups.isEmpty()) {
                return FormValidation.error(Messages.TestConnection_NoSuchGroup(target.asg(), target.region()));
            }
            // A build needs EC2 too, which may have an endpoint of its own: one look there, as cheap as EC2 has.
            clients.ec2().describeInstances(q -> q.maxResults(5));
            return FormValidation.ok(Messages.TestConnection_Ok(describe(groups.get(0))));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            return FormValidation.error(Messages.TestConnection_Refused(code, message));
        } catch (SdkException e) {
            return FormValidation.error(Messages.TestConnection_Failed(
                    target.endpoints().where(AwsClients.serviceOf(e), target.region()),
                    LogText.oneLine(e.getMessage(), LogText.MAX_QUOTE)));
        }
    }

    /** "group 'web': 3 instances (min 2, desired 3, max 6), launch configuration web-lc-1". */
    static String describe(AutoScalingGroup g) {
        String source;
        LaunchTemplateSpecification template = g.launchTemplate();
        if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
            template = g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
        }
        if (template != null) {
            String name = template.launchTemplateName() != null ? template.launchTemplateName() : template.launchTemplateId();
            String version = template.version() == null ? "$Default" : template.version();
            source = Messages.TestConnection_LaunchTemplate(name, version);
        } else if (g.launchConfigurationName() != null) {
            source = Messages.TestConnection_LaunchConfiguration(g.launchConfigurationName());
        } else {
            source = Messages.TestConnection_NoConfiguration();
        }
        return Messages.TestConnection_Group(g.autoScalingGroupName(), g.instances().size(), g.minSize(),
                g.desiredCapacity(), g.maxSize(), source);
    }

    private static boolean anyOf(Item item, Permission... permissions) {
        for (Permission p : permissions) {
            if (item.hasPermission(p)) {
                return true;
            }
        }
        return false;
    }

    /** The engine's message without the leading field name, which the form shows next to the field anyway. */
    private static String withoutField(InvalidRequestException e) {
        String prefix = e.field() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** Sets a {@link RolloutOptions} property from form text, as Stapler would bind it. */
    private static void set(RolloutOptions options, String property, String text) {
        String setter = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : RolloutOptions.class.getMethods()) {
            if (m.getName().equals(setter) && m.getParameterCount() == 1) {
                Class<?> type = m.getParameterTypes()[0];
                if (type == boolean.class && text == null) {
                    // A checkbox the browser did not send: its default stands.
                    return;
                }
                // A list from one form value is a list of that one value, as Stapler binds it; the setter splits it.
                Object arg = type == Integer.class ? wholeNumber(property, text)
                        : type == boolean.class ? Boolean.valueOf(text)
                        : type == List.class ? (text == null ? null : List.of(text)) : text;
                try {
                    m.invoke(options, arg);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot set " + property, e);
                }
                return;
            }
        }
        throw new IllegalArgumentException("no such option: " + property);
    }

    private static Integer wholeNumber(String field, String text) {
        String t = RolloutOptions.text(text);
        if (t == null) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "'" + t + "' is not a whole number", "give a whole number");
        }
    }
}
