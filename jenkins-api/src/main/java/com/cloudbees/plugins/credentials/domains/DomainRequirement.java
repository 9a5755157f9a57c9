// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/domains/DomainRequirement.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/** A requirement (such as a host name or URI) that narrows which credentials apply. */
public class DomainRequirement implements ExtensionPoint, Serializable {
    public DomainRequirement() {
    }

    private static final long serialVersionUID = 1L;
}
