// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/IdCredentials.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Omitted: nested Helpers class.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Credentials that have an id. */
public interface IdCredentials extends Credentials {
    String getId();
}
