package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.access.AccessDeniedException;

/**
 * Every web method of the step's, the build step's and the global configuration's pages, called by a user who may
 * only read the job (and may not administer Jenkins), with values that would fail every check: the user gets
 * nothing from it. No credential id beyond the value already in the form, no region or choice list, no
 * validation detail, and no connection test; and no credentials are looked up on the user's behalf.
 */
class WebMethodPermissionsTest {

    private static final String BAD = "gopher://user:pw@x?y#z";
    private static final String CURRENT = "the-current-value";

    static Stream<Method> webMethods() {
        List<Method> all = new ArrayList<>();
        for (Class<?> owner : List.of(AmiFactoryStep.DescriptorImpl.class, AmiFactoryBuilder.DescriptorImpl.class,
                AmiFactoryConfiguration.class, FleetTarget.DescriptorImpl.class)) {
            for (Method m : owner.getDeclaredMethods()) {
                if (m.getName().startsWith("do") && Modifier.isPublic(m.getModifiers())) {
                    all.add(m);
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(50);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webMethods")
    void aUserWithoutThePermissionGetsNothing(Method method) throws Exception {
        TestRuntime runtime = new TestRuntime();
        runtime.credentials.with("aws-prod").with("aws-staging");
        runtime.root = new FakeJenkins.Permissions();
        Object target = target(method.getDeclaringClass(), runtime.build());
        FakeJenkins.Permissions reader = new FakeJenkins.Permissions(Item.READ);
        Object[] args = new Object[method.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Class<?> type = method.getParameterTypes()[i];
            String name = method.getParameters()[i].getName();
            args[i] = type == Item.class ? reader : name.toLowerCase().contains("credentialsid") ? CURRENT : BAD;
        }
        if (method.getName().equals("doTestConnection")) {
            assertThatThrownBy(() -> invoke(method, target, args)).isInstanceOf(AccessDeniedException.class);
        } else {
            Object answer = invoke(method, target, args);
            if (answer instanceof FormValidation v) {
                assertThat(v.kind).as("no validation verdict").isEqualTo(FormValidation.Kind.OK);
                assertThat(v.getMessage()).as("no validation detail").isNullOrEmpty();
            } else {
                assertThat((ListBoxModel) answer).extracting(o -> o.value).as("at most the value already in the form")
                        .isSubsetOf(CURRENT, BAD);
            }
        }
        assertThat(runtime.credentials.tracked).isEmpty();
    }

    private static Object target(Class<?> owner, PluginRuntime runtime) {
        if (owner == AmiFactoryConfiguration.class) {
            AmiFactoryConfiguration c = new AmiFactoryConfiguration();
            c.useRuntime(runtime);
            return c;
        }
        if (owner == FleetTarget.DescriptorImpl.class) {
            FleetTarget.DescriptorImpl d = new FleetTarget.DescriptorImpl();
            d.useRuntime(runtime);
            return d;
        }
        if (owner == AmiFactoryStep.DescriptorImpl.class) {
            AmiFactoryStep.DescriptorImpl d = new AmiFactoryStep.DescriptorImpl();
            d.useRuntime(runtime);
            return d;
        }
        AmiFactoryBuilder.DescriptorImpl d = new AmiFactoryBuilder.DescriptorImpl();
        d.useRuntime(runtime);
        return d;
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
