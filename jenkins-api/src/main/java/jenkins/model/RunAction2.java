// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/model/RunAction2.java at tag jenkins-2.555.3 (compile-only; never packaged).
package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** An Action attached to a Run that is told when it is attached and loaded. */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
