package io.jenkins.plugins.amifactory.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of AMI Factory this engine was built as, which the plugin, the command line and the console line
 * that starts each {@link Rollout} show: {@code 1.<commits>.v<commit>} (e.g. {@code 1.120.vb_4597668fc17}) from a
 * build with the repository's history, the plain project version ({@code 1.999999-SNAPSHOT}) from one without.
 * Maven writes it into a resource beside this class; classes compiled without Maven say {@link #UNKNOWN}.
 */
public final class BuildVersion {

    /** The version of classes that no Maven build wrote a version for (compiled by an IDE, say). */
    public static final String UNKNOWN = "(development build)";

    private static final String CURRENT = read();

    private BuildVersion() {
    }

    /** This build's version; never null. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("build-version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            p.load(in);
        } catch (IOException e) {
            return UNKNOWN;
        }
        String version = p.getProperty("version", "").trim();
        // A copy that no Maven build filtered still holds the expression.
        return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
    }
}
