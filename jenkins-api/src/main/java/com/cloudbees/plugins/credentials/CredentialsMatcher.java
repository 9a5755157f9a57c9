// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsMatcher.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** A predicate on Credentials. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(Credentials item);
}
