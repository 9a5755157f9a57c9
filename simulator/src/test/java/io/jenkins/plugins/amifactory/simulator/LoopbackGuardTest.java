package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Only this machine's own clients reach the simulator: a Host header naming anything but the loopback
 * interface and the simulator's port (a DNS-rebinding page) is refused, and so is any request a web page
 * of another origin makes, before it changes anything. The SDK's own Host headers pass.
 */
class LoopbackGuardTest {

    private static final String CREATE_TEMPLATE = "Action=CreateLaunchTemplate&Version=2016-11-15"
            + "&LaunchTemplateName=web&LaunchTemplateData.InstanceType=t3.micro";

    private SimulatorKit sim;
    private int port;

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
        port = sim.endpoint().getPort();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RawHttp.Answer adminChange(String host, String... headers) throws IOException {
        String[] all = new String[headers.length + 1];
        all[0] = "X-Ami-Factory-Admin: 1";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return RawHttp.postForm(sim.endpoint(), "/_simulator/scenario", host, "failNextImages=2", all);
    }

    private int failNextImages() {
        return sim.readScenario(s -> s.failNextImages);
    }

    private void assertNoTemplateWasCreated() {
        assertThat(sim.calls("ec2", "CreateLaunchTemplate")).isZero();
        assertThat(sim.ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:%d", "rebind.attacker.test:%d", "127.0.0.1.nip.io:%d", "localhost.:%d",
            "127.0.0.1:%d0", "127.0.0.1"})
    void aForeignHostHeaderIsRefusedAndChangesNothing(String host) throws IOException {
        String header = host.formatted(port);

        RawHttp.Answer admin = adminChange(header);
        RawHttp.Answer aws = RawHttp.postForm(sim.endpoint(), "/", header, CREATE_TEMPLATE);

        assertThat(admin.status()).as(admin.body()).isEqualTo(421);
        assertThat(admin.body()).contains("Host").contains(header).contains("127.0.0.1:" + port);
        assertThat(aws.status()).as(aws.body()).isEqualTo(421);
        assertThat(aws.body()).contains("<Code>MisdirectedRequest</Code>").contains(header);
        assertThat(failNextImages()).isZero();
        assertNoTemplateWasCreated();
    }

    @Test
    void aRequestWithoutHostIsRefused() throws IOException {
        RawHttp.Answer answer = RawHttp.send(sim.endpoint(), "GET /_simulator/state HTTP/1.0", new byte[0]);

        assertThat(answer.status()).as(answer.body()).isEqualTo(421);
        assertThat(answer.body()).contains("Host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LocalHost:%d", "[::1]:%d"})
    void theLoopbackNamesWithTheSimulatorsPortAreServed(String host) throws IOException {
        RawHttp.Answer answer = adminChange(host.formatted(port));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(failNextImages()).isEqualTo(2);
    }

    @Test
    void theSdkWorksThroughLocalhostAsThroughTheAddress() {
        URI localhost = URI.create("http://localhost:" + port);
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(localhost).region(Region.of(SimulatorKit.REGION))
                .credentialsProvider(SimulatorKit.credentials()).httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            ec2.createLaunchTemplate(r -> r.launchTemplateName("web").launchTemplateData(d -> d.instanceType("t3.micro")));
        }

        assertThat(sim.ec2.describeLaunchTemplates().launchTemplates()).singleElement()
                .satisfies(t -> assertThat(t.launchTemplateName()).isEqualTo("web"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Origin: http://evil.example", "Origin: null", "Origin: http://127.0.0.1:1",
            "Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site"})
    void aRequestFromAWebPageOfAnotherOriginIsRefused(String header) throws IOException {
        String host = "127.0.0.1:" + port;

        RawHttp.Answer aws = RawHttp.postForm(sim.endpoint(), "/", host, CREATE_TEMPLATE, header);
        RawHttp.Answer admin = adminChange(host, header);

        assertThat(aws.status()).as(aws.body()).isEqualTo(403);
        assertThat(aws.body()).contains("web page");
        assertThat(admin.status()).as(admin.body()).isEqualTo(403);
        assertThat(failNextImages()).isZero();
        assertNoTemplateWasCreated();
    }

    @Test
    void theSimulatorsOwnOriginIsServed() throws IOException {
        RawHttp.Answer answer = adminChange("127.0.0.1:" + port, "Origin: http://127.0.0.1:" + port,
                "Sec-Fetch-Site: same-origin");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aCorsPreflightIsNeverGranted() throws IOException {
        RawHttp.Answer answer = RawHttp.send(sim.endpoint(), "OPTIONS /_simulator/scenario HTTP/1.1", new byte[0],
                "Host: 127.0.0.1:" + port, "Origin: http://evil.example", "Access-Control-Request-Method: POST",
                "Access-Control-Request-Headers: x-ami-factory-admin");

        assertThat(answer.status()).isGreaterThanOrEqualTo(400);
        assertThat(answer.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void itListensOnTheLoopbackInterfaceOnly() throws IOException {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeTrue(external.isPresent(), "this machine has no address but loopback to try");

        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
