// Mirrors jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepDescriptor.java at tag 710.v3e456cc85233 (compile-only; never packaged).
// Mirrored: getRequiredContext, getProvidedContext, getFunctionName, takesImplicitBlockArgument, isAdvanced, isMetaStep.
// Omitted: getMetaStepArgumentType, newInstance/defineArguments/uninstantiate, checkContextAvailability, the statics,
// argumentsToString.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Set;

/** Descriptor of a Pipeline Step. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {
    }

    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        return Set.of();
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    public boolean isAdvanced() {
        return false;
    }

    public boolean isMetaStep() {
        return false;
    }
}
