package io.jenkins.plugins.amifactory;

import hudson.ProxyConfiguration;
import hudson.util.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jenkins' HTTP proxy (Manage Jenkins, System, HTTP Proxy Configuration) as the SDK's Apache HTTP client takes it:
 * host, port, user and password for the proxy's challenge, and the hosts reached without it, with Jenkins' own
 * matching (each no-proxy entry is a pattern whose '*' stands for any text, matched against the whole host name).
 * When a proxy is configured it is the whole truth: the JVM's {@code http.proxyHost} and the environment's
 * {@code HTTPS_PROXY} are not consulted. Compared by value, so a changed proxy gets a new HTTP client. The password
 * never appears in {@link #toString()}.
 */
final class ProxySettings {

    private final String host;
    private final int port;
    private final String userName;
    private final String password;
    private final Set<String> noProxyHosts;

    ProxySettings(String host, int port, String userName, String password, Set<String> noProxyHosts) {
        this.host = host;
        this.port = port;
        this.userName = userName;
        this.password = password;
        this.noProxyHosts = Set.copyOf(noProxyHosts);
    }

    /** Jenkins' proxy; null when there is none (no configuration, or one without a host). */
    static ProxySettings of(ProxyConfiguration proxy) {
        if (proxy == null || proxy.getName() == null) {
            return null;
        }
        List<Pattern> exclusions = proxy.getNoProxyHostPatterns();
        String secret = Secret.toString(proxy.getSecretPassword());
        return new ProxySettings(proxy.getName(), proxy.getPort(), proxy.getUserName(),
                secret.isEmpty() ? null : secret,
                exclusions.stream().map(Pattern::pattern).collect(Collectors.toSet()));
    }

    /** The SDK's form; it matches each no-proxy entry as a regular expression against the lower-cased host. */
    software.amazon.awssdk.http.apache.ProxyConfiguration sdk() {
        var b = software.amazon.awssdk.http.apache.ProxyConfiguration.builder()
                .endpoint(URI.create("http://" + hostForUri() + ":" + port))
                .nonProxyHosts(noProxyHosts)
                .useSystemPropertyValues(false)
                .useEnvironmentVariableValues(false);
        if (userName != null) {
            b.username(userName).password(password);
        }
        return b.build();
    }

    private String hostForUri() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String userName() {
        return userName;
    }

    Set<String> noProxyHosts() {
        return noProxyHosts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxySettings p && p.port == port && p.host.equals(host)
                && Objects.equals(p.userName, userName) && Objects.equals(p.password, password)
                && p.noProxyHosts.equals(noProxyHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, userName, noProxyHosts);
    }

    @Override
    public String toString() {
        return "proxy " + host + ":" + port + (userName == null ? "" : " as " + userName)
                + (noProxyHosts.isEmpty() ? "" : ", not for " + noProxyHosts);
    }
}
