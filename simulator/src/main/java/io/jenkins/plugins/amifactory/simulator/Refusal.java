package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.Headers;

/**
 * A request the simulator will not serve, decided before it reads the world or changes anything: the HTTP
 * status, a code in AWS's manner for the EC2 and Auto Scaling paths, and a message that says what to send
 * instead. The admin endpoint answers it as JSON, the AWS paths in the service's error shape.
 */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String allow;

    Refusal(int status, String code, String message) {
        this(status, code, message, null);
    }

    private Refusal(int status, String code, String message, String allow) {
        // A refusal is an answer, not a failure: no stack trace to fill.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
    }

    /** A 405 naming the one method the path takes. */
    static Refusal methodNotAllowed(String allow, String message) {
        return new Refusal(405, "MethodNotAllowed", message, allow);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The headers that tell a client what to do next: the method to use, or when to try again. */
    void addHeaders(Headers headers) {
        if (allow != null) {
            headers.set("Allow", allow);
        }
        if (status == 503) {
            headers.set("Retry-After", "1");
        }
    }
}
