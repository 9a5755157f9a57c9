// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/AbstractItem.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends Actionable implements Loadable, Item, HttpDeletable, AccessControlled, DescriptorByNameOwner,
// StaplerProxy. The mirror declares Actionable and Item (which extends AccessControlled here).
// Mirrored: constructor, getFullName (final).
package hudson.model;

/** Partial default implementation of Item. */
public abstract class AbstractItem extends Actionable implements Item {
    @SuppressWarnings("rawtypes")
    protected AbstractItem(ItemGroup parent, String name) {
    }

    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
