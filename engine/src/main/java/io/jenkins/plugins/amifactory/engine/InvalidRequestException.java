package io.jenkins.plugins.amifactory.engine;

/**
 * Bad input, found before anything in AWS changed. The message names the field, what is wrong with it and
 * how to fix it, so that a build log or a terminal shows the user what to change.
 */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String fix;

    public InvalidRequestException(String field, String problem, String fix) {
        super(field + ": " + problem + " (" + fix + ")");
        this.field = field;
        this.fix = fix;
    }

    /** The request field at fault, as the step and the command line name it. */
    public String field() {
        return field;
    }

    public String fix() {
        return fix;
    }
}
