package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RunInstances, DescribeInstances, instance state changes and volumes through the SDK. */
class InstanceWireTest extends Ec2WireTestBase {

    private static final String USER_DATA = "I2Nsb3VkLWNvbmZpZwpydW5jbWQ6CiAgLSBbZWNobywgIj4+PyJdCg==";

    private Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private List<String> instanceIds(List<Reservation> reservations) {
        return reservations.stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
    }

    @Test
    void runInstancesKeepsEveryLaunchFieldItWasGiven() {
        String ami = baseImage(8);

        RunInstancesResponse run = ec2.runInstances(r -> r.imageId(ami).instanceType("m5.large").keyName("ops")
                .minCount(1).maxCount(1)
                .securityGroupIds("sg-0123456789abcdef0").userData(USER_DATA)
                .iamInstanceProfile(p -> p.name("web-profile"))
                .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2))
                .monitoring(m -> m.enabled(true)).ebsOptimized(true)
                .placement(p -> p.availabilityZone("us-east-1c"))
                .blockDeviceMappings(b -> b.deviceName("/dev/sdf").ebs(e -> e.volumeSize(50).volumeType("st1")))
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag("Name", "web")),
                        t -> t.resourceType(ResourceType.VOLUME).tags(tag("backup", "daily"))));
        String id = run.instances().get(0).instanceId();

        Instance i = describe(id);
        assertThat(i.instanceTypeAsString()).isEqualTo("m5.large");
        assertThat(i.keyName()).isEqualTo("ops");
        assertThat(i.securityGroups()).extracting(GroupIdentifier::groupId).containsExactly("sg-0123456789abcdef0");
        assertThat(i.iamInstanceProfile().arn()).endsWith(":instance-profile/web-profile");
        assertThat(i.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(i.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
        assertThat(i.monitoring().stateAsString()).isEqualTo("enabled");
        assertThat(i.ebsOptimized()).isTrue();
        assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1c");
        assertThat(i.tags()).containsExactly(tag("Name", "web"));
        assertThat(i.blockDeviceMappings()).extracting(b -> b.deviceName()).containsExactly("/dev/xvda", "/dev/sdf");
        assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id).attribute("userData")).userData().value())
                .isEqualTo(USER_DATA);

        List<Volume> volumes = ec2.describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(id)))
                .volumes();
        assertThat(volumes).hasSize(2).allSatisfy(v -> {
            assertThat(v.tags()).containsExactly(tag("backup", "daily"));
            assertThat(v.availabilityZone()).isEqualTo("us-east-1c");
            assertThat(v.attachments()).singleElement().satisfies(a -> assertThat(a.instanceId()).isEqualTo(id));
        });
        assertThat(volumes).filteredOn(v -> v.attachments().get(0).device().equals("/dev/sdf")).singleElement()
                .satisfies(v -> {
                    assertThat(v.size()).isEqualTo(50);
                    assertThat(v.volumeTypeAsString()).isEqualTo("st1");
                });
    }

    @Test
    void runInstancesValidatesCountsZoneAndImage() {
        String ami = baseImage(8);

        assertThat(ec2.runInstances(r -> r.imageId(ami).minCount(2).maxCount(3)).instances()).hasSize(3);
        assertAwsError(() -> ec2.runInstances(r -> r.imageId(ami).minCount(3).maxCount(2)), "InvalidParameterValue");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId(ami).minCount(0).maxCount(1)), "InvalidParameterValue");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId(ami).maxCount(1)), "MissingParameter");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone("eu-west-1a"))), "InvalidParameterValue");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1)),
                "InvalidAMIID.NotFound");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId("image-1").minCount(1).maxCount(1)),
                "InvalidAMIID.Malformed");
        assertAwsError(() -> ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.IMAGE).tags(tag("a", "b")))),
                "InvalidParameterValue");
        assertDryRun(() -> ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).dryRun(true)));
        assertThat(ec2.describeInstances().reservations()).hasSize(1);
    }

    @Test
    void describeInstancesGroupsByReservationAndFilters() {
        String ami = baseImage(8);
        List<String> pair = ec2.runInstances(r -> r.imageId(ami).minCount(2).maxCount(2)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag("role", "web"))))
                .instances().stream().map(Instance::instanceId).toList();
        String single = ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag("role", "db"))))
                .instances().get(0).instanceId();
        ec2.terminateInstances(r -> r.instanceIds(single));

        List<Reservation> all = ec2.describeInstances().reservations();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).instances()).extracting(Instance::instanceId).containsExactlyElementsOf(pair);

        assertThat(instanceIds(ec2.describeInstances(r -> r.filters(f -> f.name("tag:role").values("web")))
                .reservations())).containsExactlyElementsOf(pair);
        assertThat(instanceIds(ec2.describeInstances(r -> r.filters(f -> f.name("tag-key").values("role")))
                .reservations())).hasSize(3);
        assertThat(instanceIds(ec2.describeInstances(r -> r.filters(
                f -> f.name("instance-state-name").values("pending", "running"))).reservations()))
                .containsExactlyElementsOf(pair);
        assertThat(instanceIds(ec2.describeInstances(r -> r.filters(f -> f.name("instance-id").values(single),
                f -> f.name("image-id").values(ami))).reservations())).containsExactly(single);
        assertThat(instanceIds(ec2.describeInstances(r -> r.instanceIds(pair.get(1))).reservations()))
                .containsExactly(pair.get(1));
        assertThat(ec2.describeInstancesPaginator(r -> r.maxResults(1)).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(Instance::instanceId)).hasSize(3);
        assertAwsError(() -> ec2.describeInstances(r -> r.nextToken("not-a-token")), "InvalidPaginationToken");
        assertAwsError(() -> ec2.describeInstances(r -> r.filters(f -> f.name("flavour").values("x"))),
                "InvalidParameterValue");
        assertDryRun(() -> ec2.describeInstances(r -> r.dryRun(true)));
    }

    @Test
    void stopAndStartMoveThroughTheirStates() {
        String id = runningInstance();

        InstanceStateChange stopping = ec2.stopInstances(r -> r.instanceIds(id)).stoppingInstances().get(0);
        assertThat(stopping.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(stopping.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
        sim.advance(Ec2World.STOP_TIME);
        Instance stopped = describe(id);
        assertThat(stopped.state().name()).isEqualTo(InstanceStateName.STOPPED);
        assertThat(stopped.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");

        assertDryRun(() -> ec2.startInstances(r -> r.instanceIds(id).dryRun(true)));
        InstanceStateChange starting = ec2.startInstances(r -> r.instanceIds(id)).startingInstances().get(0);
        assertThat(starting.currentState().name()).isEqualTo(InstanceStateName.PENDING);
        sim.advance(inScenario(s -> s.instanceBootTime));
        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.RUNNING);

        String pending = ec2.runInstances(r -> r.imageId(describe(id).imageId()).minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        assertAwsError(() -> ec2.stopInstances(r -> r.instanceIds(pending)), "IncorrectInstanceState");
        assertAwsError(() -> ec2.stopInstances(r -> r.instanceIds("i-0123456789abcdef0")),
                "InvalidInstanceID.NotFound");
    }

    @Test
    void terminateDeletesDeleteOnTerminationVolumesAndKeepsTheOthers() {
        String id = runningInstance(r -> r.blockDeviceMappings(
                b -> b.deviceName("/dev/sdf").ebs(e -> e.volumeSize(5).deleteOnTermination(false))));
        List<String> volumeIds = describe(id).blockDeviceMappings().stream().map(b -> b.ebs().volumeId()).toList();

        assertDryRun(() -> ec2.terminateInstances(r -> r.instanceIds(id).dryRun(true)));
        InstanceStateChange change = ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0);

        assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(describe(id).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(ec2.describeVolumes().volumes()).singleElement().satisfies(v -> {
            assertThat(v.volumeId()).isIn(volumeIds);
            assertThat(v.size()).isEqualTo(5);
            assertThat(v.state()).isEqualTo(VolumeState.AVAILABLE);
            assertThat(v.attachments()).isEmpty();
        });
        assertAwsError(() -> ec2.describeVolumes(r -> r.volumeIds(volumeIds)), "InvalidVolume.NotFound");
        assertAwsError(() -> ec2.describeVolumes(r -> r.volumeIds("volume-1")), "InvalidVolumeID.Malformed");

        sim.advance(Ec2World.TERMINATED_VISIBLE_FOR);
        assertAwsError(() -> describe(id), "InvalidInstanceID.NotFound");
    }

    @Test
    void tagsAreCreatedAndDeletedOnEveryKindOfResource() {
        String instanceId = runningInstance();
        String imageId = ec2.createImage(r -> r.instanceId(instanceId).name("web-1").noReboot(true)).imageId();
        String snapshotId = inWorld(w -> w.image(imageId).snapshotIds().get(0));
        String volumeId = describe(instanceId).blockDeviceMappings().get(0).ebs().volumeId();
        String templateId = ec2.createLaunchTemplate(r -> r.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(imageId))).launchTemplate().launchTemplateId();
        List<String> all = List.of(instanceId, imageId, snapshotId, volumeId, templateId);

        assertDryRun(() -> ec2.createTags(r -> r.resources(all).tags(tag("env", "prod")).dryRun(true)));
        ec2.createTags(r -> r.resources(all).tags(tag("env", "prod"), tag("team", "ops")));

        assertThat(describe(instanceId).tags()).contains(tag("env", "prod"), tag("team", "ops"));
        assertThat(describeImage(imageId).tags()).contains(tag("env", "prod"));
        assertThat(ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0).tags())
                .contains(tag("env", "prod"));
        assertThat(ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0).tags())
                .contains(tag("env", "prod"));
        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateIds(templateId)).launchTemplates().get(0).tags())
                .contains(tag("env", "prod"));

        ec2.deleteTags(r -> r.resources(all).tags(tag("env", "staging"), Tag.builder().key("team").build()));
        assertThat(describe(instanceId).tags()).containsExactly(tag("env", "prod"));
        ec2.deleteTags(r -> r.resources(instanceId).tags(tag("env", "prod")));
        assertThat(describe(instanceId).tags()).isEmpty();

        assertAwsError(() -> ec2.createTags(r -> r.resources("web-1").tags(tag("a", "b"))), "InvalidID");
        assertAwsError(() -> ec2.createTags(r -> r.resources("ami-0123456789abcdef0").tags(tag("a", "b"))),
                "InvalidAMIID.NotFound");
        assertAwsError(() -> ec2.createTags(r -> r.resources("lt-0123456789abcdef0").tags(tag("a", "b"))),
                "InvalidLaunchTemplateId.NotFound");
        assertAwsError(() -> ec2.createTags(r -> r.resources(instanceId).tags(tag("aws:reserved", "x"))),
                "InvalidParameterValue");
        assertAwsError(() -> ec2.createTags(r -> r.resources(instanceId)), "MissingParameter");
    }
}
