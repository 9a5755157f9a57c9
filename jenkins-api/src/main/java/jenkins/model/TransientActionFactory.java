// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/model/TransientActionFactory.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: the implicit constructor, type(), actionType() (with its real body) and createFor(T). The nested
// @Restricted(NoExternalUse) Cache class is not mirrored: the plugin never uses it.
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

/** Adds actions to objects of a type (jobs, for example) without saving them with the object. */
public abstract class TransientActionFactory<T> implements ExtensionPoint {
    public abstract Class<T> type();

    public Class<? extends Action> actionType() {
        return Action.class;
    }

    public abstract Collection<? extends Action> createFor(T target);
}
