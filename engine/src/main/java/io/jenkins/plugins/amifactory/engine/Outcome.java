package io.jenkins.plugins.amifactory.engine;

/**
 * {@link StopAction} under the name it had when the first rollouts were saved. Only {@link SavedForm} uses
 * it: Java serialization names an enum by its class, so a build saved mid-rollout by an earlier version
 * still names this class, and the saved form keeps naming it so that it stays one form.
 */
enum Outcome {
    ROLLBACK, CANCEL, LEAVE;

    static Outcome of(StopAction action) {
        return action == null ? null : valueOf(action.name());
    }

    static StopAction toAction(Object saved) {
        return saved == null ? null : StopAction.valueOf(((Outcome) saved).name());
    }
}
