package io.jenkins.plugins.amifactory.cli.credentials;

/**
 * Credentials that cannot be had as configured: a profile that is not there, a setting that is wrong, a login
 * that expired. The message says which profile or variable, what is wrong and what to do, in one line; the
 * command reports it as bad input of {@code --profile}.
 */
public final class CredentialsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
