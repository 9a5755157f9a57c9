// Mirrors jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyInvoker.java at tag 710.v3e456cc85233 (compile-only; never packaged).
// Type only (return type of StepContext.newBodyInvoker()); no member is mirrored.
package org.jenkinsci.plugins.workflow.steps;

/** Starts the body block of a block-scoped step. */
public abstract class BodyInvoker {
    public BodyInvoker() {
    }
}
