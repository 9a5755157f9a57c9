package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.ssm.ParameterStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Launch template versions whose Image id is a Systems Manager parameter, through the real SDK. */
class SsmImageAliasWireTest extends Ec2WireTestBase {

    private static final String ALIAS = "resolve:ssm:/golden/web";

    private String template(String imageId) {
        return ec2.createLaunchTemplate(r -> r.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("t3.micro"))).launchTemplate()
                .launchTemplateId();
    }

    private String first;
    private String second;

    /** Two available Images, the parameter on the first, and a template whose Image id is the parameter. */
    private String templateOnTheFirstOfTwoImages() {
        first = baseImage(8);
        second = sim.baseImage("al2023-next", 8);
        sim.seed().ssmParameter("/golden/web", first);
        return template(ALIAS);
    }

    private List<LaunchTemplateVersion> versions(String templateId, boolean resolveAlias) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).resolveAlias(resolveAlias))
                .launchTemplateVersions();
    }

    @Test
    void anAliasMustNameAnImageParameterWhenTheVersionIsCreated() {
        AwsServiceException missing = assertAwsError(() -> template(ALIAS), "SsmInvalidParameter");
        assertThat(missing.awsErrorDetails().errorMessage()).contains("/golden/web");

        sim.seed().ssmParameter("/golden/web", "web-1.2.3", ParameterStore.TEXT);
        AwsServiceException text = assertAwsError(() -> template(ALIAS), "SsmInvalidParameter");
        assertThat(text.awsErrorDetails().errorMessage())
                .isEqualTo("Unsupported data type. The following parameter data types are supported: aws:ec2:image");

        sim.seed().ssmParameter("/golden/app", baseImage(8));
        assertAwsError(() -> template("resolve:ssm:/golden/app:2"), "SsmInvalidParameter");
        assertAwsError(() -> template("resolve:ssm:/golden/app:stable"), "SsmInvalidParameter");
        assertThat(template("resolve:ssm:/golden/app:1")).startsWith("lt-");
    }

    @Test
    void describeShowsTheAliasUnlessAskedToResolveIt() {
        String templateId = templateOnTheFirstOfTwoImages();
        LaunchTemplateVersion pinned = ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(templateId)
                .resolveAlias(true).launchTemplateData(d -> d.imageId("resolve:ssm:/golden/web:1")))
                .launchTemplateVersion();
        assertThat(pinned.launchTemplateData().imageId()).isEqualTo(first);

        assertThat(versions(templateId, false)).extracting(v -> v.launchTemplateData().imageId())
                .containsExactly("resolve:ssm:/golden/web:1", ALIAS);
        assertThat(versions(templateId, true)).extracting(v -> v.launchTemplateData().imageId())
                .containsExactly(first, first);

        sim.seed().ssmParameter("/golden/web", second);
        assertThat(versions(templateId, true)).extracting(v -> v.launchTemplateData().imageId())
                .containsExactly(first, second);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId)).launchTemplateVersions())
                .extracting(v -> v.launchTemplateData().imageId()).containsExactly("resolve:ssm:/golden/web:1", ALIAS);
    }

    @Test
    void runInstancesLaunchesTheImageTheParameterHoldsNow() {
        String ami = baseImage(8);
        sim.seed().ssmParameter("/golden/web", ami);

        String instanceId = ec2.runInstances(r -> r.imageId(ALIAS).instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();

        assertThat(ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .imageId()).isEqualTo(ami);
        assertAwsError(() -> ec2.runInstances(r -> r.imageId("resolve:ssm:/nothing").minCount(1).maxCount(1)),
                "SsmInvalidParameter");
    }

    @Test
    void autoScalingLaunchesFollowTheParameter() {
        String templateId = templateOnTheFirstOfTwoImages();
        sim.autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateId(templateId).version("$Default"))
                .minSize(0).maxSize(4).desiredCapacity(1).availabilityZones("us-east-1a"));
        sim.advance(Duration.ofMinutes(2));

        sim.seed().ssmParameter("/golden/web", second);
        sim.autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").desiredCapacity(2));
        sim.advance(Duration.ofMinutes(2));

        assertThat(sim.group("web").instances()).extracting(i -> imageOf(i.instanceId()))
                .containsExactlyInAnyOrder(first, second);
    }

    private String imageOf(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .imageId();
    }

    @Test
    void theAdminEndpointSeedsParameters() {
        String ami = baseImage(8);
        HttpResponse<String> put = sim.admin("/ssm-parameter", "name=/golden/web&value=" + ami);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"version\":1").contains("\"dataType\":\"aws:ec2:image\"");

        String templateId = template(ALIAS);
        assertThat(versions(templateId, true).get(0).launchTemplateData().imageId()).isEqualTo(ami);

        HttpResponse<String> bad = sim.admin("/ssm-parameter", "name=/golden/web&value=not-an-ami");
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
