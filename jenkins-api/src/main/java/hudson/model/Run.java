// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Run.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends Actionable implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot,
// DescriptorByNameOwner, OnMaster, StaplerProxy, HistoricalBuild, WithConsoleUrl. The plugin only uses Run, so the
// mirror declares Actionable and ExtensionPoint only. Mirrored members are the ones the plugin calls; the rest is omitted.
package hudson.model;

import hudson.EnvVars;
import hudson.ExtensionPoint;
import java.io.IOException;
import jenkins.model.RunAction2;

/** A build of a Job. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint {
    protected final transient JobT project;

    public transient int number;

    protected volatile Result result;

    protected Run(JobT job) throws IOException {
        this.project = job;
    }

    @Override
    public void addAction(Action a) {
        super.addAction(a);
        if (a instanceof RunAction2) {
            ((RunAction2) a).onAttached(this);
        }
    }

    public Result getResult() {
        return result;
    }

    public void setResult(Result r) {
        if (result == null || r.isWorseThan(result)) {
            result = r;
        }
    }

    public JobT getParent() {
        return project;
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public String getDisplayName() {
        return "#" + number;
    }

    public int getNumber() {
        return number;
    }

    public String getUrl() {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    public EnvVars getEnvironment(TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    /** Real body: null; the lazy-loading subclasses (Freestyle and Pipeline builds) link their builds. */
    public RunT getPreviousBuild() {
        return null;
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
