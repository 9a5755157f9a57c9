package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An account seeded at the scale retention works at (200 Images, 50 launch templates of 20 versions) read back
 * page by page through the real SDK, and the page limits each Describe action has.
 */
class BulkSeedPagingWireTest extends Ec2WireTestBase {

    private List<String> images;
    private List<String> templates;

    private void seed() {
        images = sim.seed().images(200, i -> String.format("app-%03d", i),
                i -> Map.of("ami-factory:managed", "true", "build", String.valueOf(i)));
        templates = sim.seed().launchTemplates(50, 20, (t, v) -> Map.of(
                "ImageId", images.get((t * 20 + v) % images.size()), "InstanceType", "t3.micro"));
    }

    @Test
    void twoHundredImagesAndAThousandVersionsAreSeededAndListedInSeconds() {
        long start = System.nanoTime();
        seed();
        Duration seeding = Duration.ofNanos(System.nanoTime() - start);

        List<String> listedImages = ec2.describeImagesPaginator(r -> r.owners("self").maxResults(60)
                .filters(f -> f.name("tag:ami-factory:managed").values("true"))).images().stream()
                .map(i -> i.imageId()).toList();
        List<String> listedTemplates = ec2.describeLaunchTemplatesPaginator(r -> r.maxResults(15))
                .launchTemplates().stream().map(t -> t.launchTemplateId()).toList();
        int versions = 0;
        for (String t : listedTemplates) {
            versions += (int) ec2.describeLaunchTemplateVersionsPaginator(r -> r.launchTemplateId(t).maxResults(8))
                    .launchTemplateVersions().stream().count();
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);

        assertThat(listedImages).containsExactlyElementsOf(images);
        assertThat(listedTemplates).containsExactlyElementsOf(templates);
        assertThat(versions).isEqualTo(1000);
        assertThat(seeding).as("seeding in the world").isLessThan(Duration.ofSeconds(3));
        assertThat(total).as("seeding and listing everything").isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void seededTemplatesKeepTheirVersionsInOrderAndTheFirstAsDefault() {
        seed();
        String t = templates.get(3);

        List<LaunchTemplateVersion> all = ec2.describeLaunchTemplateVersionsPaginator(
                r -> r.launchTemplateId(t).maxResults(7)).launchTemplateVersions().stream().toList();

        assertThat(all).extracting(LaunchTemplateVersion::versionNumber)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).map(n -> 21 - n).boxed().toList());
        assertThat(all.get(19).defaultVersion()).isTrue();
        assertThat(all.get(19).launchTemplateData().imageId()).isEqualTo(images.get(60));
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.versions("$Latest").maxResults(200))
                .launchTemplateVersions()).hasSize(50);
    }

    @Test
    void describeImagesWithoutMaxResultsAnswersWithEverythingAtOnce() {
        seed();

        DescribeImagesResponse all = ec2.describeImages(r -> r.owners("self"));
        assertThat(all.images()).hasSize(200);
        assertThat(all.nextToken()).isNull();

        DescribeImagesResponse first = ec2.describeImages(r -> r.owners("self").maxResults(150));
        assertThat(first.images()).hasSize(150);
        DescribeImagesResponse rest = ec2.describeImages(r -> r.owners("self").maxResults(150)
                .nextToken(first.nextToken()));
        assertThat(rest.images()).hasSize(50);
        assertThat(rest.nextToken()).isNull();
    }

    @Test
    void pagesAreLimitedAsEachActionDocuments() {
        seed();
        String t = templates.get(0);

        assertThat(ec2.describeImages(r -> r.maxResults(1000)).images()).hasSize(200);
        assertAwsError(() -> ec2.describeImages(r -> r.maxResults(1001)), "InvalidParameterValue");
        assertThat(ec2.describeLaunchTemplates(r -> r.maxResults(200)).launchTemplates()).hasSize(50);
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.maxResults(201)), "InvalidParameterValue");
        DescribeLaunchTemplateVersionsResponse v =
                ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(t).maxResults(200));
        assertThat(v.launchTemplateVersions()).hasSize(20);
        assertThat(v.nextToken()).isNull();
        assertAwsError(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(t).maxResults(201)),
                "InvalidParameterValue");
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.nextToken("not-a-token")), "InvalidPaginationToken");
    }

    @Test
    void seedingKeepsTheRulesOfTheApi() {
        sim.seed().images(1, i -> "app-000", i -> Map.of());

        assertAwsErrorIn(() -> sim.seed().images(1, i -> "app-000", i -> Map.of()), "InvalidAMIName.Duplicate");
        assertAwsErrorIn(() -> sim.seed().launchTemplates(1, 1, (a, b) -> Map.of("ImageId", "resolve:ssm:/none")),
                "SsmInvalidParameter");
    }

    private static void assertAwsErrorIn(Runnable seeding, String code) {
        AwsException e = catchThrowableOfType(AwsException.class, seeding::run);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(code);
    }
}
