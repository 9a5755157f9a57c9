// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/tasks/SimpleBuildStep.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: the three perform defaults and requiresWorkspace. Omitted: nested LastBuildAction, LastBuildActionFactory.
package jenkins.tasks;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;

/** A build step usable from Freestyle and Pipeline. */
public interface SimpleBuildStep extends BuildStep {
    @Deprecated
    default void perform(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    default void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    default void perform(Run<?, ?> run, EnvVars env, TaskListener listener) throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    default boolean requiresWorkspace() {
        return true;
    }
}
