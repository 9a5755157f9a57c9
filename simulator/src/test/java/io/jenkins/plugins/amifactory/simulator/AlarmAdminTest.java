package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.cloudwatch.Alarms;
import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /_simulator/alarm} puts a region's CloudWatch alarm in ALARM or OK, now or some simulated seconds
 * later, under the rules of every admin change; {@code GET /_simulator/state} shows the alarms and what is to come.
 */
class AlarmAdminTest {

    private SimulatorKit sim;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Map<String, Alarms.State> alarms(String region) {
        return sim.world.call(() -> sim.world.alarms(region).all());
    }

    private String state() {
        return sim.send(sim.request("/_simulator/state").GET()).body();
    }

    @Test
    void aFormPostWithTheHeaderSetsAnAlarmOfTheDefaultRegionNow() {
        HttpResponse<String> ok = sim.admin("/alarm", "name=web-5xx-errors&state=ALARM");

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"alarms\":{\"us-east-1\":{\"web-5xx-errors\":\"ALARM\"}}");
        assertThat(alarms(SimulatorKit.REGION)).containsExactly(Map.entry("web-5xx-errors", Alarms.State.ALARM));
        assertThat(sim.admin("/alarm", "name=web-5xx-errors&state=ok").statusCode()).isEqualTo(200);
        assertThat(alarms(SimulatorKit.REGION)).containsExactly(Map.entry("web-5xx-errors", Alarms.State.OK));
    }

    @Test
    void afterSecondsChangesTheAlarmOfTheGivenRegionThatMuchSimulatedTimeLater() {
        HttpResponse<String> ok = sim.admin("/alarm", "region=eu-west-1&name=canary&state=ALARM&afterSeconds=90");

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(alarms("eu-west-1")).isEmpty();
        assertThat(state()).contains("\"alarmChanges\":[{").contains("\"region\":\"eu-west-1\"")
                .contains("\"name\":\"canary\"").contains("\"at\":\"2026-01-05T10:01:30.000Z\"");
        sim.advance(Duration.ofSeconds(89));
        assertThat(alarms("eu-west-1")).isEmpty();
        sim.advance(Duration.ofSeconds(1));
        assertThat(alarms("eu-west-1")).containsExactly(Map.entry("canary", Alarms.State.ALARM));
        assertThat(alarms(SimulatorKit.REGION)).isEmpty();
        assertThat(state()).contains("\"alarms\":{\"eu-west-1\":{\"canary\":\"ALARM\"}}")
                .contains("\"alarmChanges\":[]");
    }

    @Test
    void withoutTheAdminHeaderOrAsAGetNothingChanges() {
        HttpResponse<String> noHeader = sim.send(sim.request("/_simulator/alarm")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=web-5xx-errors&state=ALARM")));
        HttpResponse<String> get = sim.send(sim.request("/_simulator/alarm").GET());

        assertThat(noHeader.statusCode()).as(noHeader.body()).isEqualTo(403);
        assertThat(noHeader.body()).contains("X-Ami-Factory-Admin: 1");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(alarms(SimulatorKit.REGION)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "state=ALARM                                   | 'name' is required",
            "name=canary                                   | 'state' is required",
            "name=canary&state=RED                         | 'state' must be one of [OK, ALARM]",
            "name=canary&state=ALARM&afterSeconds=-1       | 'afterSeconds' must not be negative",
            "name=canary&state=ALARM&afterSeconds=soon     | 'afterSeconds' must be a whole number"})
    void aBadFormIsA400NamingTheParameter(String form, String error) {
        HttpResponse<String> answer = sim.admin("/alarm", form);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains(error);
        assertThat(alarms(SimulatorKit.REGION)).isEmpty();
    }

    @Test
    void aNameAwsWouldNotTakeIsA400() {
        HttpResponse<String> answer = sim.admin("/alarm", "name=" + "x".repeat(256) + "&state=ALARM");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("1 to 255 characters");
    }
}
