// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/BuildListener.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Type only; omitted: default started(List<Cause>), finished(Result).
package hudson.model;

/** The TaskListener of an AbstractBuild. */
public interface BuildListener extends TaskListener {
}
