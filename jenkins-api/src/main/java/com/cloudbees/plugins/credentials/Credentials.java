// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/Credentials.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Mirrored: the type, its supertypes and getScope(). Omitted: the covariant getDescriptor() (CredentialsDescriptor)
// and default forRun(Run) - the plugin only uses credentials, it does not implement them.
package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** A credential (secret material) stored in Jenkins. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
    /** Where the credentials may be used; null when unknown. */
    CredentialsScope getScope();
}
