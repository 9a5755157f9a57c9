// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/StandardCredentials.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Omitted: nested NameProvider class.
package com.cloudbees.plugins.credentials.common;

/** Credentials with an id and a description. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
