// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Result.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: Serializable, CustomExportedBean (the latter not mirrored). Mirrored: the five constants,
// isWorseThan, isBetterOrEqualTo, toString.
package hudson.model;

import java.io.Serializable;

/** The result of a build. */
public final class Result implements Serializable {
    public static final Result SUCCESS = new Result("SUCCESS", 0);
    public static final Result UNSTABLE = new Result("UNSTABLE", 1);
    public static final Result FAILURE = new Result("FAILURE", 2);
    public static final Result NOT_BUILT = new Result("NOT_BUILT", 3);
    public static final Result ABORTED = new Result("ABORTED", 4);

    private final String name;
    private final int severity;

    private Result(String name, int severity) {
        this.name = name;
        this.severity = severity;
    }

    public boolean isWorseThan(Result that) {
        return this.severity > that.severity;
    }

    public boolean isBetterOrEqualTo(Result that) {
        return this.severity <= that.severity;
    }

    @Override
    public String toString() {
        return name;
    }

    private static final long serialVersionUID = 1L;
}
