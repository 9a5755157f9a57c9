package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled target/ami-factory.hpi, as Jenkins will explode and load it (runs after package, under failsafe):
 * both manifests, the dependencies it declares, the indexes in the plugin jar, and nothing inside that Jenkins or
 * another plugin provides.
 */
class HpiLayoutIT {

    /** The plugins this one needs, at the lowest versions whose API it uses (docs/install.md says why). */
    static final Map<String, String> DEPENDENCIES = new LinkedHashMap<>();

    static {
        DEPENDENCIES.put("aws-credentials", "238.v8fb_588a_2b_e67");
        DEPENDENCIES.put("aws-java-sdk2-autoscaling", "2.42.33-70.vd69c0763fa_60");
        DEPENDENCIES.put("aws-java-sdk2-core", "2.42.33-70.vd69c0763fa_60");
        DEPENDENCIES.put("aws-java-sdk2-ec2", "2.42.33-70.vd69c0763fa_60");
        DEPENDENCIES.put("credentials", "1305.v04f5ec1f3743");
        DEPENDENCIES.put("structs", "308.v852b473a2b8c");
        DEPENDENCIES.put("workflow-api", "2.25");
        DEPENDENCIES.put("workflow-step-api", "2.7");
    }

    /** Packages that Jenkins, its plugins or the AWS SDK plugins provide: a copy inside would shadow or clash. */
    static final List<String> FORBIDDEN = List.of("hudson/", "jenkins/", "org/jenkinsci/", "com/cloudbees/",
            "software/amazon/", "com/amazonaws/", "org/kohsuke/", "net/java/sezpoz/", "com/google/",
            "org/springframework/", "javax/", "jakarta/");

    /** The version the build computed, which both manifests and both jars must carry. */
    private static final String BUILT_VERSION = System.getProperty("ami-factory.version");

    private static Path hpi;
    @TempDir
    static Path unpacked;

    @BeforeAll
    static void find() {
        hpi = Paths.get(System.getProperty("hpi.file", "target/ami-factory.hpi"));
        assertThat(hpi).exists();
    }

    @Test
    void theHpiHoldsTheManifestThePluginJarAndTheEngineJarOnly() throws IOException {
        try (ZipFile zip = new ZipFile(hpi.toFile())) {
            List<String> files = Collections.list(zip.entries()).stream().filter(e -> !e.isDirectory())
                    .map(ZipEntry::getName).sorted().toList();
            assertThat(files).containsExactly("META-INF/MANIFEST.MF", "WEB-INF/lib/ami-factory-engine.jar",
                    "WEB-INF/lib/ami-factory.jar");
        }
    }

