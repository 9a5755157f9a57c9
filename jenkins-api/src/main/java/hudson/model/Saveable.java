// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Saveable.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: the NOOP constant.
package hudson.model;

import java.io.IOException;

/** Object whose state can be persisted. */
public interface Saveable {
    void save() throws IOException;
}
