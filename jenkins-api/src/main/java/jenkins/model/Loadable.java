// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/model/Loadable.java at tag jenkins-2.555.3 (compile-only; never packaged).
package jenkins.model;

import java.io.IOException;

/** Object whose state can be (re)loaded from persistent storage. */
public interface Loadable {
    void load() throws IOException;
}
