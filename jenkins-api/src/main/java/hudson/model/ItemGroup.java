// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/ItemGroup.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: FullyNamed, FullyNamedModelObject, PersistenceRoot. Type only (constructor parameter of AbstractItem).
package hudson.model;

/** A container of Items. */
public interface ItemGroup<T extends Item> {
}
