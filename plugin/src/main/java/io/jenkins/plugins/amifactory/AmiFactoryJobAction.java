package io.jenkins.plugins.amifactory;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.TransientActionFactory;

/**
 * Where each of a job's groups is: the job page shows, per Auto Scaling group and region, how the newest Rollout
 * of it ended, so a team sees where every group stands without opening builds. It reads what the builds kept (their
 * {@link AmiFactoryAction}s), looking back over the newest {@value #BUILDS_TO_READ} builds only, and only when
 * the job page is drawn; it adds no link and no page of its own.
 */
public final class AmiFactoryJobAction implements Action {

    /** How far back the job page looks for Rollouts; older builds are left unread, so a long history costs nothing. */
    static final int BUILDS_TO_READ = 20;

    private final Job<?, ?> job;

    AmiFactoryJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Per group, the newest Rollout among the builds read, newest group first; empty when there is none. */
    public List<GroupState> getGroups() {
        Map<String, GroupState> byGroup = new LinkedHashMap<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; i < BUILDS_TO_READ && run != null; i++, run = run.getPreviousBuild()) {
            AmiFactoryAction action = run.getAction(AmiFactoryAction.class);
            if (action == null) {
                continue;
            }
            List<RolloutRecord> rollouts = action.getRollouts();
            // Within a build, the Rollout that ended last is the newest word on its group.
            for (int k = rollouts.size() - 1; k >= 0; k--) {
                RolloutRecord r = rollouts.get(k);
                // A group is its name in its region: a fleet may roll out 'web' in two regions.
                byGroup.putIfAbsent(r.getAsg() + "@" + r.getRegion(), new GroupState(r, run));
            }
        }
        return new ArrayList<>(byGroup.values());
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.AmiFactoryAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }

    /** A group's newest Rollout and the build that ran it. */
    public static final class GroupState {
        private final RolloutRecord rollout;
        private final String build;
        private final String buildUrl;

        GroupState(RolloutRecord rollout, Run<?, ?> run) {
            this.rollout = rollout;
            this.build = run.getDisplayName();
            this.buildUrl = run.getUrl();
        }

        public RolloutRecord getRollout() {
            return rollout;
        }

        /** The build's name, such as {@code #42}. */
        public String getBuild() {
            return build;
        }

        /** The build's URL relative to Jenkins' root, such as {@code job/deploy/42/}. */
        public String getBuildUrl() {
            return buildUrl;
        }
    }

    /** Gives every job the action; creating it reads nothing, only drawing the job page does. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {

        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<? extends Action> actionType() {
            return AmiFactoryJobAction.class;
        }

        @Override
        public Collection<? extends Action> createFor(Job target) {
            return Set.of(new AmiFactoryJobAction(target));
        }
    }
}
