// Mirrors jenkinsci/jenkins core/src/main/java/hudson/ExtensionList.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Not in the brief's list; mirrored for ExtensionList.lookupSingleton(Class), the usual way to reach a
// GlobalConfiguration singleton. Real protected constructors take Jenkins/Hudson and are not mirrored.
// Real supertypes: AbstractList<T>, OnMaster (all kept).
package hudson;

import java.util.AbstractList;
import jenkins.util.io.OnMaster;

/** The list of registered extensions of one type. */
public class ExtensionList<T> extends AbstractList<T> implements OnMaster {
    private ExtensionList() {
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