    @Test
    void bothManifestsDescribeThePlugin() throws IOException {
        Manifest outer;
        try (JarFile jar = new JarFile(hpi.toFile())) {
            outer = jar.getManifest();
        }
        Manifest inner = new JarInputStream(Files.newInputStream(extract("WEB-INF/lib/ami-factory.jar"))).getManifest();
        for (Manifest m : List.of(outer, inner)) {
            Attributes a = m.getMainAttributes();
            assertThat(a.getValue("Short-Name")).isEqualTo("ami-factory");
            assertThat(a.getValue("Long-Name")).isEqualTo("AMI Factory");
            assertThat(a.getValue("Plugin-Version")).isEqualTo(BUILT_VERSION);
            assertThat(a.getValue("Implementation-Version")).isEqualTo(BUILT_VERSION);
            assertThat(a.getValue("Jenkins-Version")).isEqualTo("2.555.3");
            assertThat(a.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
            assertThat(a.getValue("Artifact-Id")).isEqualTo("ami-factory");
            assertThat(a.getValue("Url")).isEqualTo("https://github.com/jenkinsci/ami-factory-plugin");
            assertThat(a.getValue("Plugin-License-Name")).isEqualTo("MIT License");
            assertThat(a.getValue("Plugin-License-Url")).isEqualTo("https://opensource.org/licenses/MIT");
            assertThat(dependencies(a.getValue("Plugin-Dependencies"))).containsExactlyEntriesOf(DEPENDENCIES);
        }
    }

    @Test
    void bothJarsCarryTheVersionAndTheLicense() throws IOException {
        for (String name : List.of("WEB-INF/lib/ami-factory.jar", "WEB-INF/lib/ami-factory-engine.jar")) {
            try (JarFile j = new JarFile(extract(name).toFile())) {
                assertThat(j.getManifest().getMainAttributes().getValue("Implementation-Version")).as(name)
                        .isEqualTo(BUILT_VERSION);
                assertThat(lines(j, "META-INF/LICENSE")).as(name).startsWith("The MIT License");
            }
        }
    }

    @Test
    void thePluginJarCarriesTheViewsAndBothIndexes() throws IOException {
        Path jar = extract("WEB-INF/lib/ami-factory.jar");
        assertThat(IndexesTest.extensions(jar.toUri().toURL())).containsExactlyElementsOf(IndexesTest.EXTENSIONS);
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(lines(j, "META-INF/services/annotations/org.jenkinsci.Symbol")).containsExactly(
                    "io.jenkins.plugins.amifactory.AmiFactoryBuilder$DescriptorImpl",
                    "io.jenkins.plugins.amifactory.AmiFactoryConfiguration");
            for (String resource : List.of("index.jelly", "io/jenkins/plugins/amifactory/Messages.properties",
                    "io/jenkins/plugins/amifactory/AmiFactoryStep/config.jelly",
                    "io/jenkins/plugins/amifactory/AmiFactoryStep/help.html",
                    "io/jenkins/plugins/amifactory/AmiFactoryStep/help-asg.html",
                    "io/jenkins/plugins/amifactory/AmiFactoryBuilder/config.jelly",
                    "io/jenkins/plugins/amifactory/AmiFactoryBuilder/help-onAbort.html",
                    "io/jenkins/plugins/amifactory/AmiFactoryBuilder/help-targets.html",
                    "io/jenkins/plugins/amifactory/FleetTarget/config.jelly",
                    "io/jenkins/plugins/amifactory/FleetTarget/help-kmsKeyId.html",
                    "io/jenkins/plugins/amifactory/AmiFactoryConfiguration/config.jelly",
                    "io/jenkins/plugins/amifactory/AmiFactoryConfiguration/help-allowControllerCredentials.html",
                    "io/jenkins/plugins/amifactory/AmiFactoryAction/index.jelly",
                    "io/jenkins/plugins/amifactory/AmiFactoryAction/summary.jelly",
                    "io/jenkins/plugins/amifactory/AmiFactoryJobAction/jobMain.jelly")) {
                assertThat(j.getEntry(resource)).as(resource).isNotNull();
            }
        }
    }

    @Test
    void noJarBundlesJenkinsThePluginsOrTheAwsSdk() throws IOException {
        for (String name : List.of("WEB-INF/lib/ami-factory.jar", "WEB-INF/lib/ami-factory-engine.jar")) {
            List<String> classes = new ArrayList<>();
            try (JarFile j = new JarFile(extract(name).toFile())) {
                Collections.list(j.entries()).stream().map(ZipEntry::getName).filter(e -> e.endsWith(".class"))
                        .forEach(classes::add);
                for (String c : classes) {
                    assertThat(FORBIDDEN).as(name + " " + c).noneMatch(c::startsWith);
                    assertThat(c).as(name).startsWith(name.endsWith("engine.jar")
                            ? "io/jenkins/plugins/amifactory/engine/" : "io/jenkins/plugins/amifactory/");
                    try (InputStream in = j.getInputStream(j.getEntry(c))) {
                        byte[] header = in.readNBytes(8);
                        assertThat(header[7]).as(c + " class file version (61 = Java 17)").isEqualTo((byte) 61);
                    }
                }
            }
            assertThat(classes).as(name).isNotEmpty();
            if (name.endsWith("ami-factory.jar")) {
                assertThat(classes).noneMatch(c -> c.startsWith("io/jenkins/plugins/amifactory/engine/"));
            }
        }
    }

    private static Map<String, String> dependencies(String attribute) {
        Map<String, String> deps = new LinkedHashMap<>();
        for (String d : attribute.split(",")) {
            String[] parts = d.trim().split(":", 2);
            assertThat(parts).as(d).hasSize(2);
            assertThat(parts[1]).as(d + " is mandatory").doesNotContain("resolution");
            deps.put(parts[0], parts[1]);
        }
        return deps;
    }

    private static List<String> lines(JarFile jar, String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
        }
    }

    private static Path extract(String entry) throws IOException {
        Path out = unpacked.resolve(entry.replace('/', '_'));
        if (!Files.exists(out)) {
            try (ZipFile zip = new ZipFile(hpi.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                Files.copy(in, out);
            }
        }
        return out;
    }
}
