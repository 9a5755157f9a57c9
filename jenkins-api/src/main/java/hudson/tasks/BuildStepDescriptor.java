// Mirrors jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStepDescriptor.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: static filter(List, Class).
package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Descriptor;

/** Descriptor of a BuildStep. */
public abstract class BuildStepDescriptor<T extends BuildStep & Describable<T>> extends Descriptor<T> {
    protected BuildStepDescriptor(Class<? extends T> clazz) {
        super(clazz);
    }

    protected BuildStepDescriptor() {
    }

    @SuppressWarnings("rawtypes")
    public abstract boolean isApplicable(Class<? extends AbstractProject> jobType);
}
