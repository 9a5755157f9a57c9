package io.jenkins.plugins.amifactory.cli.credentials;

import java.io.Console;
import java.util.Optional;

/**
 * Asks the person at the terminal for something only they have: the code of an MFA device. Without a
 * terminal there is nobody to ask, and the answer is empty.
 */
@FunctionalInterface
public interface Prompt {

    /** Nobody to ask: a pipe, a CI job, a test. */
    Prompt NONE = question -> Optional.empty();

    /** The answer to {@code question}, trimmed, or empty when there is no terminal (or it was closed). */
    Optional<String> ask(String question);

    /** The process's terminal, when it has one. */
    static Prompt console() {
        return question -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            String line = console.readLine("%s", question);
            return line == null ? Optional.empty() : Optional.of(line.trim());
        };
    }
}
