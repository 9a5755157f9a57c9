package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Target;
import io.jenkins.plugins.amifactory.simulator.DemoShop;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's fourth act checks what AWS holds, and says NO when it is not what the fleet should have left. */
class DemoFleetTest {

    private static final String HOME = SimulatorKit.REGION;
    private static final String OTHER = DemoFleet.OTHER_REGION;

    private SimulatedAccount account;
    private DemoShop.SeededFleet shop;
    private AwsClients home;
    private AwsClients other;
    private DemoFleet act;

    @BeforeEach
    void open() throws IOException {
        account = new SimulatedAccount();
        shop = DemoShop.seedFleet(account.world, account.shop, OTHER);
        home = AwsClients.create(HOME, SimulatorKit.credentials(), account.server.endpoint());
        other = AwsClients.create(OTHER, SimulatorKit.credentials(), account.server.endpoint());
        act = new DemoFleet(HOME, Map.of(HOME, home, OTHER, other));
    }

    @AfterEach
    void close() {
        home.close();
        other.close();
        account.close();
    }

    @Test
    void aGroupRunsAnImageOnlyWhenEveryInstanceDoes() {
        DemoFleet.Check worker = act.runs(new Target("worker", HOME), account.shop.baseImageId(), "the base");
        assertThat(worker.ok()).as(worker.found()).isTrue();
        assertThat(worker.found()).isEqualTo("2 instances, all on " + account.shop.baseImageId() + " (the base)");

        DemoFleet.Check wrong = act.runs(new Target("web", OTHER), "ami-00000000000000000", "its copy in " + OTHER);
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.what()).isEqualTo("web@eu-west-1");
        assertThat(wrong.found()).isEqualTo("2 instances, on " + shop.otherBaseImageId()
                + ", not all on ami-00000000000000000 (its copy in eu-west-1)");
        assertThat(act.runs(new Target("web", OTHER), null, "its copy").ok()).as("no copy at all").isFalse();
    }

    @Test
    void aCopyIsEncryptedOnlyWhenItsSnapshotsAre() {
        DemoFleet.Check plain = act.encrypted(OTHER, shop.otherBaseImageId());
        assertThat(plain.ok()).isFalse();
        assertThat(plain.found()).endsWith("not all encrypted with one key");

        String copy;
        try (var ec2 = account.kit().ec2(Region.of(OTHER))) {
            copy = ec2.copyImage(r -> r.sourceRegion(HOME).sourceImageId(account.shop.baseImageId()).name("copy")
                    .encrypted(true).kmsKeyId(DemoFleet.KMS_KEY)).imageId();
        }
        account.world.advance(Duration.ofMinutes(5));
        DemoFleet.Check encrypted = act.encrypted(OTHER, copy);
        assertThat(encrypted.ok()).as(encrypted.found()).isTrue();
        assertThat(encrypted.what()).isEqualTo("copy in eu-west-1");
        assertThat(encrypted.found()).startsWith(copy + ", 1 snapshots, encrypted with arn:aws:kms:eu-west-1:");
    }
}
