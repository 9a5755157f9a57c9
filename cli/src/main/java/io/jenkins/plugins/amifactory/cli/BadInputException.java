package io.jenkins.plugins.amifactory.cli;

/**
 * Bad input found by a command after parsing (a request the engine refuses, missing credentials). The
 * message names the option and the fix; the command line prints it with the usage and exits 2.
 */
final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
