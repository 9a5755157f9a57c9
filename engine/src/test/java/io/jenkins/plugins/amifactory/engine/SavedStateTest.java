package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout saved by an earlier engine must resume after an upgrade: Jenkins keeps the request and the state
 * of a running step in the build, and a controller restarted onto a new plugin version reads them back.
 * {@code saved-rollout-v1.ser} was written by the engine as of commit 53a9d1f (a launch-configuration rollout
 * saved 20 s into its Refresh, against {@link SavedStateWorld}); it is never regenerated.
 */
class SavedStateTest {

    private static final String RESOURCE = "saved-rollout-v1.ser";

    @Test
    void aRolloutSavedByTheEarlierEngineResumesToItsVerdict() throws Exception {
        try (SavedStateWorld world = new SavedStateWorld()) {
            assertThat(world.imageId).as("the world script must rebuild the saved ids").isEqualTo("ami-1eeaa6be9d240fa6d");
            assertThat(world.refreshId).isEqualTo("850ba064-b9b7-0ff7-6ecb-a8decb7ce8c9");
            Object[] saved = readSaved();
            RolloutRequest request = (RolloutRequest) saved[0];
            RolloutState state = (RolloutState) saved[1];

            assertThat(request.asg()).isEqualTo("web");
            assertThat(request.instance()).isEqualTo(world.sourceInstance);
            assertThat(request.image().callerReference()).isEqualTo("saved-state-test");
            assertThat(request.image().tags()).containsEntry("team", "shop");
            assertThat(request.image().keepImages()).isEqualTo(2);
            assertThat(request.refresh().instanceWarmup()).isEqualTo(Duration.ofSeconds(60));
            assertThat(request.deadlines().onTimeout().displayName()).isEqualTo("cancel");
            assertThat(request.deadlines().onAbort().displayName()).isEqualTo("rollback");
            assertThat(state.rolloutId()).isEqualTo(SavedStateWorld.ROLLOUT_ID);
            assertThat(state.phase()).isEqualTo(Phase.REFRESH_WAIT);
            assertThat(state.deadline()).isEqualTo(Instant.parse("2026-01-05T13:05:00Z"));
            assertThat(state.imageId()).isEqualTo(world.imageId);
            assertThat(state.refreshId()).isEqualTo(world.refreshId);
            assertThat(state.previousConfiguration()).isEqualTo("web-lc-1");
            assertThat(state.newConfiguration()).isEqualTo(SavedStateWorld.IMAGE_NAME);

            Rollout rollout = Rollout.resume(request, state, RolloutListener.NONE);
            RolloutResult result = new RolloutDriver(world.aws, world.world.javaClock(), world.world::advance).run(rollout);

            assertThat(result.status()).isEqualTo(RolloutStatus.SUCCEEDED);
            assertThat(result.refreshStatus()).isEqualTo("Successful");
            assertThat(result.snapshotIds()).containsExactlyElementsOf(world.snapshotIds);
            assertThat(result.phaseDurations()).containsEntry("image wait", Duration.ofMinutes(3));
            assertThat(result.apiCalls()).containsEntry("CreateImage", 1).containsEntry("StartInstanceRefresh", 1);
            assertThat(result.ledger()).extracting(LedgerEntry::toString).containsExactly(
                    "image " + world.imageId + ": in use",
                    "snapshot " + world.snapshotIds.get(0) + ": in use",
                    "launch configuration " + SavedStateWorld.IMAGE_NAME + ": in use",
                    "group web: pointed at " + SavedStateWorld.IMAGE_NAME,
                    "instance refresh " + world.refreshId + ": successful");
            assertThat(world.server.faults().mutatingCalls()).as("the resumed rollout made nothing again").isZero();
            var group = world.aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                    .autoScalingGroups().get(0);
            assertThat(group.launchConfigurationName()).isEqualTo(SavedStateWorld.IMAGE_NAME);
            List<String> instances = group.instances().stream().map(i -> i.instanceId()).toList();
            assertThat(world.aws.ec2().describeInstances(r -> r.instanceIds(instances)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).map(i -> i.imageId())).containsOnly(world.imageId);
        }
    }

