// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Item.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: PersistenceRoot, FullyNamedModelObject, SearchableModelObject, FullyNamed, Named, AccessControlled,
// OnMaster. The plugin only uses Item (as @AncestorInPath parameter and for permission checks), so the mirror
// declares AccessControlled only. Mirrored: getFullName, CONFIGURE, READ, EXTENDED_READ (non-constant initializers).
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/** A configurable object in the item tree (a job, a folder, ...). */
public interface Item extends AccessControlled {
    String getFullName();

    Permission CONFIGURE = Permission.fromId("hudson.model.Item.Configure");

    Permission READ = Permission.fromId("hudson.model.Item.Read");

    Permission EXTENDED_READ = Permission.fromId("hudson.model.Item.ExtendedRead");
}
