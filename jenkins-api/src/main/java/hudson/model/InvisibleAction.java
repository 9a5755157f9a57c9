// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/InvisibleAction.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

/** An Action that shows no link and no page. */
public abstract class InvisibleAction implements Action {
    public InvisibleAction() {
    }

    @Override
    public final String getIconFileName() {
        return null;
    }

    @Override
    public final String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
