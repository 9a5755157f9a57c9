package io.jenkins.plugins.amifactory.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorCommandTest {

    @Test
    void printsTheEndpointFirstAndServesUntilCtrlC() throws Exception {
        TestInterrupts ctrlC = new TestInterrupts();
        CliHarness cli = new CliHarness().with(c -> c.withInterrupts(ctrlC));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("simulator", "--time-scale", "1"));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(ctrlC.isArmed() && cli.out().contains("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String first = cli.out().lines().findFirst().orElseThrow();
        assertThat(first).matches("endpoint=http://127\\.0\\.0\\.1:\\d+");
        URI endpoint = URI.create(first.substring("endpoint=".length()));

        HttpResponse<String> state = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/_simulator/state")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(JsonReader.read(state.body())).isInstanceOf(java.util.Map.class);

        assertThat(ctrlC.fire()).isTrue();
        assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(ctrlC.released).containsExactly(ExitCodes.OK);
        assertThat(cli.err()).contains("Simulator stopped.");
    }
}
