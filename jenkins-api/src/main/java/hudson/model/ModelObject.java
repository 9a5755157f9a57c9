// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/ModelObject.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

/** An object with a human-readable display name. */
public interface ModelObject {
    String getDisplayName();
}
