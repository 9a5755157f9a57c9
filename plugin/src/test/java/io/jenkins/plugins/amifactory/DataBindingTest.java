package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** What the Snippet Generator, Pipeline argument binding, form submission and CasC rely on. */
class DataBindingTest {

    private static final List<Class<?>> FRONT_ENDS = List.of(AmiFactoryStep.class, AmiFactoryBuilder.class);

    /** A value other than the default for every option. */
    static Map<String, Object> everythingSet() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asg", "web");
        m.put("instance", "i-0abc1234def567890");
        m.put("region", "eu-west-1");
        m.put("credentialsId", "aws-prod");
        m.put("endpointUrl", "http://127.0.0.1:4566");
        m.put("ec2EndpointUrl", "http://127.0.0.1:4567");
        m.put("autoScalingEndpointUrl", "http://127.0.0.1:4568");
        m.put("strategy", "launchTemplate");
        m.put("reboot", true);
        m.put("refresh", false);
        m.put("minHealthyPercentage", 50);
        m.put("maxHealthyPercentage", 150);
        m.put("instanceWarmupSeconds", 120);
        m.put("skipMatching", true);
        m.put("checkpointPercentages", "20,50,100");
        m.put("checkpointDelaySeconds", 600);
        m.put("bakeTimeSeconds", 300);
        m.put("autoRollback", false);
        m.put("setDefaultVersion", true);
        m.put("imageTimeoutMinutes", 30);
        m.put("rolloutTimeoutMinutes", 90);
        m.put("timeoutMinutes", 150);
        m.put("onTimeout", "cancel");
        m.put("onAbort", "leave");
        m.put("keepImages", 5);
        m.put("imageName", "web-{yyyyMMdd}");
        m.put("imageDescription", "nightly");
        m.put("tags", "team=web\nenv=prod");
        m.put("planOnly", true);
        m.put("quiet", true);
        m.put("targets", List.of(SimulatedController.target("worker", null, null),
                SimulatedController.target("web", "me-central-1", "alias/ami-copies")));
        m.put("parallel", true);
        m.put("onFailure", "rollbackFailed");
        m.put("alarms", List.of("web-5xx", "web-latency"));
        return m;
    }

    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class, AmiFactoryConfiguration.class,
            FleetTarget.class})
    void everyBoundPropertyHasAGetterOfItsType(Class<?> type) {
        Map<String, Class<?>> props = Describables.properties(type);
        assertThat(props).isNotEmpty();
        props.forEach((name, t) -> {
            Method getter = Describables.getter(type, name);
            assertThat(getter).as(type.getSimpleName() + "." + name + " getter").isNotNull();
            assertThat(getter.getReturnType()).as(type.getSimpleName() + "." + name + " getter type").isEqualTo(t);
        });
    }

    @Test
    void theStepAndTheBuildStepHaveExactlyTheSameFieldsAsTheOptions() {
        List<String> options = Arrays.stream(RolloutOptions.class.getMethods())
                .filter(m -> m.getName().startsWith("set") && m.getParameterCount() == 1)
                .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4)).sorted().toList();
        for (Class<?> type : FRONT_ENDS) {
            TreeSet<String> props = new TreeSet<>(Describables.properties(type).keySet());
            assertThat(props).as(type.getSimpleName()).containsExactlyInAnyOrderElementsOf(
                    concat(List.of("asg", "instance"), options));
        }
        assertThat(everythingSet().keySet()).containsExactlyInAnyOrderElementsOf(concat(List.of("asg", "instance"), options));
    }

    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class})
    void aFreshInstanceGivesTheShortestSnippet(Class<?> type) throws Exception {
        Object fresh = Describables.instantiate(type, Map.of("asg", "web", "instance", "i-0abc1234def567890"));
        assertThat(Describables.uninstantiate(fresh)).containsOnlyKeys("asg", "instance");
        for (String p : Describables.properties(type).keySet()) {
            Object value = Describables.getter(type, p).invoke(fresh);
            if (value != null && !(value instanceof Boolean)) {
                assertThat(p).as("only required fields hold a value by default").isIn("asg", "instance");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class})
    void everyValueSetIsReadBackAndRoundTrips(Class<?> type) throws Exception {
        Object bound = Describables.instantiate(type, everythingSet());
        for (Map.Entry<String, Object> e : everythingSet().entrySet()) {
            assertThat(Describables.getter(type, e.getKey()).invoke(bound)).as(e.getKey()).isEqualTo(e.getValue());
        }
        Map<String, Object> snippet = Describables.uninstantiate(bound);
        assertThat(snippet).isEqualTo(everythingSet());
        assertThat(Describables.uninstantiate(Describables.instantiate(type, snippet))).isEqualTo(snippet);
    }

    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class})
    void valuesEqualToTheDefaultsAreStoredAsDefaults(Class<?> type) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asg", " web ");
        m.put("instance", "i-0abc1234def567890");
        m.put("region", "  ");
        m.put("strategy", "AUTO");
        m.put("minHealthyPercentage", 90);
        m.put("keepImages", 3);
        m.put("onTimeout", "Rollback");
        m.put("onAbort", "");
        m.put("imageName", "{group}-{yyyyMMdd-HHmmss}");
        m.put("checkpointPercentages", " , ");
        m.put("refresh", true);
        m.put("autoRollback", true);
        m.put("onFailure", "Rollback-All");
        m.put("targets", List.of());
        m.put("alarms", List.of(" ", "\n"));
        m.put("parallel", false);
        Object bound = Describables.instantiate(type, m);
        assertThat(Describables.uninstantiate(bound)).containsExactly(Map.entry("asg", "web"),
                Map.entry("instance", "i-0abc1234def567890"));
        assertThat(Describables.getter(type, "strategy").invoke(bound)).isNull();
        assertThat(Describables.getter(type, "minHealthyPercentage").invoke(bound)).isNull();
        assertThat(Describables.getter(type, "targets").invoke(bound)).isNull();
        assertThat(Describables.getter(type, "alarms").invoke(bound)).isNull();
    }

    /** The Pipeline form in docs/fleet.md, bound as structs binds a Jenkinsfile's arguments. */
    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class})
    void theJenkinsfilesTargetsBindAsPlainMapsWithoutAClassKey(Class<?> type) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("asg", "web");
        args.put("instance", "i-0abc1234def567890");
        args.put("targets", List.of(Map.of("asg", "worker"),
                Map.of("asg", "web", "region", "me-central-1", "kmsKeyId", "alias/ami-copies")));
        args.put("parallel", true);
        args.put("onFailure", "rollbackFailed");
        args.put("alarms", List.of("web-5xx"));
        Object bound = Describables.bind(type, args);
        assertThat(Describables.getter(type, "targets").invoke(bound)).isEqualTo(List.of(
                SimulatedController.target("worker", null, null),
                SimulatedController.target("web", "me-central-1", "alias/ami-copies")));
        assertThat(Describables.getter(type, "alarms").invoke(bound)).isEqualTo(List.of("web-5xx"));
        assertThat(Describables.getter(type, "onFailure").invoke(bound)).isEqualTo("rollbackFailed");
        // What lets structs drop $class both ways: the property's element type is this concrete class itself, so a
        // map binds to it and its instances are written back without $class (DescribableParameter.uncoerce).
        java.lang.reflect.Type declared = type.getMethod("setTargets", List.class).getGenericParameterTypes()[0];
        assertThat(declared.getTypeName()).isEqualTo("java.util.List<" + FleetTarget.class.getName() + ">");
        assertThat(Modifier.isAbstract(FleetTarget.class.getModifiers())).isFalse();
        assertThat(FleetTarget.DescriptorImpl.class.getAnnotation(org.jenkinsci.Symbol.class))
                .as("no symbol: the Snippet Generator writes a target as a plain map").isNull();
    }

    /**
     * The form edits alarms in a text area: Stapler binds its one value into the list property as a list of one
     * element, which the setter splits at line breaks; the text area shows them back one per line.
     */
    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class})
    void theFormsTextAreaOfAlarmsBindsToTheListOneAlarmPerLine(Class<?> type) throws Exception {
        Object bound = Describables.instantiate(type, Map.of("asg", "web", "instance", "i-0abc1234def567890"));
        Describables.bindFormValue(bound, "alarms", "web-5xx\r\n  web-latency \n\n");
        assertThat(Describables.getter(type, "alarms").invoke(bound)).isEqualTo(List.of("web-5xx", "web-latency"));
        assertThat(type.getMethod("getAlarmsText").invoke(bound)).isEqualTo("web-5xx\nweb-latency");
        Describables.bindFormValue(bound, "alarms", "");
        assertThat(Describables.getter(type, "alarms").invoke(bound)).isNull();
        assertThat(type.getMethod("getAlarmsText").invoke(bound)).isNull();
    }

    @Test
    void aTargetKeepsOnlyWhatDiffersFromTheStepsRegionAndDefaults() throws Exception {
        FleetTarget t = Describables.bind(FleetTarget.class, Map.of("asg", " worker ", "region", "", "kmsKeyId", " "));
        assertThat(Describables.uninstantiate(t)).containsExactly(Map.entry("asg", "worker"));
        assertThat(t).hasToString("worker");
        assertThat(SimulatedController.target("web", "eu-west-1", null)).hasToString("web@eu-west-1");
    }

    @Test
    void settersNormaliseSpellingsToOne() {
        RolloutOptions o = new RolloutOptions();
        o.setStrategy(" lt ");
        o.setOnTimeout("CANCEL");
        o.setOnAbort("Leave");
        o.setCheckpointPercentages("20, 50 ,100");
        o.setTags("team=web\r\nenv=prod\r\n");
        o.setCredentialsId("  aws-prod ");
        o.setOnFailure("rollback_failed");
        o.setAlarms(java.util.Arrays.asList("web-5xx\nweb-latency", null, " api-5xx "));
        assertThat(o.getOnFailure()).isEqualTo("rollbackFailed");
        assertThat(o.getAlarms()).containsExactly("web-5xx", "web-latency", "api-5xx");
        assertThat(o.getStrategy()).isEqualTo("launchTemplate");
        assertThat(o.getOnTimeout()).isEqualTo("cancel");
        assertThat(o.getOnAbort()).isEqualTo("leave");
        assertThat(o.getCheckpointPercentages()).isEqualTo("20,50,100");
        assertThat(o.getTags()).isEqualTo("team=web\nenv=prod");
        assertThat(o.getCredentialsId()).isEqualTo("aws-prod");
    }

    @Test
    void anUnparseableValueIsKeptForTheRolloutToReport() {
        RolloutOptions o = new RolloutOptions();
        o.setStrategy("blue-green");
        o.setOnAbort("panic");
        o.setCheckpointPercentages("20,half");
        o.setOnFailure("rollbackSome");
        assertThat(o.getOnFailure()).isEqualTo("rollbackSome");
        assertThat(o.getStrategy()).isEqualTo("blue-green");
        assertThat(o.getOnAbort()).isEqualTo("panic");
        assertThat(o.getCheckpointPercentages()).isEqualTo("20,half");
    }

    @Test
    void bothDescriptorsAnswerTheSameWebMethodsAllPostAndPermissionAware() {
        Map<String, String> step = webMethods(AmiFactoryStep.DescriptorImpl.class);
        Map<String, String> builder = webMethods(AmiFactoryBuilder.DescriptorImpl.class);
        assertThat(builder).isEqualTo(step);
        assertThat(step.keySet()).contains("doTestConnection", "doFillCredentialsIdItems", "doFillRegionItems",
                "doFillStrategyItems", "doFillOnTimeoutItems", "doFillOnAbortItems", "doCheckAsg", "doCheckInstance",
                "doFillOnFailureItems", "doCheckAlarms");
        assertThat(webMethods(FleetTarget.DescriptorImpl.class)).containsOnlyKeys("doFillRegionItems", "doCheckAsg",
                "doCheckRegion", "doCheckKmsKeyId");
        for (Class<?> d : List.of(AmiFactoryStep.DescriptorImpl.class, AmiFactoryBuilder.DescriptorImpl.class,
                AmiFactoryConfiguration.class, FleetTarget.DescriptorImpl.class)) {
            for (Method m : d.getDeclaredMethods()) {
                if (!m.getName().startsWith("do") || !Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                assertThat(m.isAnnotationPresent(POST.class)).as(m + " is @POST").isTrue();
                assertThat(Arrays.stream(m.getParameters()).allMatch(p -> p.isAnnotationPresent(QueryParameter.class)
                        || p.isAnnotationPresent(AncestorInPath.class))).as(m + " binds every parameter").isTrue();
                String field = m.getName().replaceFirst("^doCheck", "").replaceFirst("^doFill(.*)Items$", "$1");
                if (!field.equals(m.getName())) {
                    String property = Character.toLowerCase(field.charAt(0)) + field.substring(1);
                    Class<?> owner = d.getEnclosingClass() != null ? d.getEnclosingClass() : d;
                    assertThat(Describables.getter(owner, property)).as(m + " belongs to a property").isNotNull();
                }
            }
        }
    }

    private static Map<String, String> webMethods(Class<?> descriptor) {
        return Arrays.stream(descriptor.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("do") && Modifier.isPublic(m.getModifiers()))
                .collect(Collectors.toMap(Method::getName, m -> Arrays.stream(m.getParameters())
                        .map(p -> p.getType().getSimpleName() + " " + p.getName()).collect(Collectors.joining(", "))));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
