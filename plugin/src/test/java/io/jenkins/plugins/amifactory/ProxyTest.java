package io.jenkins.plugins.amifactory;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ProxyConfiguration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jenkins' proxy applies to the plugin's AWS calls: with one configured, every call of a rollout goes through it,
 * with its credentials; hosts Jenkins exempts are reached directly; a changed proxy applies from the next poll. The
 * proxy here is a real one ({@link RecordingProxy}) in front of the simulator.
 */
class ProxyTest extends SimulatedControllerTest {

    private static final String USER = "jenkins";
    private static final String PASSWORD = "proxy-secret";

    private RecordingProxy proxy;

    @AfterEach
    void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void jenkinsProxy(String noProxyHost) {
        controller.proxy = ProxySettings.of(new ProxyConfiguration("127.0.0.1", proxy.port(), USER, PASSWORD,
                noProxyHost));
    }

    private String simulatorAuthority() {
        return controller.server.endpoint().getAuthority();
    }

    private long simulatorCalls() {
        return controller.server.faults().counters().values().stream().mapToLong(Long::longValue).sum();
    }

    private TestStepContext plan() throws Exception {
        AmiFactoryStep step = controller.step("web");
        step.setPlanOnly(true);
        TestStepContext context = controller.context();
        controller.start(step, context);
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(((Map<?, ?>) context.result).get("status")).isEqualTo("PLANNED");
        return context;
    }

    @Test
    void everyCallOfARolloutGoesThroughJenkinsProxyWithItsCredentials() throws Exception {
        proxy = new RecordingProxy(USER, PASSWORD);
        jenkinsProxy(null);
        controller.server.faults().resetCounters();
        TestStepContext context = plan();

        assertThat(proxy.forwarded).as("every call the simulator answered came through the proxy")
                .isNotEmpty().hasSize((int) simulatorCalls())
                .allSatisfy(line -> assertThat(line).startsWith("POST http://" + simulatorAuthority() + "/"));
        assertThat(proxy.challenged).as("the proxy asked for credentials, and the client gave Jenkins' proxy user's")
                .isNotEmpty();
        assertThat(context.log()).doesNotContain(PASSWORD);
    }

    @Test
    void hostsJenkinsExemptsFromTheProxyAreReachedDirectly() throws Exception {
        proxy = new RecordingProxy(USER, PASSWORD);
        jenkinsProxy("localhost, 127.0.0.*");
        plan();
        assertThat(proxy.forwarded).isEmpty();
        assertThat(proxy.challenged).isEmpty();
    }

    @Test
    void aProxyConfiguredWhileARolloutRunsAppliesFromItsNextPoll() throws Exception {
        proxy = new RecordingProxy(null, null);
        TestStepContext context = controller.context();
        controller.start(controller.step("web"), context);
        assertThat(controller.poll() && controller.poll()).isTrue();
        assertThat(proxy.forwarded).isEmpty();

        jenkinsProxy(null);
        assertThat(controller.poll()).isTrue();
        assertThat(proxy.forwarded).as("the poll after the change").isNotEmpty();
        controller.pollToEnd(context);
        assertThat(context.failure).as(context.log()).isNull();
        assertThat(controller.connections.httpClientsBuilt()).as("one HTTP client per proxy").isEqualTo(2);
        assertThat(controller.connections.clientsBuilt()).isEqualTo(2);
    }

    @Test
    void jenkinsProxyMapsOntoTheSdkHttpClientsWithoutShowingThePassword() {
        assertThat(ProxySettings.of(null)).isNull();
        assertThat(ProxySettings.of(new ProxyConfiguration(" ", 3128, USER, PASSWORD, null)))
                .as("no host, no proxy").isNull();

        ProxySettings settings = ProxySettings.of(new ProxyConfiguration("proxy.example.com", 3128, USER, PASSWORD,
                "*.internal.example.com\n169.254.169.254 | localhost"));
        var sdk = settings.sdk();
        assertThat(sdk.host()).isEqualTo("proxy.example.com");
        assertThat(sdk.port()).isEqualTo(3128);
        assertThat(sdk.scheme()).isEqualTo("http");
        assertThat(sdk.username()).isEqualTo(USER);
        assertThat(sdk.password()).isEqualTo(PASSWORD);
        assertThat(sdk.nonProxyHosts()).as("Jenkins' own patterns: '.' literal, '*' any text")
                .isEqualTo(Set.of(".*\\.internal\\.example\\.com", "169\\.254\\.169\\.254", "localhost"));
        assertThat(settings.toString()).contains("proxy.example.com:3128").doesNotContain(PASSWORD);
        assertThat(sdk.toString()).doesNotContain(PASSWORD);

        assertThat(settings).as("a new password is a new proxy, so a new HTTP client")
                .isNotEqualTo(ProxySettings.of(new ProxyConfiguration("proxy.example.com", 3128, USER, "rotated",
                        "*.internal.example.com\n169.254.169.254 | localhost")))
                .isEqualTo(ProxySettings.of(new ProxyConfiguration("proxy.example.com", 3128, USER, PASSWORD,
                        "localhost,*.internal.example.com 169.254.169.254")));
    }
}
