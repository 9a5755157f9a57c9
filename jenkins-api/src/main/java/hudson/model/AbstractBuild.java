// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/AbstractBuild.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends Run<P, R> implements Queue.Executable, LazyBuildMixIn.LazyLoadingRun<P, R>, RunWithSCM<P, R>.
// Needed only as a parameter type of BuildStep; the mirror declares Run<P, R> and one constructor.
package hudson.model;

import java.io.IOException;

/** Base of builds of an AbstractProject (Freestyle etc.). */
public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
    protected AbstractBuild(P job) throws IOException {
        super(job);
    }
}
