// Mirrors jenkinsci/jenkins core/src/main/java/hudson/util/Secret.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Only the plain-text accessors are mirrored. The real fromString first tries to decrypt its argument with the
// controller's key; the mirror has no key and keeps the text as it is. The real constructors are package-private.
package hudson.util;

import java.io.Serializable;

/** A secret that is persisted encrypted; in memory, its plain text. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.value;
    }
}
