// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/AbstractDescribableImpl.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

/** Convenience base of a Describable (deprecated since 2.505: implement Describable directly). */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    public AbstractDescribableImpl() {
    }
}
