// Mirrors jenkinsci/jenkins core/src/main/java/hudson/security/Permission.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real constructors take a PermissionGroup and a Localizable (not mirrored); the mirror's constructor is private and
// fromId() simply wraps the id. Mirrored: getId, fromId, equals, hashCode, toString, HUDSON_ADMINISTER.
package hudson.security;

/** A permission that can be checked against an ACL. */
public final class Permission {
    private final String id;

    private Permission(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission && getId().equals(((Permission) o).getId());
    }

    @Override
    public int hashCode() {
        return getId().hashCode();
    }

    public static Permission fromId(String id) {
        return id.lastIndexOf('.') < 0 ? null : new Permission(id);
    }

    @Override
    public String toString() {
        return "Permission[" + id + "]";
    }

    @Deprecated
    public static final Permission HUDSON_ADMINISTER = fromId("hudson.model.Hudson.Administer");
}
