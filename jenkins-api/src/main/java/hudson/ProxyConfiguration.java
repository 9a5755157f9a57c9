// Mirrors jenkinsci/jenkins core/src/main/java/hudson/ProxyConfiguration.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Only what the plugin reads is mirrored: the getters of the proxy's host, port, user, password and no-proxy hosts,
// and the five-argument constructor tests build one with. The public fields name, port and noProxyHost (the last one
// @Restricted(NoExternalUse)) are private here: the plugin uses the getters. The real save() writes proxy.xml.
package hudson;

import hudson.model.Describable;
import hudson.model.Saveable;
import hudson.util.Secret;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** The controller's HTTP proxy, as configured under Manage Jenkins, System, HTTP Proxy Configuration. */
public final class ProxyConfiguration implements Describable<ProxyConfiguration>, Saveable, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int port;
    private final String userName;
    private final String noProxyHost;
    private final Secret secretPassword;

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        this.name = Util.fixEmptyAndTrim(name);
        this.port = port;
        this.userName = Util.fixEmptyAndTrim(userName);
        String tempPassword = Util.fixEmptyAndTrim(password);
        this.secretPassword = tempPassword != null ? Secret.fromString(tempPassword) : null;
        this.noProxyHost = Util.fixEmptyAndTrim(noProxyHost);
    }

    public String getUserName() {
        return userName;
    }

    public Secret getSecretPassword() {
        return secretPassword;
    }

    public int getPort() {
        return port;
    }

    public String getName() {
        return name;
    }

    /** As the real one: each entry of noProxyHost, split at blanks, commas and bars; '.' literal, '*' any text. */
    public List<Pattern> getNoProxyHostPatterns() {
        if (noProxyHost == null) {
            return Collections.emptyList();
        }
        List<Pattern> r = new ArrayList<>();
        for (String s : noProxyHost.split("[ \t\n,|]+")) {
            if (s.isEmpty()) {
                continue;
            }
            r.add(Pattern.compile(s.replace(".", "\\.").replace("*", ".*")));
        }
        return r;
    }

    @Override
    public void save() throws IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }
}
