// Mirrors jenkinsci/workflow-api-plugin src/main/java/org/jenkinsci/plugins/workflow/flow/FlowDurabilityHint.java at tag 1413.v2ff1a_5e720fa_ (compile-only; never packaged).
// The three constants with their real persistWithEveryStep values (tests read them). Omitted: the atomicWrite,
// description and tooltip of each constant and their getters (isAtomicWrite, getName, getDescription, getTooltip).
package org.jenkinsci.plugins.workflow.flow;

/** How hard a Pipeline tries to survive a controller failure, traded against speed. */
public enum FlowDurabilityHint {
    PERFORMANCE_OPTIMIZED(false),
    SURVIVABLE_NONATOMIC(true),
    MAX_SURVIVABILITY(true);

    private final boolean persistWithEveryStep;

    FlowDurabilityHint(boolean persistWithEveryStep) {
        this.persistWithEveryStep = persistWithEveryStep;
    }

    /** If false, the flow has to complete one way or the other in order to be persisted. */
    public boolean isPersistWithEveryStep() {
        return persistWithEveryStep;
    }
}
