// Mirrors jenkinsci/jenkins core/src/main/java/hudson/util/FormValidation.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: Kind, kind, ok()/ok(String)/ok(String, Object...), error and warning in the (String), (String, Object...)
// and (Throwable, String) shapes, renderHtml. Unlike the real class, the mirror does not HTML-escape messages.
// Omitted: the *WithMarkup factories, aggregate, respond, validate*, FileValidator, URLCheck, CheckMethod.
package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

/** Result of a form field check: OK, WARNING or ERROR with a message. */
public abstract class FormValidation extends IOException implements HttpResponse {
    /** Severity of a FormValidation. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public abstract String renderHtml();

    private static FormValidation of(Kind kind, String message, Throwable cause) {
        FormValidation v = new FormValidation(kind, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                return getMessage() == null ? "<div/>" : "<div>" + getMessage() + "</div>";
            }

            // Mirror-only: abstract in stapler 1.263's HttpResponse, an inherited default method in the real Stapler.
            @Override
            public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node) throws IOException {
                throw new UnsupportedOperationException("compile-only mirror");
            }
        };
        if (cause != null) {
            v.initCause(cause);
        }
        return v;
    }

    public static FormValidation ok() {
        return of(Kind.OK, null, null);
    }

    public static FormValidation ok(String message) {
        return of(Kind.OK, message, null);
    }

    public static FormValidation ok(String format, Object... args) {
        return ok(String.format(format, args));
    }

    public static FormValidation error(String message) {
        return of(Kind.ERROR, message, null);
    }

    public static FormValidation error(String format, Object... args) {
        return error(String.format(format, args));
    }

    public static FormValidation error(Throwable e, String message) {
        return of(Kind.ERROR, message, e);
    }

    public static FormValidation warning(String message) {
        return of(Kind.WARNING, message, null);
    }

    public static FormValidation warning(String format, Object... args) {
        return warning(String.format(format, args));
    }

    public static FormValidation warning(Throwable e, String message) {
        return of(Kind.WARNING, message, e);
    }

    private static final long serialVersionUID = 1L;
}
