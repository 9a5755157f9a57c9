package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EC2 and Auto Scaling calls arrive as the SDKs and the AWS CLI send them: a POST whose body holds every
 * parameter, form-encoded. A GET (which an image tag or a link can make) and a query string are refused
 * rather than half-read, so what a call does never depends on which half of the request a reader trusted.
 */
class QueryEndpointRulesTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String CREATE_TEMPLATE = "Action=CreateLaunchTemplate&Version=2016-11-15"
            + "&LaunchTemplateName=web&LaunchTemplateData.InstanceType=t3.micro";

    private SimulatorKit sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** A POST of {@code body} in {@code contentType} (none when null). */
    private HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder request = sim.request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body));
        return sim.send(contentType == null ? request : request.header("Content-Type", contentType));
    }

    private int templates() {
        return sim.ec2.describeLaunchTemplates().launchTemplates().size();
    }

    @Test
    void aFormPostIsServed() {
        HttpResponse<String> answer = post("/", FORM, CREATE_TEMPLATE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(templates()).isOne();
    }

    @Test
    void aGetIsRefusedEvenForACompleteCall() {
        HttpResponse<String> answer = sim.send(sim.request("/?" + CREATE_TEMPLATE).GET());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
        assertThat(answer.body()).contains("<Code>MethodNotAllowed</Code>").contains("POST");
        assertThat(templates()).isZero();
    }

    @Test
    void aQueryStringOnAPostIsRefusedNotIgnored() {
        HttpResponse<String> onlyQuery = post("/?" + CREATE_TEMPLATE, FORM, "");
        HttpResponse<String> both = post("/?LaunchTemplateName=other", FORM, CREATE_TEMPLATE);

        assertThat(onlyQuery.statusCode()).as(onlyQuery.body()).isEqualTo(400);
        assertThat(onlyQuery.body()).contains("query string");
        assertThat(both.statusCode()).as(both.body()).isEqualTo(400);
        assertThat(templates()).isZero();
    }

    @Test
    void aBodyInAnotherContentTypeIsRefused() {
        HttpResponse<String> plain = post("/", "text/plain", CREATE_TEMPLATE);
        HttpResponse<String> none = post("/", null, CREATE_TEMPLATE);

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(415);
        assertThat(plain.body()).contains("application/x-www-form-urlencoded");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(415);
        assertThat(templates()).isZero();
    }
}
