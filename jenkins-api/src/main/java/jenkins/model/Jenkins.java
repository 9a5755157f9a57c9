// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/model/Jenkins.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends AbstractCIBase implements DirectlyModifiableTopLevelItemGroup, StaplerProxy, StaplerFallback,
// ModifiableViewGroup, AccessControlled, DescriptorByNameOwner, ModelObjectWithContextMenu, ModelObjectWithChildren,
// OnMaster, Loadable. The plugin only uses Jenkins, so the mirror declares AccessControlled only (checkPermission is
// AccessControlled's default method). The real protected constructors need a ServletContext; the mirror's is private.
// get() throws IllegalStateException as the real one does when no Jenkins is running; getInstanceOrNull() returns null.
package jenkins.model;

import hudson.ProxyConfiguration;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Root object of a Jenkins controller. */
public class Jenkins implements AccessControlled {
    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        Jenkins instance = getInstanceOrNull();
        if (instance == null) {
            throw new IllegalStateException("compile-only mirror: no Jenkins is running");
        }
        return instance;
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    @SuppressWarnings("rawtypes")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    /** The controller's HTTP proxy, or null when none is configured (since 2.205). */
    public ProxyConfiguration getProxy() {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    @SuppressWarnings("deprecation")
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;
}
