// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/model/GlobalConfiguration.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: constructor, final getDescriptor. Omitted: getGlobalConfigPage, configure (StaplerRequest2/JSONObject), all().
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/** A section of the global configuration page, stored in its own file. */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    @SuppressWarnings("unchecked")
    protected GlobalConfiguration() {
        super(self());
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        return this;
    }
}
