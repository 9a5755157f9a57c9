package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/**
 * The secret halves of every AWS credential the plugin's tests use: recognisable, so that a scan can tell that
 * none of them ever reached a console, a log, a result, a saved configuration or a saved rollout.
 */
final class TestSecrets {

    /** The secret access key of every stored, environment and controller credential in the tests. */
    static final String SECRET_KEY = "FAKEsecretKEYamiFactoryTest/0123456789abcdefXYZ";
    /** The session token of every temporary credential in the tests. */
    static final String SESSION_TOKEN = "FAKEsessionTOKENamiFactoryTest/IQoJb3JpZ2luX2VjEXAMPLE";

    private TestSecrets() {
    }

    /** Fails when {@code text} (a log, a result, saved bytes read as text) holds a secret, or a large part of one. */
    static void assertNoneIn(String what, String text) {
        for (String secret : new String[] {SECRET_KEY, SESSION_TOKEN}) {
            // A part as well: a truncated or wrapped secret still leaks.
            assertThat(text).as(what).doesNotContain(secret.substring(0, 20)).doesNotContain(secret.substring(20));
        }
    }

    static void assertNoneIn(String what, byte[] saved) {
        // Java serialization writes strings as modified UTF-8: ASCII secrets appear as they are.
        assertNoneIn(what, new String(saved, StandardCharsets.ISO_8859_1));
    }
}
