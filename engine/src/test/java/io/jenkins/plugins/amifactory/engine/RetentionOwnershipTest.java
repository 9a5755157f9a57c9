package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention removes what this tool made, recognised by its tags, and keeps its promise on both kinds of group. */
class RetentionOwnershipTest extends ShopTest {

    @Test
    void onALaunchTemplateGroupRetentionKeepsOnlyTheNewestImagesAndTheirVersions() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        List<RolloutResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RolloutResult r = shop.run(shop.request().imageName("{group}-" + i + "-{yyyyMMdd-HHmmss}").keepImages(1)
                    .refresh(false).build());
            assertThat(r.succeeded()).as(r.message()).isTrue();
            results.add(r);
            shop.world.advance(Duration.ofMinutes(1));
        }
        String last = results.get(4).imageId();

        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images()).filteredOn(i -> "available".equals(i.stateAsString()))
                .extracting(Image::imageId).containsExactly(last);
        var versions = shop.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(shop.templateId)).launchTemplateVersions();
        assertThat(versions).extracting(v -> v.versionNumber()).as("the base version and the one in use")
                .containsExactlyInAnyOrder(1L, results.get(4).launchTemplateVersion());
        assertThat(results.get(4).ledger()).anySatisfy(e -> assertThat(e.toString())
                .matches("launch template version lt-\\w+:\\d+: deleted by retention"));
    }

    @Test
    void aLaunchConfigurationSomeoneElseNamedLikeTheImageSurvivesAndKeepsItsImage() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult first = shop.run(shop.request().imageName("{group}-0-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());
        String lookalike = first.imageName() + "-hotfix-by-ops";
        shop.autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName(lookalike).imageId(first.imageId())
                .instanceType("t3.micro"));
        shop.world.advance(Duration.ofMinutes(1));
        RolloutResult second = shop.run(shop.request().imageName("{group}-1-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());
        assertThat(second.succeeded()).as(second.message()).isTrue();

        assertThat(shop.autoScaling.describeLaunchConfigurations().launchConfigurations())
                .extracting(lc -> lc.launchConfigurationName()).contains(lookalike)
                .as("the tool's own configuration for the old Image, which no group uses, goes")
                .doesNotContain(first.launchConfiguration());
        assertThat(shop.ec2.describeImages(r -> r.imageIds(first.imageId())).images().get(0).stateAsString())
                .as("an Image someone's configuration names stays").isEqualTo("available");
    }

    @Test
    void anUnreferencedOldImageGoesWithTheConfigurationMadeForIt() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult first = shop.run(shop.request().imageName("{group}-0-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());
        shop.world.advance(Duration.ofMinutes(1));
        RolloutResult second = shop.run(shop.request().imageName("{group}-1-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());

        assertThat(second.ledger()).extracting(LedgerEntry::toString).contains(
                "launch configuration " + first.launchConfiguration() + ": deleted by retention",
                "image " + first.imageId() + ": deregistered by retention");
        assertThat(shop.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots())
                .noneMatch(snap -> first.snapshotIds().contains(snap.snapshotId()));
    }

    @Test
    void anOldImageSharedWithAnotherAccountOrNamedThroughAParameterStays() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RolloutResult r = shop.run(shop.request().imageName("{group}-" + i + "-{yyyyMMdd-HHmmss}").keepImages(1)
                    .refresh(false).build());
            assertThat(r.succeeded()).as(r.message()).isTrue();
            made.add(r.imageId());
            if (i == 0) {
                // Another account launches from the first Image; someone's template reaches the second through SSM.
                shop.ec2.modifyImageAttribute(m -> m.imageId(r.imageId()).launchPermission(p -> p.add(
                        lp -> lp.userId("210987654321"))));
            } else if (i == 1) {
                shop.kit().seed().ssmParameter("/images/web", r.imageId());
                shop.ec2.createLaunchTemplate(t -> t.launchTemplateName("reads-a-parameter")
                        .launchTemplateData(d -> d.imageId("resolve:ssm:/images/web").instanceType("t3.micro")));
            }
            shop.world.advance(Duration.ofMinutes(1));
        }

        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images()).filteredOn(i -> "available".equals(i.stateAsString()))
                .extracting(Image::imageId).containsExactlyInAnyOrderElementsOf(made);
    }

    @Test
    void aPlanSaysWhatRetentionWouldRemoveAndWhyTheOthersStay() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        List<RolloutResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(shop.run(shop.request().imageName("{group}-" + i + "-{yyyyMMdd-HHmmss}").keepImages(5)
                    .refresh(false).build()));
            shop.world.advance(Duration.ofMinutes(1));
        }
        String referenced = results.get(0).imageId();
        shop.ec2.createLaunchTemplate(t -> t.launchTemplateName("someone-elses").launchTemplateData(d -> d
                .imageId(referenced)));
        long before = shop.mutatingCalls();
        RolloutResult plan = shop.run(shop.request().keepImages(2).planOnly(true).build());

        assertThat(plan.status()).isEqualTo(RolloutStatus.PLANNED);
        assertThat(shop.mutatingCalls()).as("a plan changes nothing").isEqualTo(before);
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  keeps " + referenced)
                .endsWith(": launch template someone-elses:1"));
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  would remove " + results.get(1).imageId()));
        assertThat(plan.plan()).contains("  would remove launch configuration " + results.get(1).launchConfiguration(),
                "  would remove launch configuration " + results.get(0).launchConfiguration());
        assertThat(plan.plan()).filteredOn(l -> l.startsWith("  would") || l.startsWith("  keeps"))
                .as("the newest Image is kept without a word").noneMatch(l -> l.contains(results.get(2).imageId()));
    }

    @Test
    void imagesAndSnapshotsWithForgedOrCopiedTagsSurvive() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult first = shop.run(shop.request().imageName("{group}-0-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());
        String source = shop.sourceInstance();
        String otherInstance = shop.group().instances().stream().map(i -> i.instanceId())
                .filter(id -> !id.equals(source)).findFirst().orElseThrow();
        Map<String, String> copied = new HashMap<>();
        shop.ec2.describeImages(r -> r.imageIds(first.imageId())).images().get(0).tags()
                .forEach(t -> copied.put(t.key(), t.value()));
        var seed = shop.kit().seed();
        // Made from another instance, with the tool's Image's tags copied onto it and its snapshots.
        String fromOther = seed.imagesOf(otherInstance, 1, n -> "web-copied", n -> copied).get(0);
        // Registered (AWS records no source instance), tagged as the tool tags.
        String registered = seed.images(1, n -> "web-registered", n -> freshTags(source)).get(0);
        // Made from the right instance, but only the Image was tagged afterwards: its snapshots carry nothing.
        String imageOnly = shop.ec2.createImage(r -> r.instanceId(source).name("web-tagged-later").noReboot(true)).imageId();
        shop.ec2.createTags(r -> r.resources(imageOnly).tags(freshTags(source).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        // A rollout tag this tool never writes, and a look-alike name with no tags at all.
        Map<String, String> hotfix = new HashMap<>(freshTags(source));
        hotfix.put(Rollout.TAG_ROLLOUT, "hotfix-by-ops");
        String handTagged = seed.imagesOf(source, 1, n -> "web-hotfix", n -> hotfix).get(0);
        String lookalike = seed.imagesOf(source, 1, n -> first.imageName() + "-2", n -> Map.of()).get(0);
        List<String> foreign = List.of(fromOther, registered, imageOnly, handTagged, lookalike);
        List<String> foreignSnapshots = snapshotsOf(foreign);
        shop.world.advance(Duration.ofHours(1));

        RolloutResult plan = shop.run(shop.request().keepImages(1).planOnly(true).build());
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  keeps " + first.imageId())
                .endsWith("(a group uses it)"));
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  leaves " + fromOther + " alone: ")
                .contains("source-instance tag (" + source + ") is not the instance AWS made it from (" + otherInstance + ")"));
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  leaves " + registered + " alone: ")
                .endsWith("AWS records no source instance for it"));
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  leaves " + handTagged + " alone: ")
                .endsWith("its rollout tag is not one this tool writes"));
        assertThat(plan.plan()).anySatisfy(l -> assertThat(l).startsWith("  keeps " + imageOnly)
                .contains("does not carry its rollout tag"));
        assertThat(plan.plan()).noneMatch(l -> l.contains(lookalike));

        RolloutResult second = shop.run(shop.request().imageName("{group}-1-{yyyyMMdd-HHmmss}").keepImages(1)
                .refresh(false).build());
        assertThat(second.succeeded()).as(second.message()).isTrue();
        assertThat(second.ledger()).extracting(LedgerEntry::toString).contains("image " + first.imageId()
                + ": deregistered by retention");
        assertThat(shop.ec2.describeImages(r -> r.imageIds(foreign)).images()).extracting(Image::stateAsString)
                .as("no foreign Image goes").hasSize(foreign.size()).containsOnly("available");
        assertThat(shop.ec2.describeSnapshots(r -> r.snapshotIds(foreignSnapshots)).snapshots())
                .as("nor a snapshot that only carries a copied tag").hasSize(foreignSnapshots.size());
    }

    private static Map<String, String> freshTags(String source) {
        return Map.of(Rollout.TAG_GROUP, Shop.GROUP, Rollout.TAG_ROLLOUT, UUID.randomUUID().toString(),
                Rollout.TAG_CREATED_BY, "ops", Rollout.TAG_SOURCE_INSTANCE, source);
    }

    private List<String> snapshotsOf(List<String> images) {
        return shop.ec2.describeImages(r -> r.imageIds(images)).images().stream()
                .flatMap(i -> i.blockDeviceMappings().stream()).filter(m -> m.ebs() != null)
                .map(m -> m.ebs().snapshotId()).toList();
    }
}
