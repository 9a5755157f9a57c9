package io.jenkins.plugins.amifactory.engine;

import io.jenkins.plugins.amifactory.simulator.Faults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Image;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlingAndRetentionTest extends ShopTest {


    @Test
    void aThrottlingStormSlowsTheRolloutDownButDoesNotFailIt() throws IOException {
        shop = Shop.onLaunchConfiguration(3);
        shop.server.faults().add(new Faults.Rule("*", Faults.Kind.THROTTLE, -1, 0.6, Duration.ZERO));
        List<String> notes = new ArrayList<>();
        RolloutResult result = shop.run(shop.request().build(), new RolloutListener() {
            @Override
            public void info(String message) {
                notes.add(message);
            }
        });

        shop.server.faults().clear();
        assertThat(result.status()).as(result.message()).isEqualTo(RolloutStatus.SUCCEEDED);
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("RequestLimitExceeded").contains("trying again in"));
        assertThat(shop.calls("ec2", "CreateImage")).as("a throttled CreateImage was never accepted twice")
                .isLessThanOrEqualTo(shop.calls("ec2", "DescribeImages"));
        assertThat(shop.ec2.describeImages(r -> r.owners("self")).images()).hasSize(1);
        assertThat(shop.imagesOfGroupInstances()).containsOnly(result.imageId());
    }

    @Test
    void backoffGrowsAndIsJittered() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            Duration d = Polling.backoff(attempt);
            long base = Math.min(120_000L, 2000L << Math.min(attempt - 1, 10));
            assertThat(d.toMillis()).isBetween(base / 2, base);
        }
    }

    @Test
    void retentionKeepsTheNewestImagesAndNeverOneStillReferenced() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RolloutResult r = shop.run(shop.request().imageName("{group}-" + i + "-{yyyyMMdd-HHmmss}").keepImages(2)
                    .refresh(false).build());
            assertThat(r.succeeded()).as(r.message()).isTrue();
            images.add(r.imageId());
            if (i == 0) {
                // The oldest Image stays referenced by a launch template version somebody else made.
                shop.ec2.createLaunchTemplate(t -> t.launchTemplateName("someone-elses").launchTemplateData(d -> d
                        .imageId(images.get(0))));
            }
            shop.world.advance(Duration.ofMinutes(1));
        }
        RolloutResult last = shop.run(shop.request().imageName("{group}-4-{yyyyMMdd-HHmmss}").keepImages(2)
                .refresh(false).build());
        assertThat(last.succeeded()).as(last.message()).isTrue();

        List<String> alive = shop.ec2.describeImages(r -> r.owners("self")).images().stream()
                .filter(i -> "available".equals(i.stateAsString())).map(Image::imageId).toList();
        assertThat(alive).contains(last.imageId(), images.get(3))
                .as("referenced by a template version").contains(images.get(0))
                .doesNotContain(images.get(1), images.get(2));
        assertThat(last.ledger()).filteredOn(e -> e.fate().equals("deregistered by retention")).hasSize(1);
        assertThat(shop.autoScaling.describeLaunchConfigurations().launchConfigurations())
                .extracting(lc -> lc.imageId()).as("launch configurations of removed Images went with them")
                .doesNotContain(images.get(1), images.get(2));
    }
}
