// Mirrors jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsProvider.java at tag 1502.v5c95e620ddfe (compile-only; never packaged).
// Real supertypes: extends Descriptor<CredentialsProvider> implements ExtensionPoint, Describable<CredentialsProvider>,
// IconSpec (IconSpec not mirrored). Mirrored: constructor, USE_ITEM (non-constant initializer), lookupCredentialsInItem
// (3 and 4 arguments), findCredentialById (3 arguments, varargs, List), track(Run, C). Everything else is omitted,
// including every deprecated Acegi lookup.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.Permission;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Extension point that provides Credentials, and the static entry points for looking them up. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    @SuppressWarnings("unchecked")
    public CredentialsProvider() {
        super(Descriptor.self());
    }

    public static final Permission USE_ITEM =
            Permission.fromId("com.cloudbees.plugins.credentials.CredentialsProvider.UseItem");

    public static <C extends Credentials> List<C> lookupCredentialsInItem(Class<C> type, Item item,
            Authentication authentication) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public static <C extends Credentials> List<C> lookupCredentialsInItem(Class<C> type, Item item,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    /**
     * @deprecated Use {@link #findCredentialById(String, Class, Run, List)} instead. (Deprecated in Javadoc only, as
     *     in the real class: javac still marks it deprecated.)
     */
    @SuppressWarnings("dep-ann")
    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            DomainRequirement... domainRequirements) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
