// Mirrors jenkinsci/jenkins core/src/main/java/hudson/AbortException.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson;

import java.io.IOException;

/** Signals a build failure whose message is reported without a stack trace. */
public class AbortException extends IOException {
    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }

    private static final long serialVersionUID = 1L;
}
