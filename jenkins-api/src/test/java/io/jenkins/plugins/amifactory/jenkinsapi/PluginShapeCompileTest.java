package io.jenkins.plugins.amifactory.jenkinsapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles sources shaped like the plugin (src/test/resources/plugin-shape) against the mirrors, on the classpath the
 * plugin will see (this module's compile-scope jars: no servlet API, no test jars), with sezpoz as the only annotation
 * processor, then checks the binary references javac wrote and runs the parts that need no Jenkins.
 */
class PluginShapeCompileTest {
    private static final Path SOURCES = Paths.get("src", "test", "resources", "plugin-shape");
    private static final Path OUT = Paths.get("target", "plugin-shape-classes");
    private static final String PKG = "io/jenkins/plugins/amifactory/shape/";

    private static List<String> diagnostics;
    private static boolean compiled;

    @BeforeAll
    static void compile() throws IOException {
        if (Files.exists(OUT)) {
            try (Stream<Path> files = Files.walk(OUT)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(OUT);
        List<File> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).collect(Collectors.toList());
        }
        List<String> classpath = pluginClasspath();
        String sezpoz = classpath.stream().filter(e -> e.contains("sezpoz")).findFirst().orElseThrow();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(List.of("--release", "17", "-parameters", "-Xlint:all,-processing",
                "-classpath", String.join(File.pathSeparator, classpath), "-processorpath", sezpoz,
                // In this JVM the processor loader's parent also sees stapler's processors (which crash without
                // commons-io), so name the one processor the plugin build runs.
                "-processor", "net.java.sezpoz.impl.Indexer", "-d", OUT.toString()));
        if (Runtime.version().feature() >= 21) {
            options.add("-proc:full");
        }
        try (StandardJavaFileManager fm = javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            compiled = javac.getTask(null, fm, collector, options, null, fm.getJavaFileObjectsFromFiles(sources)).call();
        }
        diagnostics = collector.getDiagnostics().stream()
                .map(d -> d.getKind() + " " + (d.getSource() == null ? "-" : d.getSource().getName()) + ":"
                        + d.getLineNumber() + " "
                        + d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
        assertThat(collector.getDiagnostics()).filteredOn(d -> d.getKind() == Diagnostic.Kind.ERROR).isEmpty();
    }

    /** This module's compile classpath: what the plugin gets when it depends on jenkins-api with scope provided. */
    private static List<String> pluginClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> excluded = List.of("test-classes", "javax.servlet-api", "junit", "opentest4j", "apiguardian",
                "assertj", "byte-buddy", "surefire");
        List<String> result = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> excluded.stream().noneMatch(e::contains)).collect(Collectors.toList());
        assertThat(result).anyMatch(e -> e.endsWith(Paths.get("target", "classes").toString()));
        assertThat(result).anyMatch(e -> e.contains("stapler-1.263"));
        return result;
    }

    @Test
    void compilesWithoutErrorsOrDeprecationWarnings() {
        assertThat(compiled).as(String.join("\n", diagnostics)).isTrue();
        assertThat(diagnostics).noneMatch(d -> d.contains("deprecat"));
    }

    @Test
    void sezpozIndexesTheExtensions() throws IOException {
        Path index = OUT.resolve("META-INF/annotations/hudson.Extension");
        assertThat(index).exists();
        String text = new String(Files.readAllBytes(index), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("io.jenkins.plugins.amifactory.shape.ShapeStep$DescriptorImpl",
                "io.jenkins.plugins.amifactory.shape.ShapeBuilder$DescriptorImpl",
                "io.jenkins.plugins.amifactory.shape.ShapeConfiguration");
    }

    private static String classText(String simpleName) throws IOException {
        return new String(Files.readAllBytes(OUT.resolve(PKG + simpleName + ".class")), StandardCharsets.ISO_8859_1);
    }

    @Test
    void callSitesUseTheRealBinaryDescriptors() throws IOException {
        String exec = classText("ShapeExecution");
        assertThat(exec).contains("findCredentialById",
                "(Ljava/lang/String;Ljava/lang/Class;Lhudson/model/Run;Ljava/util/List;)"
                        + "Lcom/cloudbees/plugins/credentials/common/IdCredentials;",
                "(Lhudson/model/Run;Lcom/cloudbees/plugins/credentials/Credentials;)"
                        + "Lcom/cloudbees/plugins/credentials/Credentials;",
                "(Ljava/lang/Class;)Ljava/lang/Object;", "()Ljava/util/concurrent/ScheduledExecutorService;",
                "()Lcom/google/common/util/concurrent/ListenableFuture;", "onFailure");

        String stepDescriptor = classText("ShapeStep$DescriptorImpl");
        assertThat(stepDescriptor).contains("SYSTEM2", "Lorg/springframework/security/core/Authentication;",
                "ADMINISTER", "EXTENDED_READ", "USE_ITEM",
                "()Lcom/cloudbees/plugins/credentials/common/AbstractIdCredentialsListBoxModel;",
                "(Ljava/lang/String;)Lcom/cloudbees/plugins/credentials/common/AbstractIdCredentialsListBoxModel;");

        String builderDescriptor = classText("ShapeBuilder$DescriptorImpl");
        assertThat(builderDescriptor).contains("ADMINISTER", "CONFIGURE", "checkPermission",
                "(Lhudson/security/Permission;)V");
        assertThat(classText("ShapeBuilder")).contains(
                "(Lhudson/model/Run;Lhudson/EnvVars;Lhudson/model/TaskListener;)V");
    }

    // ---- run what needs no Jenkins, with test doubles subclassing the mirrors

    static final class FakeJob extends Job<FakeJob, FakeRun> {
        FakeJob() {
            super(null, "job");
        }

        @Override
        public ACL getACL() {
            throw new UnsupportedOperationException();
        }
    }

    static final class FakeRun extends Run<FakeJob, FakeRun> {
        FakeRun(FakeJob job) throws IOException {
            super(job);
        }
    }

    static final class FakeContext extends StepContext {
        private static final long serialVersionUID = 1L;
        final Map<Class<?>, Object> objects;
        Throwable failure;

        FakeContext(Map<Class<?>, Object> objects) {
            this.objects = objects;
        }

        @Override
        public <T> T get(Class<T> key) {
            return key.cast(objects.get(key));
        }

        @Override
        public void onSuccess(Object result) {
        }

        @Override
        public void onFailure(Throwable t) {
            failure = t;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public ListenableFuture<Void> saveState() {
            return Futures.immediateFuture(null);
        }

        @Override
        public void setResult(Result r) {
        }

        @Override
        public BodyInvoker newBodyInvoker() {
            throw new IllegalStateException("no body");
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private static URLClassLoader loader() throws IOException {
        return new URLClassLoader(new URL[] {OUT.toUri().toURL()}, PluginShapeCompileTest.class.getClassLoader());
    }

    @Test
    void runsWithoutJenkins() throws Exception {
        try (URLClassLoader cl = loader()) {
            GlobalConfiguration config = (GlobalConfiguration) cl
                    .loadClass("io.jenkins.plugins.amifactory.shape.ShapeConfiguration").getConstructor().newInstance();
            assertThat(config.getDescriptor()).isSameAs(config);

            Object builderDescriptor = cl.loadClass("io.jenkins.plugins.amifactory.shape.ShapeBuilder$DescriptorImpl")
                    .getConstructor().newInstance();
            ListBoxModel regions = (ListBoxModel) builderDescriptor.getClass().getMethod("doFillRegionItems")
                    .invoke(builderDescriptor);
            assertThat(regions).hasSize(2);

            Class<?> builderClass = cl.loadClass("io.jenkins.plugins.amifactory.shape.ShapeBuilder");
            Object builder = builderClass.getConstructor(String.class).newInstance("web");
            FakeRun run = new FakeRun(new FakeJob());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            TaskListener listener = () -> new PrintStream(log, true, StandardCharsets.UTF_8);
            builderClass.getMethod("perform", Run.class, EnvVars.class, TaskListener.class)
                    .invoke(builder, run, new EnvVars(), listener);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("rolling out web");
            Object action = run.getActions(hudson.model.Action.class).get(0);
            assertThat(action.getClass().getMethod("getRun").invoke(action)).isSameAs(run);
            EnvVars env = new EnvVars();
            action.getClass().getMethod("buildEnvironment", Run.class, EnvVars.class).invoke(action, run, env);
            assertThat(env).containsEntry("AMI_FACTORY_IMAGE_ID", "ami-0123456789abcdef0");

            Object step = cl.loadClass("io.jenkins.plugins.amifactory.shape.ShapeStep").getConstructor(String.class)
                    .newInstance("web");
            FakeContext context = new FakeContext(Map.of(Run.class, run, TaskListener.class, listener,
                    EnvVars.class, new EnvVars("AWS_REGION", "eu-west-1")));
            StepExecution execution = (StepExecution) step.getClass().getMethod("start", StepContext.class)
                    .invoke(step, context);
            assertThat(execution.start()).isFalse();
            assertThat(execution.getStatus()).isEqualTo("start");
            IllegalStateException cause = new IllegalStateException("stopped");
            execution.stop(cause);
            assertThat(context.failure).isSameAs(cause);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("region eu-west-1 asg web");
        }
    }
}
