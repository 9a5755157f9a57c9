// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Action.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

/** Object attached to a model object (for example a build) that may add a page and a link. */
public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
