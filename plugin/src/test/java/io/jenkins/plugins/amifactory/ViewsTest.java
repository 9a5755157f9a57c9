package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.ProcessingInstruction;

/**
 * The Jelly views and help files as Stapler will find them in the plugin jar (target/classes): well-formed,
 * escaping by default, every {@code field} backed by a getter, every field with a help file that states its default.
 */
class ViewsTest {

    private static final Path CLASSES = Paths.get("target", "classes");
    private static final Path PACKAGE = CLASSES.resolve("io/jenkins/plugins/amifactory");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s|$)");

    @Test
    void everyJellyFileIsWellFormedAndEscapesByDefault() throws Exception {
        List<Path> jelly;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            jelly = files.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
        assertThat(jelly).extracting(p -> CLASSES.relativize(p).toString().replace('\\', '/')).contains(
                "index.jelly",
                "io/jenkins/plugins/amifactory/AmiFactoryStep/config.jelly",
                "io/jenkins/plugins/amifactory/AmiFactoryBuilder/config.jelly",
                "io/jenkins/plugins/amifactory/AmiFactoryConfiguration/config.jelly",
                "io/jenkins/plugins/amifactory/FleetTarget/config.jelly");
        for (Path p : jelly) {
            Document doc = parse(p);
            Node first = doc.getFirstChild();
            assertThat(first).as(p + " starts with the jelly processing instruction").isInstanceOf(ProcessingInstruction.class);
            ProcessingInstruction pi = (ProcessingInstruction) first;
            assertThat(pi.getTarget() + " " + pi.getData()).as(p.toString()).isEqualTo("jelly escape-by-default='true'");
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {AmiFactoryStep.class, AmiFactoryBuilder.class, AmiFactoryConfiguration.class,
            FleetTarget.class})
    void everyFieldHasAGetterAndAHelpFile(Class<?> type) throws Exception {
        Path dir = PACKAGE.resolve(type.getSimpleName());
        Set<String> fields = fields(parse(dir.resolve("config.jelly")));
        assertThat(fields).isNotEmpty();
        for (String field : fields) {
            assertThat(Describables.getter(type, field)).as(type.getSimpleName() + " getter for field " + field).isNotNull();
            assertThat(dir.resolve("help-" + field + ".html")).as("help for " + field).exists();
        }
        // And the other way round: every bound property is on the form.
        assertThat(fields).containsAll(Describables.properties(type).keySet());
    }

    @Test
    void theStepAndTheBuildStepShowTheSameForm() throws IOException {
        assertThat(Files.readString(PACKAGE.resolve("AmiFactoryBuilder/config.jelly")))
                .isEqualTo(Files.readString(PACKAGE.resolve("AmiFactoryStep/config.jelly")));
        assertThat(PACKAGE.resolve("AmiFactoryStep/help.html")).exists();
        assertThat(PACKAGE.resolve("AmiFactoryBuilder/help.html")).exists();
    }

    @Test
    void helpFilesAreOneToThreeSentencesAndStateTheDefault() throws IOException {
        List<Path> helps;
        try (Stream<Path> files = Files.walk(PACKAGE)) {
            helps = files.filter(p -> p.getFileName().toString().startsWith("help-")).toList();
        }
        assertThat(helps).hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        for (Path p : helps) {
            String html = Files.readString(p, StandardCharsets.UTF_8).trim();
            String text = html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
            long sentences = SENTENCE_END.matcher(text.replace("e.g.", "eg")).results().count();
            if (!html.startsWith("<div>") || !html.endsWith("</div>")) {
                problems.add(p + ": not a single <div>");
            }
            if (sentences < 1 || sentences > 3) {
                problems.add(p + ": " + sentences + " sentences");
            }
            if (!text.contains("Default") && !text.contains("Required") && !text.contains("off by default")) {
                problems.add(p + ": does not state its default");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void helpSaysWhichCredentialsBuildsCanSee() throws IOException {
        assertThat(Files.readString(PACKAGE.resolve("AmiFactoryStep/help-credentialsId.html"))).contains("global");
        assertThat(Files.readString(PACKAGE.resolve("AmiFactoryConfiguration/help-defaultCredentialsId.html"))).contains("global");
    }

    private static Set<String> fields(Document doc) {
        Set<String> fields = new LinkedHashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("field")) {
                fields.add(e.getAttribute("field"));
            }
            if ("validateButton".equals(e.getLocalName())) {
                fields.addAll(Arrays.asList(e.getAttribute("with").split(",")));
            }
        }
        return fields;
    }

    private static Document parse(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(p.toFile());
    }
}
