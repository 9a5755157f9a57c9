// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/AbstractProject.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Real supertypes: extends Job<P, R> implements BuildableItem, LazyBuildMixIn.LazyLoadingJob<P, R>,
// ParameterizedJobMixIn.ParameterizedJob<P, R>. Needed only as a type (BuildStepDescriptor.isApplicable).
package hudson.model;

/** Base of jobs whose builds are AbstractBuilds (Freestyle etc.). */
public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R> {
    @SuppressWarnings("rawtypes")
    protected AbstractProject(ItemGroup parent, String name) {
        super(parent, name);
    }
}
