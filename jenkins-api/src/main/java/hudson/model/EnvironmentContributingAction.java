// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/EnvironmentContributingAction.java at tag jenkins-2.555.3 (compile-only; never packaged).
package hudson.model;

import hudson.EnvVars;

/** An Action that contributes environment variables to a build. */
public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(Run<?, ?> run, EnvVars env) {
        // compile-only mirror: no-op
    }

    @Deprecated
    default void buildEnvVars(AbstractBuild<?, ?> build, EnvVars env) {
        // compile-only mirror: no-op
    }
}
