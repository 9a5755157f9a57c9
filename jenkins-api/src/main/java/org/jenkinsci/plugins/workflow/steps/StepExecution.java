// Mirrors jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java at tag 710.v3e456cc85233 (compile-only; never packaged).
// Mirrored: both constructors, getContext, start, stop (fails the context, like the real default), onResume, getStatus,
// blocksRestart. Omitted: getStatusBounded (final), acceptAll/applyAll statics.
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** The running part of a Step; serialized with the build so it can resume after a restart. */
public abstract class StepExecution implements Serializable {
    private StepContext context;

    @Deprecated
    protected StepExecution() {
    }

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("you must either pass in a StepContext to the StepExecution constructor, "
                    + "or have the StepExecution be created automatically");
        }
        return context;
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {
    }

    public String getStatus() {
        return null;
    }

    public boolean blocksRestart() {
        return false;
    }

    private static final long serialVersionUID = 1L;
}
