// Mirrors jenkinsci/jenkins core/src/main/java/hudson/tasks/Builder.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: getRequiredMonitorService (NONE), getDescriptor. Omitted: prebuild(Build, BuildListener), static all().
package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/** A build step of a Freestyle project. */
@SuppressWarnings("deprecation")
public abstract class Builder extends BuildStepCompatibilityLayer implements Describable<Builder>, ExtensionPoint {
    public Builder() {
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Override
    public Descriptor<Builder> getDescriptor() {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
