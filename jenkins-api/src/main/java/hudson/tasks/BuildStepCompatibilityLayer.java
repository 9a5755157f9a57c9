// Mirrors jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStepCompatibilityLayer.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: the four BuildStep implementations. Omitted: the deprecated Build/Project overloads
// (prebuild(Build, ...), perform(Build, ...), getProjectAction(Project)), which need Build/Project.
package hudson.tasks;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Action;
import hudson.model.BuildListener;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** Implements BuildStep for Builders and Publishers (delegates to SimpleBuildStep in the real class). */
@Deprecated
public abstract class BuildStepCompatibilityLayer implements BuildStep {
    public BuildStepCompatibilityLayer() {
    }

    @Override
    public boolean prebuild(AbstractBuild<?, ?> build, BuildListener listener) {
        return true;
    }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    @Override
    public Action getProjectAction(AbstractProject<?, ?> project) {
        return null;
    }

    @Override
    public Collection<? extends Action> getProjectActions(AbstractProject<?, ?> project) {
        Action a = getProjectAction(project);
        return a == null ? List.of() : List.of(a);
    }
}
