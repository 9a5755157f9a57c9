package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.Faults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each kind of injected fault on EC2 actions, as the SDK sees it; a faulted call changes nothing. */
class Ec2FaultsTest extends Ec2WireTestBase {

    private void inject(String action, Faults.Kind kind, Duration delay) {
        sim.server.faults().add(new Faults.Rule(action, kind, 1, 1, delay));
    }

    private AwsServiceException faultedCreateImage(String instanceId, Faults.Kind kind) {
        inject("ec2:CreateImage", kind, Duration.ZERO);
        return catchThrowableOfType(AwsServiceException.class,
                () -> ec2.createImage(r -> r.instanceId(instanceId).name("web-1").noReboot(true)));
    }

    private int ownImages() {
        return ec2.describeImages(r -> r.owners("self")).images().size();
    }

    @Test
    void throttlingIsRequestLimitExceeded() {
        String instanceId = runningInstance();

        AwsServiceException e = faultedCreateImage(instanceId, Faults.Kind.THROTTLE);

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(e.isThrottlingException()).isTrue();
        assertThat(ownImages()).isZero();
        assertThat(ec2.createImage(r -> r.instanceId(instanceId).name("web-1").noReboot(true)).imageId())
                .startsWith("ami-");
    }

    @Test
    void internalErrorIsA500() {
        String instanceId = runningInstance();

        AwsServiceException e = faultedCreateImage(instanceId, Faults.Kind.INTERNAL_ERROR);

        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
        assertThat(ownImages()).isZero();
    }

    @Test
    void unavailableIsA503() {
        String instanceId = runningInstance();

        AwsServiceException e = faultedCreateImage(instanceId, Faults.Kind.UNAVAILABLE);

        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
        assertThat(ownImages()).isZero();
    }

    @Test
    void slowAnswersNormallyAfterTheDelay() {
        String ami = baseImage(8);
        Duration delay = Duration.ofMillis(300);
        inject("DescribeImages", Faults.Kind.SLOW, delay);

        long started = System.nanoTime();
        assertThat(ec2.describeImages(r -> r.imageIds(ami)).images()).hasSize(1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void aDroppedConnectionIsAClientErrorThatChangesNothing() {
        String instanceId = runningInstance();
        inject("ec2:TerminateInstances", Faults.Kind.DROP, Duration.ZERO);

        assertThat(catchThrowableOfType(SdkClientException.class,
                () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)))).isNotNull();

        assertThat(ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .state().nameAsString()).isEqualTo("running");
    }
}
