package io.jenkins.plugins.amifactory.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version the build computed (ami-factory.version, in the parent pom) is the one Jenkins' continuous delivery
 * would give this commit, told here from git on its own: {@code 1.<commits>.v<12 digits of the commit, '_' after
 * each a and b>} in a full clone, the plain project version where git cannot tell (no git, no repository, a
 * shallow clone).
 */
class VersionSchemeTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void theBuildVersionIsTheOneGitGivesThisCommit() throws Exception {
        String built = System.getProperty("ami-factory.version");
        String plain = System.getProperty("plain.version");
        assertThat(plain).as("plain.version, set by the Maven build").isEqualTo("1.999999-SNAPSHOT");
        assertThat(built).isEqualTo(expected(plain));
        if (!built.equals(plain)) {
            // Jenkins orders versions item by item; only numbers and the v-item keep a later commit later.
            assertThat(built).matches("1\\.[1-9][0-9]*\\.v[0-9a-f_]{12,}");
        }
    }

    @Test
    void theExpectedCommitIsWrittenAsReleasedJenkinsPluginsWriteIt() {
        // Commits of released Jenkins plugins (aws-credentials 238, aws-java-sdk2 70, credentials 1305).
        assertThat(hash("8fb588a2be6712345")).isEqualTo("8fb_588a_2b_e67");
        assertThat(hash("d69c0763fa60")).isEqualTo("d69c0763fa_60");
        assertThat(hash("04f5ec1f3743")).isEqualTo("04f5ec1f3743");
    }

    /** The version this checkout should carry, or {@code plain} when git cannot say. */
    private static String expected(String plain) throws InterruptedException {
        String tracked = git("ls-files", "--error-unmatch", "pom.xml");
        String shallow = git("rev-parse", "--is-shallow-repository");
        String count = git("rev-list", "--count", "HEAD");
        String commit = git("rev-parse", "HEAD");
        if (tracked == null || !"false".equals(shallow) || count == null || commit == null) {
            return plain;
        }
        return "1." + count + ".v" + hash(commit);
    }

    private static String hash(String commit) {
        return commit.substring(0, 12).replaceAll("[ab]", "$0_");
    }

    /** What git prints, trimmed; null when git is missing or fails. */
    private static String git(String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(MODULE.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
