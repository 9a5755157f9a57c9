package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/** The two indexes Jenkins reads from the plugin jar to find its extensions and their symbols. */
class IndexesTest {

    private static final Path CLASSES = Paths.get("target", "classes");

    static final List<String> EXTENSIONS = List.of(
            "io.jenkins.plugins.amifactory.AmiFactoryBuilder$DescriptorImpl",
            "io.jenkins.plugins.amifactory.AmiFactoryConfiguration",
            "io.jenkins.plugins.amifactory.AmiFactoryJobAction$Factory",
            "io.jenkins.plugins.amifactory.AmiFactoryStep$DescriptorImpl",
            "io.jenkins.plugins.amifactory.FleetTarget$DescriptorImpl");

    @Test
    void theExtensionIndexListsTheStepTheBuildStepTheConfigurationTheJobPagesTableAndTheFleetTarget() throws IOException {
        assertThat(extensions(CLASSES.toUri().toURL())).containsExactlyElementsOf(EXTENSIONS);
    }

    @Test
    void theSymbolIndexListsExactlyTheClassesCarryingSymbol() throws Exception {
        List<String> listed = Files.readAllLines(CLASSES.resolve("META-INF/services/annotations/org.jenkinsci.Symbol"))
                .stream().map(String::trim).filter(l -> !l.isEmpty()).sorted().toList();
        assertThat(listed).containsExactlyElementsOf(new TreeSet<>(symbolClasses(CLASSES)));
        assertThat(AmiFactoryBuilder.DescriptorImpl.class.getAnnotation(Symbol.class).value())
                .as("distinct from the step's function name").containsExactly("amiFactoryBuild");
        assertThat(AmiFactoryConfiguration.class.getAnnotation(Symbol.class).value()).containsExactly("amiFactory");
        assertThat(new AmiFactoryStep.DescriptorImpl().getFunctionName()).isEqualTo("amiFactory");
    }

    /**
     * Reads the sezpoz index of one jar or folder the way Jenkins' ExtensionFinder does (the loader sees nothing
     * else, so only that index is read).
     */
    static List<String> extensions(URL classes) {
        List<String> names = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                names.add(item.className());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names.stream().sorted().toList();
    }

    static List<String> symbolClasses(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/').replace('/', '.').replaceAll("\\.class$", "");
                try {
                    if (Class.forName(name, false, IndexesTest.class.getClassLoader()).isAnnotationPresent(Symbol.class)) {
                        names.add(name);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }
        return names;
    }
}
