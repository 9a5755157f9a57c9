// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/Credentials.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Type and supertypes only. Omitted: getScope() (CredentialsScope), the covariant getDescriptor() (CredentialsDescriptor)
// and default forRun(Run) - the plugin only uses credentials, it does not implement them.
package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** A credential (secret material) stored in Jenkins. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
}
