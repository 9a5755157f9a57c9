// Mirrors jenkinsci/workflow-api-plugin src/main/java/org/jenkinsci/plugins/workflow/flow/FlowExecution.java at tag 1413.v2ff1a_5e720fa_ (compile-only; never packaged).
// Only what the plugin uses, getDurabilityHint(). Omitted: the supertypes FlowActionStorage and GraphLookupView, the
// protected durabilityHint field, every abstract method (start, getOwner, getCurrentHeads, interrupt, ...) and the rest.
package org.jenkinsci.plugins.workflow.flow;

/** A running Pipeline, as a step can get it from its context; the plugin only asks how durable it is. */
public abstract class FlowExecution {
    public FlowExecution() {
    }

    public FlowDurabilityHint getDurabilityHint() {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
