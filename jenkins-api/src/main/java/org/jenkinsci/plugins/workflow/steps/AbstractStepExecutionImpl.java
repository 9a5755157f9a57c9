// Mirrors jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/AbstractStepExecutionImpl.java at tag 710.v3e456cc85233 (compile-only; never packaged).
// Mirrored: both constructors, onResume (no-op here; the real one re-injects @StepContextParameter fields).
// Omitted: deprecated protected inject().
package org.jenkinsci.plugins.workflow.steps;

/** Base of StepExecutions. */
public abstract class AbstractStepExecutionImpl extends StepExecution {
    @Deprecated
    protected AbstractStepExecutionImpl() {
    }

    protected AbstractStepExecutionImpl(StepContext context) {
        super(context);
    }

    @Override
    public void onResume() {
    }

    private static final long serialVersionUID = 1L;
}
