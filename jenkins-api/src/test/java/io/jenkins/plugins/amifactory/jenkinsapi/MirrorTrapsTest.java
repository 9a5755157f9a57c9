package io.jenkins.plugins.amifactory.jenkinsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.AbstractIdCredentialsListBoxModel;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.google.common.util.concurrent.FutureCallback;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Action;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.tasks.BuildStep;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import jenkins.model.TransientActionFactory;
import jenkins.tasks.SimpleBuildStep;
import jenkins.util.Timer;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.HttpResponse;
import org.springframework.security.core.Authentication;

/** Pins the binary-compatibility traps listed in jenkins-api-facts.md. */
@SuppressWarnings("deprecation") // names deprecated mirrors on purpose
class MirrorTrapsTest {

    @Test
    void interfacesAreInterfaces() {
        for (Class<?> c : List.of(TaskListener.class, Item.class, AccessControlled.class, SimpleBuildStep.class,
                BuildStep.class, Describable.class, Action.class, RunAction2.class, EnvironmentContributingAction.class,
                Credentials.class, IdCredentials.class, StandardCredentials.class,
                AmazonWebServicesCredentials.class)) {
            assertThat(c.isInterface()).as(c.getName()).isTrue();
            assertThat(c.isAnnotation()).as(c.getName()).isFalse();
        }
    }

    @Test
    void abstractClassesAreAbstractClasses() {
        for (Class<?> c : List.of(Run.class, Descriptor.class, Builder.class, BuildStepDescriptor.class,
                GlobalConfiguration.class, Step.class, StepDescriptor.class, StepContext.class, StepExecution.class,
                AbstractStepExecutionImpl.class, CredentialsProvider.class, AbstractDescribableImpl.class,
                AbstractIdCredentialsListBoxModel.class, FormValidation.class, ACL.class, TransientActionFactory.class)) {
            assertThat(c.isInterface()).as(c.getName()).isFalse();
            assertThat(Modifier.isAbstract(c.getModifiers())).as(c.getName()).isTrue();
        }
        assertThat(Modifier.isAbstract(Jenkins.class.getModifiers())).isFalse();
        assertThat(Modifier.isAbstract(StandardListBoxModel.class.getModifiers())).isFalse();
        assertThat(Modifier.isFinal(Permission.class.getModifiers())).isTrue();
    }

    @Test
    void globalConfigurationGetDescriptorIsFinal() throws Exception {
        Method m = GlobalConfiguration.class.getDeclaredMethod("getDescriptor");
        assertThat(Modifier.isFinal(m.getModifiers())).isTrue();
        assertThat(m.getReturnType()).isEqualTo(Descriptor.class);
    }

    @Test
    void permissionAndSystemFieldsAreNotCompileTimeConstants() throws Exception {
        assertStaticFinalObjectField(Jenkins.class, "ADMINISTER", Permission.class);
        assertStaticFinalObjectField(Item.class, "CONFIGURE", Permission.class);
        assertStaticFinalObjectField(Item.class, "EXTENDED_READ", Permission.class);
        assertStaticFinalObjectField(CredentialsProvider.class, "USE_ITEM", Permission.class);
        assertStaticFinalObjectField(ACL.class, "SYSTEM2", Authentication.class);
        // javac only inlines primitive/String constants, and only those carry a ConstantValue attribute.
        for (Class<?> c : List.of(Jenkins.class, Item.class, ACL.class, CredentialsProvider.class, Permission.class)) {
            assertThat(constantPoolText(c)).as(c.getName()).doesNotContain("ConstantValue");
        }
        assertThat(Jenkins.ADMINISTER).isNotNull().isSameAs(Permission.HUDSON_ADMINISTER);
        assertThat(Item.CONFIGURE.getId()).isEqualTo("hudson.model.Item.Configure");
        assertThat(ACL.SYSTEM2.getName()).isEqualTo("SYSTEM");
    }