    @Test
    void anAbortAfterTheUpgradeAppliesTheSavedAbortOutcome() throws Exception {
        try (SavedStateWorld world = new SavedStateWorld()) {
            Object[] saved = readSaved();
            Rollout rollout = Rollout.resume((RolloutRequest) saved[0], (RolloutState) saved[1], RolloutListener.NONE);
            rollout.abort("stopped after the upgrade");
            RolloutResult result = new RolloutDriver(world.aws, world.world.javaClock(), world.world::advance).run(rollout);

            assertThat(result.status()).isEqualTo(RolloutStatus.ABORTED);
            assertThat(result.message()).endsWith("Group 'web' is on web-lc-1 (its previous configuration)");
            assertThat(world.aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                    .autoScalingGroups().get(0).launchConfigurationName()).isEqualTo("web-lc-1");
        }
    }

    /**
     * The form the engine writes today is the form it was first saved in: same classes, same field names and
     * types. Adding a fact is fine (an old state reads it as absent); renaming or retyping one breaks upgrades.
     */
    @Test
    void theSavedFormIsUnchanged() throws Exception {
        Map<String, List<String>> saved = descriptors(resource());
        try (SavedStateWorld world = new SavedStateWorld()) {
            Object[] old = readSaved();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(old[0]);
                out.writeObject(old[1]);
            }
            Map<String, List<String>> now = descriptors(new ByteArrayInputStream(bytes.toByteArray()));
            for (String type : List.of(RolloutRequest.class.getName(), RolloutState.class.getName())) {
                assertThat(now.get(type)).as(type).containsAll(saved.get(type));
            }
            // The JDK's own containers may differ (any List or Map reads back); the project's classes may not.
            assertThat(now.keySet()).containsAll(saved.keySet().stream()
                    .filter(name -> name.startsWith("io.jenkins.plugins.amifactory.")).toList());
        }
    }

    /**
     * The facts a fleet added are saved under names of their own, which the first saved form did not have: a
     * save from before reads them as absent (make the Image, never hold, not released), and today's form keeps
     * them.
     */
    @Test
    void theFleetFactsHaveNamesOfTheirOwnAndAnOlderSaveReadsThemAsAbsent() throws Exception {
        Map<String, List<String>> saved = descriptors(resource());
        List<String> fleet = List.of("givenImage:Ljava/lang/String;", "holdAfterRefresh:Z");
        assertThat(saved.get(RolloutRequest.class.getName())).doesNotContainAnyElementsOf(fleet);
        assertThat(saved.get(RolloutState.class.getName())).doesNotContain("heldReleased:Z");
        Object[] old = readSaved();
        RolloutRequest request = (RolloutRequest) old[0];
        assertThat(request.givenImage()).isNull();
        assertThat(request.holdAfterRefresh()).isFalse();
        assertThat(((RolloutState) old[1]).released).isFalse();

        RolloutRequest fleetMember = RolloutRequest.builder("worker", "i-0123456789abcdef0").region("us-east-1")
                .givenImage("ami-0123456789abcdef0").holdAfterRefresh(true).build();
        RolloutState state = (RolloutState) old[1];
        state.released = true;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(fleetMember);
            out.writeObject(state);
        }
        Map<String, List<String>> now = descriptors(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(now.get(RolloutRequest.class.getName())).containsAll(fleet);
        assertThat(now.get(RolloutState.class.getName())).contains("heldReleased:Z");
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RolloutRequest back = (RolloutRequest) in.readObject();
            assertThat(back.givenImage()).isEqualTo("ami-0123456789abcdef0");
            assertThat(back.holdAfterRefresh()).isTrue();
            assertThat(((RolloutState) in.readObject()).released).isTrue();
        }
    }

    private static Object[] readSaved() throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(resource())) {
            return new Object[] {in.readObject(), in.readObject()};
        }
    }

    private static InputStream resource() {
        return SavedStateTest.class.getResourceAsStream(RESOURCE);
    }

    /** Every class in a stream with its fields as {@code name:signature}. */
    private static Map<String, List<String>> descriptors(InputStream stream) throws IOException, ClassNotFoundException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (ObjectInputStream in = new ObjectInputStream(stream) {
            @Override
            protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
                ObjectStreamClass desc = super.readClassDescriptor();
                List<String> fields = new ArrayList<>();
                for (ObjectStreamField f : desc.getFields()) {
                    fields.add(f.getName() + ":" + (f.isPrimitive() ? String.valueOf(f.getTypeCode()) : f.getTypeString()));
                }
                found.put(desc.getName(), fields);
                return desc;
            }
        }) {
            in.readObject();
            in.readObject();
        }
        return found;
    }
}
