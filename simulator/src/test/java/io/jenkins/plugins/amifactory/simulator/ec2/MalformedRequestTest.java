package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no SDK would send, posted by hand: each gets an EC2-shaped 400 with AWS's code, never a 500.
 */
class MalformedRequestTest {

    private static SimulatorKit sim;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        sim = SimulatorKit.start();
        sim.baseImage("base", 8);
        post("Action=CreateLaunchTemplate&LaunchTemplateName=web&LaunchTemplateData.InstanceType=t3.micro");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static HttpResponse<String> post(String form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2016-11-15")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Action=NoSuchAction | InvalidAction",
        "Action=CreateLaunchTemplate&LaunchTemplateName=x1y&LaunchTemplateData..ImageId=ami-1 | InvalidParameterValue",
        "Action=CreateLaunchTemplate&LaunchTemplateName=x2y&LaunchTemplateData.BlockDeviceMapping.0.DeviceName=a"
                + " | InvalidParameterValue",
        "Action=CreateLaunchTemplate&LaunchTemplateName=x3y"
                + "&LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit=x | InvalidParameterValue",
        "Action=DescribeLaunchTemplateVersions&LaunchTemplateName=web&LaunchTemplateVersion.1=abc"
                + " | InvalidParameterValue",
        "Action=DescribeLaunchTemplateVersions | MissingParameter",
        "Action=DescribeImages&MaxResults=lots | InvalidParameterValue",
        "Action=DescribeImages&MaxResults=0 | InvalidParameterValue",
        "Action=DescribeImages&Filter.1.Value.1=x | MissingParameter",
        "Action=DescribeInstances&DryRun=maybe | InvalidParameterValue",
        "Action=RunInstances&ImageId=ami-0123456789abcdef0&MinCount=1&MaxCount=99999999999 | InvalidParameterValue",
        "Action=RunInstances&ImageId=ami-0123456789abcdef0&MinCount=1&MaxCount=1&BlockDeviceMapping.1.Ebs.VolumeSize=8"
                + " | MissingParameter",
        "Action=CopyImage&SourceRegion=../../etc&SourceImageId=ami-0123456789abcdef0&Name=copy | InvalidParameterValue",
        "Action=CopyImage&SourceImageId=ami-0123456789abcdef0&Name=copy | MissingParameter",
        "Action=CreateTags&ResourceId.1=i-0123456789abcdef0 | MissingParameter",
        "Action=CreateTags&ResourceId.1=-&Tag.1.Key=a | InvalidID",
        "Action=DeleteLaunchTemplateVersions&LaunchTemplateName=web | MissingParameter",
        "Action=DeleteLaunchTemplateVersions&LaunchTemplateVersion.1=1 | MissingParameter",
        "Action=TerminateInstances | MissingParameter",
        "Action=DescribeInstanceAttribute&InstanceId=i-0123456789abcdef0&Attribute=userData"
                + " | InvalidInstanceID.NotFound",
    })
    void answersAnEc2ClientError(String form, String code) {
        HttpResponse<String> answer = post(form);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("<Response><Errors><Error><Code>" + code + "</Code>");
    }
}
