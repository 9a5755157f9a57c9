// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Describable.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

/** An object configured through a {@link Descriptor}. */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
