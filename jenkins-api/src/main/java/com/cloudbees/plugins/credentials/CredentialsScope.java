// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsScope.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Mirrored whole: the three constants (each with its own body, so the enum is abstract as the real one is),
// getDisplayName() and isVisible(ModelObject). The display names are the plugin's English Messages; the real
// SYSTEM.isVisible also admits a Node or a Computer (neither is mirrored).
package com.cloudbees.plugins.credentials;

import hudson.model.ModelObject;
import java.io.Serializable;
import jenkins.model.Jenkins;

/** The scope of credentials. */
public enum CredentialsScope implements Serializable {
    SYSTEM {
        @Override
        public String getDisplayName() {
            return "System (Jenkins and nodes only)";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            return context instanceof Jenkins;
        }
    },
    GLOBAL {
        @Override
        public String getDisplayName() {
            return "Global (Jenkins, nodes, items, all child items, etc)";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            return true;
        }
    },
    USER {
        @Override
        public String getDisplayName() {
            return "User";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            return true;
        }
    };

    public abstract String getDisplayName();

    public abstract boolean isVisible(ModelObject context);
}
