// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/StandardListBoxModel.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
package com.cloudbees.plugins.credentials.common;

/** ListBoxModel of StandardCredentials ids. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    public StandardListBoxModel() {
    }

    @Override
    protected String describe(StandardCredentials c) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    private static final long serialVersionUID = 1L;
}
