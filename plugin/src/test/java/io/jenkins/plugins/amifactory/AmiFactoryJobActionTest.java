package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Job;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/** The job page's view of where each group is, read from the builds through the mirrored Job and Run API. */
class AmiFactoryJobActionTest {

    private final FakeJenkins.TestJob job = new FakeJenkins.TestJob();

    @Test
    void eachGroupShowsItsNewestRolloutAndTheBuildThatRanIt() {
        AmiFactoryAction.record(job.build(), AmiFactoryActionTest.templateResult());          // #1: api succeeded
        AmiFactoryAction.record(job.build(), AmiFactoryActionTest.failedResult("web"));      // #2: web failed
        job.build();                                                                         // #3: no rollout
        FakeJenkins.TestRun fourth = job.build();                                            // #4: api failed, then web
        AmiFactoryAction.record(fourth, AmiFactoryActionTest.failedResult("api"));
        AmiFactoryAction.record(fourth, AmiFactoryActionTest.failedResult("web"));

        var groups = new AmiFactoryJobAction(job).getGroups();

        assertThat(groups).extracting(g -> g.getRollout().getAsg(), g -> g.getRollout().getStatus(),
                AmiFactoryJobAction.GroupState::getBuild, AmiFactoryJobAction.GroupState::getBuildUrl)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", "FAILED", "#4", "job/web-deploy/4/"),
                        org.assertj.core.groups.Tuple.tuple("api", "FAILED", "#4", "job/web-deploy/4/"));
    }

    @Test
    void theSameGroupNameInTwoRegionsIsTwoGroups() {
        io.jenkins.plugins.amifactory.engine.RolloutResult here = AmiFactoryActionTest.templateResult();
        io.jenkins.plugins.amifactory.engine.RolloutResult there = new io.jenkins.plugins.amifactory.engine.RolloutResult(
                here.rolloutId(), here.status(), here.asg(), here.imageId(), here.imageName(), here.snapshotIds(),
                here.previousConfiguration(), here.newConfiguration(), null, here.launchTemplateId(),
                here.launchTemplateVersion(), here.refreshId(), here.refreshStatus(), here.refreshPercent(), null,
                here.phaseDurations(), here.apiCalls(), here.ledger(), here.plan(), "me-central-1", false, null, null);
        FakeJenkins.TestRun build = job.build();
        AmiFactoryAction.record(build, here);
        AmiFactoryAction.record(build, there);
        assertThat(new AmiFactoryJobAction(job).getGroups()).extracting(g -> g.getRollout().getAsg(),
                g -> g.getRollout().getRegion()).containsExactly(org.assertj.core.groups.Tuple.tuple("api", "me-central-1"),
                        org.assertj.core.groups.Tuple.tuple("api", "eu-west-1"));
    }

    @Test
    void onlyTheNewestBuildsAreRead() {
        AmiFactoryAction.record(job.build(), AmiFactoryActionTest.templateResult());
        for (int i = 0; i < AmiFactoryJobAction.BUILDS_TO_READ; i++) {
            job.build();
        }
        assertThat(new AmiFactoryJobAction(job).getGroups()).as("build #1 is too old to be read").isEmpty();
        AmiFactoryAction.record(job.build(), AmiFactoryActionTest.templateResult());
        assertThat(new AmiFactoryJobAction(job).getGroups()).hasSize(1);
    }

    @Test
    void aJobWithoutBuildsShowsNothingAndTheFactoryGivesEveryJobTheAction() {
        assertThat(new AmiFactoryJobAction(job).getGroups()).isEmpty();
        AmiFactoryJobAction.Factory factory = new AmiFactoryJobAction.Factory();
        assertThat(factory.type()).isEqualTo(Job.class);
        assertThat(factory.actionType()).isEqualTo(AmiFactoryJobAction.class);
        Collection<?> actions = factory.createFor(job);
        assertThat(actions).singleElement().isInstanceOf(AmiFactoryJobAction.class);
        AmiFactoryJobAction action = (AmiFactoryJobAction) actions.iterator().next();
        assertThat(action.getJob()).isSameAs(job);
        assertThat(action.getIconFileName()).as("no link of its own, only the job page's table").isNull();
        assertThat(action.getUrlName()).isNull();
    }
}
