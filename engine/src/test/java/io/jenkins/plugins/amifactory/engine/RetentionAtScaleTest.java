package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Image;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention in a large account: 200 Images the tool made for the group and 50 launch templates of 20 versions
 * each. It must page every listing, spread its calls over polls, keep what is referenced and still finish.
 */
class RetentionAtScaleTest extends ShopTest {

    private static final int IMAGES = 200;
    private static final int TEMPLATES = 50;
    private static final int VERSIONS = 20;

    @Test
    void anAbortDuringRetentionKeepsTheVerdictAndStopsRemoving() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        List<String> images = seedImages(40, new HashMap<>());
        Rollout rollout = Rollout.start(shop.request().keepImages(1).refresh(false).build(), shop.world.now(), null);
        shop.stepUntil(rollout, Phase.CLEANUP);
        while (rollout.result().ledger().stream().noneMatch(e -> e.fate().equals("deregistered by retention"))) {
            shop.step(rollout);
        }
        rollout.abort("stopped by the user");
        RolloutResult result = shop.finish(rollout);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.group().launchConfigurationName()).isEqualTo(result.launchConfiguration());
        long left = shop.ec2.describeImages(r -> r.imageIds(images)).images().size();
        assertThat(left).as("retention stopped part way").isGreaterThan(1).isLessThan(images.size());
        assertThat(result.ledger()).filteredOn(e -> e.fate().equals("deregistered by retention"))
                .hasSize(images.size() - (int) left);
    }

    @Test
    void aRolloutResumedDuringRetentionScansAgainAndFinishesTheJob() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        List<String> images = seedImages(40, new HashMap<>());
        RolloutRequest request = shop.request().keepImages(2).refresh(false).build();
        Rollout rollout = Rollout.start(request, shop.world.now(), null);
        shop.stepUntil(rollout, Phase.CLEANUP);
        for (int i = 0; i < 4; i++) {
            shop.step(rollout);
        }
        Rollout resumed = Rollout.resume(request, Shop.roundTrip(rollout.state()), null);
        RolloutResult result = shop.finish(resumed);

        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(shop.ec2.describeImages(r -> r.imageIds(images)).images()).extracting(Image::imageId)
                .as("the newest seeded Image and the rollout's own stay").containsExactly(images.get(images.size() - 1));
    }

    /** {@code count} Images made as a rollout makes them, 30 s apart, all available; their ids, oldest first. */
    private List<String> seedImages(int count, Map<String, String> rolloutOf) {
        String source = shop.sourceInstance();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String rollout = UUID.randomUUID().toString();
            Map<String, String> tags = Map.of(Rollout.TAG_GROUP, Shop.GROUP, Rollout.TAG_ROLLOUT, rollout,
                    Rollout.TAG_CREATED_BY, "web-deploy#" + i, Rollout.TAG_SOURCE_INSTANCE, source);
            String name = "web-old-" + i;
            String id = shop.kit().seed().imagesOf(source, 1, n -> name, n -> tags).get(0);
            images.add(id);
            rolloutOf.put(id, rollout);
            // Distinct creation dates, so that "the newest" is well defined.
            shop.world.advance(Duration.ofSeconds(30));
        }
        shop.world.advance(Duration.ofHours(2));
        return images;
    }

    @Test
    void aLargeAccountIsCleanedInPacedPagedStepsAndEveryReferencedImageStays() throws IOException {
        shop = Shop.onLaunchTemplate(2, "1");
        String source = shop.sourceInstance();
        Map<String, String> rolloutOf = new HashMap<>();
        List<String> images = seedImages(IMAGES, rolloutOf);
        // Someone's 50 templates: the first two versions of each name one of ten old Images, the rest the base image.
        Set<String> referenced = new HashSet<>();
        for (int k = 0; k < 10; k++) {
            referenced.add(images.get(k * 5));
        }
        List<String> referencedList = new ArrayList<>(referenced);
        shop.kit().seed().launchTemplates(TEMPLATES, VERSIONS, (t, v) -> Map.of("ImageId",
                v < 2 ? referencedList.get((t + v) % referencedList.size()) : shop.baseImage, "InstanceType", "t3.micro"));
        // Versions of the group's own template that earlier rollouts wrote around five old Images, and one that
        // only says so in a description naming another rollout.
        List<String> pruned = images.subList(100, 105);
        for (String id : pruned) {
            shop.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(shop.templateId)
                    .versionDescription("ami-factory web-old from " + source + " (rollout " + rolloutOf.get(id) + ")")
                    .launchTemplateData(d -> d.imageId(id)));
        }
        String misdescribed = images.get(105);
        shop.ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(shop.templateId)
                .versionDescription("ami-factory web-old from " + source + " (rollout " + UUID.randomUUID() + ")")
                .launchTemplateData(d -> d.imageId(misdescribed)));
        referenced.add(misdescribed);
        shop.kit().resetCounters();

        Rollout rollout = Rollout.start(shop.request().keepImages(3).refresh(false).build(), shop.world.now(), null);
        shop.stepUntil(rollout, Phase.CLEANUP);
        int before = rollout.result().totalApiCalls();
        int polls = 0;
        int mostInOnePoll = 0;
        Next next;
        do {
            int calls = rollout.result().totalApiCalls();
            next = shop.step(rollout);
            mostInOnePoll = Math.max(mostInOnePoll, rollout.result().totalApiCalls() - calls);
            polls++;
        } while (!next.isFinished());
        RolloutResult result = next.result();
        int cleanupCalls = result.totalApiCalls() - before;

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(mostInOnePoll).as("calls in one poll").isLessThanOrEqualTo(Retention.CALLS_PER_POLL);
        assertThat(polls).as("retention is spread over polls").isGreaterThan(10);
        assertThat(shop.calls("ec2", "DescribeLaunchTemplateVersions")).as("one page per template")
                .isGreaterThanOrEqualTo(TEMPLATES + 1);
        assertThat(shop.calls("ec2", "DescribeImages")).as("the group's Images are paged")
                .isGreaterThanOrEqualTo(IMAGES / RetentionScan.PAGE + 1);

        Set<String> left = new HashSet<>();
        for (Image image : shop.ec2.describeImages(r -> r.owners("self")).images()) {
            left.add(image.imageId());
        }
        List<String> newest = images.subList(IMAGES - 2, IMAGES);
        assertThat(left).as("every referenced Image and the newest three stay").containsAll(referenced)
                .containsAll(newest).contains(result.imageId());
        assertThat(images).filteredOn(left::contains).as("nothing else of the tool's stays")
                .hasSize(referenced.size() + newest.size());
        int removed = IMAGES - referenced.size() - newest.size();
        assertThat(result.ledger()).filteredOn(e -> e.fate().equals("deregistered by retention")).hasSize(removed);
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("launch template version")
                && e.fate().equals("deleted by retention")).hasSize(pruned.size());
        assertThat(result.ledger()).filteredOn(e -> e.kind().equals("snapshot")
                && e.fate().equals("deleted by retention")).hasSize(removed * 2);
        // The scan is a fixed number of pages plus one look at each candidate's sharing; every removal one call.
        int scanBound = 2 * (IMAGES / RetentionScan.PAGE + 1) + 4 + TEMPLATES + 2 + 2 + IMAGES;
        assertThat(cleanupCalls).as("calls spent by retention").isLessThanOrEqualTo(scanBound + 1 + removed * 3);
    }
}
