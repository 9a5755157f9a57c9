package io.jenkins.plugins.amifactory.jenkinsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public/protected member a mirror declares must be written, with its real signature, in
 * {@code mirrored-signatures.txt}; and every line there must exist in the mirror.
 */
class MirroredSignaturesTest {
    private static final Path CLASSES = Paths.get("target", "classes");
    private static final Path SOURCES = Paths.get("src", "main", "java");

    private static Map<String, Set<String>> expected() throws IOException {
        try (var in = MirroredSignaturesTest.class.getResourceAsStream("/mirrored-signatures.txt")) {
            assertThat(in).as("mirrored-signatures.txt on the test classpath").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Signatures.parse(text.lines().collect(Collectors.toList()));
        }
    }

    @Test
    void theFileListsExactlyTheMirroredClasses() throws IOException {
        Set<String> mirrored = Signatures.mirroredClasses(CLASSES).stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(mirrored).isNotEmpty();
        assertThat(new TreeSet<>(expected().keySet())).isEqualTo(mirrored);
    }

    @TestFactory
    List<DynamicTest> eachMirroredClassDeclaresExactlyTheListedMembers() throws IOException {
        Map<String, Set<String>> expected = expected();
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> c : Signatures.mirroredClasses(CLASSES)) {
            tests.add(DynamicTest.dynamicTest(c.getName(), () -> {
                Set<String> actual = Signatures.describe(c);
                Set<String> listed = expected.getOrDefault(c.getName(), Set.of());
                Set<String> notListed = new TreeSet<>(actual);
                notListed.removeAll(listed);
                Set<String> missing = new TreeSet<>(listed);
                missing.removeAll(actual);
                assertThat(notListed).as("declared by the mirror but not in mirrored-signatures.txt").isEmpty();
                assertThat(missing).as("in mirrored-signatures.txt but not declared by the mirror").isEmpty();
            }));
        }
        return tests;
    }

    @Test
    void everyMirrorSourceNamesWhatItMirrors() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertThat(sources).isNotEmpty();
        Map<String, String> firstLines = new TreeMap<>();
        for (Path p : sources) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            firstLines.put(SOURCES.relativize(p).toString(), lines.isEmpty() ? "" : lines.get(0));
        }
        assertThat(firstLines).allSatisfy((file, first) -> assertThat(first).as(file)
                .matches("// Mirrors jenkinsci/[A-Za-z0-9._-]+ \\S+\\.java at tag \\S+ .*\\(compile-only; never packaged\\)\\."));
    }
}
