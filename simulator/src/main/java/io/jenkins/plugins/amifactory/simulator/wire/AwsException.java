package io.jenkins.plugins.amifactory.simulator.wire;

/**
 * An error the simulator answers with, in AWS's own terms: the error code a client branches on
 * ({@code InvalidAMIID.NotFound}, {@code ValidationError}, {@code Throttling}, …), its message and the
 * HTTP status. The protocol layer renders it in the service's error body.
 */
public class AwsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    public AwsException(String code, String message) {
        this(code, message, 400);
    }

    public AwsException(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Whether the caller is at fault ("Sender") or the service ("Receiver"), as Query error bodies say. */
    public boolean isSenderFault() {
        return status < 500;
    }
}
