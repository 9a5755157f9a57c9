// Mirrors jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStepMonitor.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.tasks;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import java.io.IOException;

/** How a BuildStep synchronizes with the same step of concurrent builds. */
@SuppressWarnings("rawtypes")
public enum BuildStepMonitor {
    NONE {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws IOException, InterruptedException {
            throw new UnsupportedOperationException("compile-only mirror");
        }
    },
    STEP {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            throw new UnsupportedOperationException("compile-only mirror");
        }
    },
    BUILD {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws IOException, InterruptedException {
            throw new UnsupportedOperationException("compile-only mirror");
        }
    };

    public abstract boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
            throws IOException, InterruptedException;
}
