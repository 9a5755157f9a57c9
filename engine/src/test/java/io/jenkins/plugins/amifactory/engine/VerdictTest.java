package io.jenkins.plugins.amifactory.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a rollout ends, said once: the full reason goes to the listener when it happens, and the verdict refers to
 * it in one sentence with where the group is, so a log that prints both never repeats AWS's long reason.
 */
class VerdictTest extends ShopTest {

    private final List<String> heard = new ArrayList<>();
    private final RolloutListener listener = new RolloutListener() {
        @Override
        public void info(String message) {
            heard.add(message);
        }
    };

    @Test
    void aRolledBackRefreshIsToldOnceAndTheVerdictRefersToIt() throws IOException {
        shop = Shop.onLaunchTemplate(3, "$Latest");
        shop.scenario(s -> {
            s.unhealthyNextImages = 1;
            s.refreshStallTimeout = Duration.ofMinutes(20);
        });
        RolloutResult result = shop.run(shop.request().build(), listener);

        assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
        assertThat(result.brief()).isEqualTo("the Refresh was rolled back by AWS");
        assertThat(result.where()).isEqualTo("Group 'web' is on web-lt:$Latest (its previous configuration)");
        assertThat(result.verdict()).isEqualTo("Rollout of group 'web' FAILED: the Refresh was rolled back by AWS "
                + "(reason above). Group 'web' is on web-lt:$Latest (its previous configuration).");
        String reason = "Instance refresh " + result.refreshId() + " of group 'web' ended RollbackSuccessful";
        assertThat(heard).filteredOn(m -> m.contains(reason)).as("the full reason, told once").hasSize(1);
        assertThat(result.message()).startsWith(reason).endsWith(result.where());
        assertThat(result.verdict()).doesNotContain(reason);
    }

    @Test
    void aTimeoutSaysWhichWaitRanOut() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        shop.scenario(s -> s.imageBaseTime = Duration.ofHours(3));
        RolloutResult result = shop.run(shop.request().imageTimeout(Duration.ofMinutes(10)).build(), listener);

        assertThat(result.verdict()).isEqualTo("Rollout of group 'web' TIMED_OUT: the Image was not ready in time "
                + "(reason above). Group 'web' is on web-lc-1 (its previous configuration).");
        assertThat(heard).filteredOn(m -> m.contains("(imageTimeoutMinutes)")).hasSize(1);
    }

    @Test
    void aSuccessAndARefusalSayWhatTheyMeanForTheGroup() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult ok = shop.run(shop.request().build(), listener);
        assertThat(ok.verdict()).isEqualTo("Rollout of group 'web' SUCCEEDED: group 'web' is on "
                + ok.newConfiguration() + " with Image " + ok.imageId() + ".");
        assertThat(ok.brief()).isNull();
        assertThat(ok.where()).isNull();

        RolloutResult refused = shop.run(shop.request().asg("no-such-group").build(), listener);
        assertThat(refused.status()).isEqualTo(RolloutStatus.REJECTED);
        assertThat(refused.verdict()).isEqualTo("Rollout of group 'no-such-group' REJECTED: nothing was changed in "
                + "AWS (reason above).");
        assertThat(heard).filteredOn(m -> m.equals("Refused: " + refused.message())).hasSize(1);
    }

    @Test
    void theResultSaysWhereTheCallsWent() throws IOException {
        shop = Shop.onLaunchConfiguration(2);
        RolloutResult result = shop.run(shop.request().planOnly(true).build());
        assertThat(result.region()).isEqualTo(Shop.REGION);
        assertThat(result.customEndpoint()).as("the simulator is an endpoint of its own").isTrue();
    }
}
