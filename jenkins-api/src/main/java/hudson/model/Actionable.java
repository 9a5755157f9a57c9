// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Actionable.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends AbstractModelObject implements ModelObjectWithContextMenu (not mirrored: the plugin
// only uses this type). Mirrored: getActions(), getActions(Class), addAction, getAction(Class); the mirror keeps
// attached actions in a plain list (no TransientActionFactory).
package hudson.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A model object that carries Actions. */
public abstract class Actionable {
    private transient List<Action> actions;

    public Actionable() {
    }

    @Deprecated
    public List<Action> getActions() {
        synchronized (this) {
            if (actions == null) {
                actions = new ArrayList<>();
            }
            return actions;
        }
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                r.add(type.cast(a));
            }
        }
        return Collections.unmodifiableList(r);
    }

    public void addAction(Action a) {
        if (a == null) {
            throw new IllegalArgumentException("Action must be non-null");
        }
        getActions().add(a);
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