    private static void assertStaticFinalObjectField(Class<?> owner, String name, Class<?> type) throws Exception {
        Field f = owner.getDeclaredField(name);
        assertThat(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())).as(name).isTrue();
        assertThat(f.getType()).as(name).isEqualTo(type);
        assertThat(f.get(null)).as(name).isNotNull();
    }

    private static String constantPoolText(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void genericLookupsKeepTheirRealErasure() {
        for (Method m : CredentialsProvider.class.getDeclaredMethods()) {
            if (m.getName().equals("findCredentialById")) {
                assertThat(m.getReturnType()).as(m.toString()).isEqualTo(IdCredentials.class);
            } else if (m.getName().equals("track")) {
                assertThat(m.getReturnType()).as(m.toString()).isEqualTo(Credentials.class);
            }
        }
        long overloads = List.of(CredentialsProvider.class.getDeclaredMethods()).stream()
                .filter(m -> m.getName().equals("findCredentialById")).count();
        assertThat(overloads).isEqualTo(3);
        for (String fluent : List.of("includeEmptyValue", "includeMatchingAs", "includeCurrentValue")) {
            for (Method m : AbstractIdCredentialsListBoxModel.class.getDeclaredMethods()) {
                if (m.getName().equals(fluent) && !m.isBridge()) {
                    assertThat(m.getReturnType()).as(fluent).isEqualTo(AbstractIdCredentialsListBoxModel.class);
                }
            }
        }
    }

    @Test
    void stepContextIsAGuavaFutureCallback() throws Exception {
        assertThat(FutureCallback.class.isAssignableFrom(StepContext.class)).isTrue();
        assertThat(Serializable.class.isAssignableFrom(StepContext.class)).isTrue();
        assertThat(Serializable.class.isAssignableFrom(StepExecution.class)).isTrue();
        assertThat(StepContext.class.getMethod("onFailure", Throwable.class).getDeclaringClass())
                .isEqualTo(FutureCallback.class);
        assertThat(Modifier.isAbstract(StepContext.class.getMethod("saveState").getModifiers())).isTrue();
    }

    @Test
    void checkPermissionIsAnAccessControlledDefaultMethod() throws Exception {
        Method m = Jenkins.class.getMethod("checkPermission", Permission.class);
        assertThat(m.getDeclaringClass()).isEqualTo(AccessControlled.class);
        assertThat(m.isDefault()).isTrue();
        assertThat(AccessControlled.class.isAssignableFrom(Item.class)).isTrue();
        assertThat(EnvironmentContributingAction.class.getMethod("buildEnvironment", Run.class, EnvVars.class)
                .isDefault()).isTrue();
    }

    @Test
    void annotationsKeepRetentionAndTarget() {
        assertThat(Extension.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
        assertThat(Extension.class.getAnnotation(Target.class).value())
                .containsExactly(ElementType.TYPE, ElementType.FIELD, ElementType.METHOD);
        assertThat(Extension.class.isAnnotationPresent(net.java.sezpoz.Indexable.class)).isTrue();
        assertThat(Symbol.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
        assertThat(Symbol.class.getAnnotation(Target.class).value()).containsExactly(ElementType.TYPE);
    }

    @Test
    void theDurabilityHintIsAnEnumOnAnAbstractFlowExecution() throws Exception {
        assertThat(Modifier.isAbstract(FlowExecution.class.getModifiers())).isTrue();
        assertThat(FlowExecution.class.isInterface()).isFalse();
        assertThat(FlowExecution.class.getMethod("getDurabilityHint").getReturnType()).isEqualTo(FlowDurabilityHint.class);
        assertThat(FlowDurabilityHint.class.isEnum()).isTrue();
        assertThat(FlowDurabilityHint.values()).extracting(Enum::name)
                .containsExactly("PERFORMANCE_OPTIMIZED", "SURVIVABLE_NONATOMIC", "MAX_SURVIVABILITY");
        // The real values: only PERFORMANCE_OPTIMIZED saves the program no more than at a clean shutdown.
        assertThat(FlowDurabilityHint.values()).extracting(FlowDurabilityHint::isPersistWithEveryStep)
                .containsExactly(false, true, true);
    }

    @Test
    void awsCredentialsExposeBothSdks() {
        assertThat(AmazonWebServicesCredentials.class.getInterfaces()).containsExactly(StandardCredentials.class,
                software.amazon.awssdk.auth.credentials.AwsCredentialsProvider.class,
                com.amazonaws.auth.AWSCredentialsProvider.class);
    }

    @Test
    void realSupertypesOfValueTypes() {
        assertThat(EnvVars.class.getSuperclass()).isEqualTo(TreeMap.class);
        assertThat(ListBoxModel.class.getSuperclass()).isEqualTo(ArrayList.class);
        assertThat(FormValidation.class.getSuperclass()).isEqualTo(IOException.class);
        assertThat(HttpResponse.class.isAssignableFrom(FormValidation.class)).isTrue();
        assertThat(HttpResponse.class.isAssignableFrom(ListBoxModel.class)).isTrue();
        assertThat(HttpResponse.class.isAssignableFrom(Descriptor.FormException.class)).isTrue();
        assertThat(StandardListBoxModel.class.getSuperclass()).isEqualTo(AbstractIdCredentialsListBoxModel.class);
    }

    @Test
    void timerGetReturnsAScheduledExecutorService() throws Exception {
        assertThat(Timer.class.getMethod("get").getReturnType()).isEqualTo(ScheduledExecutorService.class);
        assertThat(Timer.get()).isSameAs(Timer.get());
    }

    // ---- the few trivial bodies that plugin unit tests may rely on

    @Test
    void trivialBodies() {
        assertThat(Util.fixEmptyAndTrim("  ")).isNull();
        assertThat(Util.fixEmptyAndTrim(" a ")).isEqualTo("a");
        assertThat(Util.fixEmpty("")).isNull();

        EnvVars env = new EnvVars("AWS_REGION", "eu-west-1");
        assertThat(env.get("aws_region")).isEqualTo("eu-west-1");
        assertThat(env.get("MISSING", "d")).isEqualTo("d");
        assertThatThrownBy(() -> env.put("X", null)).isInstanceOf(IllegalArgumentException.class);

        assertThat(FormValidation.ok().kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(FormValidation.error("bad %s", "x").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(FormValidation.error("bad %s", "x").getMessage()).isEqualTo("bad x");
        assertThat(FormValidation.warning("hm").kind).isEqualTo(FormValidation.Kind.WARNING);

        ListBoxModel m = new ListBoxModel();
        m.add("us-east-1");
        m.add("EU (Ireland)", "eu-west-1");
        assertThat(m).extracting(o -> o.value).containsExactly("us-east-1", "eu-west-1");

        ListBoxModel creds = new StandardListBoxModel().includeEmptyValue().includeCurrentValue("my-id");
        assertThat(creds).extracting(o -> o.value).containsExactly("", "my-id");

        assertThatThrownBy(Jenkins::get).isInstanceOf(IllegalStateException.class);
        assertThat(Jenkins.getInstanceOrNull()).isNull();
    }

    static final class SampleConfig extends GlobalConfiguration {
        SampleConfig() {
            load();
        }
    }

    @Test
    void globalConfigurationCanBeConstructedInUnitTests() {
        SampleConfig c = new SampleConfig();
        assertThat(c.getDescriptor()).isSameAs(c);
        assertThat(c.clazz).isEqualTo(SampleConfig.class);
        c.save();
    }
}
