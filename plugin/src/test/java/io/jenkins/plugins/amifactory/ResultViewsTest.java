package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The result views as Stapler finds them: every property they read exists on the object they read it from (a
 * typo would render as nothing), every message key has its text, and the page draws with the plugin's own SVG and
 * the design library's classes, with no script.
 */
class ResultViewsTest {

    private static final Path PACKAGE = Paths.get("target", "classes", "io", "jenkins", "plugins", "amifactory");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{[^}]*?\\b([a-z]\\w*)((?:\\.[a-zA-Z]\\w*)+)");
    private static final Pattern MESSAGE = Pattern.compile("\\$\\{%([a-z]\\w*)}");

    /** What each variable of the views holds. */
    private static final Map<String, Class<?>> ACTION_VIEW = Map.of("it", AmiFactoryAction.class,
            "r", RolloutRecord.class, "timeline", PhaseTimeline.class, "b", PhaseTimeline.Bar.class,
            "e", RolloutRecord.LedgerRow.class, "c", Map.Entry.class, "link", AwsConsoleLinks.Link.class);
    private static final Map<String, Class<?>> JOB_VIEW = Map.of("it", AmiFactoryJobAction.class,
            "g", AmiFactoryJobAction.GroupState.class, "r", RolloutRecord.class);

    @Test
    void everyPropertyTheViewsReadExists() throws IOException {
        List<String> missing = new ArrayList<>();
        missing.addAll(unresolved("AmiFactoryAction/index.jelly", ACTION_VIEW));
        missing.addAll(unresolved("AmiFactoryAction/summary.jelly", ACTION_VIEW));
        missing.addAll(unresolved("AmiFactoryJobAction/jobMain.jelly", JOB_VIEW));
        assertThat(missing).isEmpty();
    }

    @Test
    void everyMessageKeyHasItsText() throws IOException {
        for (String view : List.of("AmiFactoryAction/index", "AmiFactoryJobAction/jobMain")) {
            String jelly = Files.readString(PACKAGE.resolve(view + ".jelly"));
            Properties texts = new Properties();
            try (InputStream in = Files.newInputStream(PACKAGE.resolve(view + ".properties"))) {
                texts.load(in);
            }
            Matcher m = MESSAGE.matcher(jelly);
            while (m.find()) {
                assertThat(texts).as(view + " needs a text for " + m.group(1)).containsKey(m.group(1));
            }
        }
    }

    @Test
    void thePageDrawsItsTimelineItselfWithTheDesignLibrarysClasses() throws IOException {
        String page = Files.readString(PACKAGE.resolve("AmiFactoryAction/index.jelly"));
        assertThat(page).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "<rect ", "jenkins-table",
                "sidepanel.jelly", "<l:main-panel>").doesNotContain("<script", "src=\"http");
        assertThat(Files.readString(PACKAGE.resolve("AmiFactoryAction/summary.jelly"))).contains("<t:summary");
        assertThat(Files.readString(PACKAGE.resolve("AmiFactoryJobAction/jobMain.jelly"))).contains("jenkins-table");
    }

    private static List<String> unresolved(String view, Map<String, Class<?>> variables) throws IOException {
        String jelly = Files.readString(PACKAGE.resolve(view));
        List<String> missing = new ArrayList<>();
        Matcher m = PROPERTY.matcher(jelly);
        while (m.find()) {
            Class<?> type = variables.get(m.group(1));
            if (type == null) {
                continue; // Jenkins' own (rootURL, h, app) and the layout's
            }
            for (String property : m.group(2).substring(1).split("\\.")) {
                Method getter = getter(type, property);
                if (getter == null) {
                    missing.add(view + ": " + m.group() + "}: no " + property + " on " + type.getSimpleName());
                    break;
                }
                type = getter.getReturnType();
                if (type == Run.class || type.getName().startsWith("hudson.")) {
                    break; // Jenkins' own objects: their properties are Jenkins' business
                }
            }
        }
        return missing;
    }

    private static Method getter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() == 0 && (method.getName().equals("get" + suffix)
                    || method.getName().equals("is" + suffix))) {
                return method;
            }
        }
        return null;
    }
}
