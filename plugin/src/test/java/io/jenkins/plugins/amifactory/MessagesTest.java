package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.ResourceBundle;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyKeyHasAnAccessorAndEveryAccessorAKey() throws Exception {
        ResourceBundle bundle = ResourceBundle.getBundle("io.jenkins.plugins.amifactory.Messages");
        TreeSet<String> keys = new TreeSet<>(Collections.list(bundle.getKeys()));
        TreeSet<String> accessors = new TreeSet<>();
        for (Method m : Messages.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && !m.getName().equals("format") && !m.isSynthetic()) {
                accessors.add(m.getName().replace('_', '.'));
                Object[] args = new Object[m.getParameterCount()];
                Arrays.fill(args, "X");
                String text = (String) m.invoke(null, args);
                assertThat(text).as(m.getName()).isNotBlank().doesNotContain("{0}").doesNotContain("''");
            }
        }
        assertThat(accessors).isEqualTo(keys);
    }

    @Test
    void quotesAndArgumentsComeOutRight() {
        assertThat(Messages.Credentials_UsingController()).contains("controller's own");
        assertThat(Messages.Credentials_NotFound("aws-prod")).startsWith("credentialsId: ").contains("'aws-prod'")
                .contains("global scope");
        assertThat(Messages.Record_Summary("web", "SUCCEEDED", "3 min", "web-lc-1 \u2192 web-2.")).isEqualTo(
                "group 'web' SUCCEEDED in 3 min. web-lc-1 \u2192 web-2.");
    }
}
