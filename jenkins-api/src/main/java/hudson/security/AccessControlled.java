// Mirrors jenkinsci/jenkins core/src/main/java/hudson/security/AccessControlled.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: getACL, checkPermission, hasPermission. Omitted: checkAnyPermission, hasAnyPermission, hasPermission2,
// the deprecated Acegi hasPermission.
package hudson.security;

import org.springframework.security.access.AccessDeniedException;

/** An object protected by an ACL. */
public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
