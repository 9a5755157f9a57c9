package io.jenkins.plugins.amifactory.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's packages must depend on each other without a cycle, so that each can be read, changed
 * and tested knowing only what lies below it: the server and world on top, the services' rules below,
 * the account context and wire formats at the bottom. Reads the main sources rather than the compiled
 * classes because javac drops references to constants and the scan should see what a reader sees.
 */
class PackageCycleTest {

    private static final String ROOT = "io.jenkins.plugins.amifactory.simulator";
    private static final Path SOURCES = Path.of("src/main/java", ROOT.split("\\."));
    /** A qualified simulator name up to its first capitalised part: an import, a static import or an inline FQN. */
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    @Test
    void simulatorPackagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies(SOURCES);

        assertThat(graph).as("packages found under " + SOURCES.toAbsolutePath()).containsKey(ROOT);
        assertThat(graph.get(ROOT)).as("the scan sees the server's use of the services").contains(ROOT + ".ec2");
        assertThat(cycle(graph)).as("package dependencies: " + graph).isEmpty();
    }

    @Test
    void aCycleIsReported() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));

        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** Each package of the simulator and the other simulator packages its sources name. */
    static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                    throw new AssertionError("no package declaration in " + file);
                }
                Set<String> uses = graph.computeIfAbsent(p.group(1), k -> new TreeSet<>());
                Matcher r = REFERENCE.matcher(text);
                while (r.find()) {
                    String used = ROOT + r.group(1);
                    if (!used.equals(p.group(1))) {
                        uses.add(used);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One cycle as the path of packages that closes it (first package repeated at the end), or empty. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, List<String> path,
                                          Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> loop = new ArrayList<>(path.subList(seen, path.size()));
            loop.add(node);
            return loop;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = cycleFrom(next, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }
}
