// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Job.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends AbstractItem implements ExtensionPoint, StaplerOverridable, ModelObjectWithChildren, HasWidgets.
// The mirror declares AbstractItem and ExtensionPoint; mirrored: the constructor and getLastBuild() (whose real body
// reads the build records; here it answers null, as for a job without builds, so tests can override it).
package hudson.model;

import hudson.ExtensionPoint;

/** A job: something that has builds. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    @SuppressWarnings("rawtypes")
    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    public RunT getLastBuild() {
        return null;
    }
}
