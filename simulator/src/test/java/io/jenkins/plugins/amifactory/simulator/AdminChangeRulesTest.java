package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin endpoint changes the simulator only for a request a web page cannot make: a POST whose
 * parameters are an {@code application/x-www-form-urlencoded} body, with the header {@code
 * X-Ami-Factory-Admin: 1}. Anything else is refused before it changes anything; reads stay plain GETs.
 */
class AdminChangeRulesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private SimulatorKit sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> post(String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder b = sim.request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return sim.send(b);
    }

    private int failNextImages() {
        return sim.readScenario(s -> s.failNextImages);
    }

    @Test
    void theDocumentedChangeWorks() {
        HttpResponse<String> ok = post("/_simulator/scenario", "failNextImages=2&imageBaseSeconds=5",
                "Content-Type", FORM + "; charset=UTF-8", "X-Ami-Factory-Admin", "1");

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"failNextImages\":2").contains("\"imageBaseSeconds\":5");
        assertThat(failNextImages()).isEqualTo(2);
    }

    @Test
    void withoutTheAdminHeaderAChangeIsRefused() {
        HttpResponse<String> none = post("/_simulator/scenario", "failNextImages=2", "Content-Type", FORM);
        HttpResponse<String> wrong = post("/_simulator/scenario", "failNextImages=2", "Content-Type", FORM,
                "X-Ami-Factory-Admin", "yes");

        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
        assertThat(none.body()).contains("X-Ami-Factory-Admin: 1");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
        assertThat(failNextImages()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=x", "application/json", ""})
    void aChangeInAnotherContentTypeIsRefused(String contentType) {
        HttpResponse<String> answer = contentType.isEmpty()
                ? post("/_simulator/scenario", "failNextImages=2", "X-Ami-Factory-Admin", "1")
                : post("/_simulator/scenario", "failNextImages=2", "Content-Type", contentType,
                        "X-Ami-Factory-Admin", "1");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(415);
        assertThat(answer.body()).contains("application/x-www-form-urlencoded");
        assertThat(failNextImages()).isZero();
    }

    @Test
    void parametersInTheQueryStringAreRefusedNotApplied() {
        Instant before = sim.world.now();

        HttpResponse<String> answer = post("/_simulator/clock/advance?seconds=90", "",
                "Content-Type", FORM, "X-Ami-Factory-Admin", "1");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("query string").contains("body");
        assertThat(sim.world.now()).isEqualTo(before);
    }

    @Test
    void aGetWithAQueryIsRefused() {
        Instant before = sim.world.now();

        HttpResponse<String> change = sim.send(sim.request("/_simulator/clock/advance?seconds=90").GET());
        HttpResponse<String> read = sim.send(sim.request("/_simulator/state?seconds=90").GET());

        assertThat(change.statusCode()).as(change.body()).isEqualTo(405);
        assertThat(change.headers().firstValue("Allow")).hasValue("POST");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(400);
        assertThat(read.body()).contains("query string");
        assertThat(sim.world.now()).isEqualTo(before);
    }

    @Test
    void readsStayPlainGets() {
        HttpResponse<String> state = sim.send(sim.request("/_simulator/state").GET());
        HttpResponse<String> calls = sim.send(sim.request("/_simulator/calls").GET());

        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"scenario\":");
        assertThat(calls.statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowFaultIsCappedAtAMinute() {
        HttpResponse<String> tooSlow = post("/_simulator/faults", "action=DescribeImages&kind=slow&delayMillis=60001",
                "Content-Type", FORM, "X-Ami-Factory-Admin", "1");
        HttpResponse<String> slowest = post("/_simulator/faults", "action=DescribeImages&kind=slow&delayMillis=60000",
                "Content-Type", FORM, "X-Ami-Factory-Admin", "1");

        assertThat(tooSlow.statusCode()).as(tooSlow.body()).isEqualTo(400);
        assertThat(tooSlow.body()).contains("'delayMillis'").contains("60000");
        assertThat(slowest.statusCode()).as(slowest.body()).isEqualTo(200);
        assertThat(sim.faults().rules()).singleElement()
                .satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void aSlowFaultRuleOfMoreThanAMinuteCannotBeMade() {
        assertThatThrownBy(() -> new Faults.Rule("*", Faults.Kind.SLOW, 1, 1, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay").hasMessageContaining("60 s");
        assertThatThrownBy(() -> new Faults.Rule("*", Faults.Kind.SLOW, 1, 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThat(new Faults.Rule("*", Faults.Kind.SLOW, 1, 1, Duration.ofSeconds(60)).delay())
                .isEqualTo(Duration.ofSeconds(60));
    }
}
