package io.jenkins.plugins.amifactory.simulator.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every jar a user runs with {@code java -jar} must do, checked on a module's packaged jar by an *IT test that
 * extends this: {@code --version} prints the version the build computed, and the jar carries that version, its
 * main class and the license of AMI Factory.
 */
public abstract class PackagedJarContract {

    private final PackagedJar jar = PackagedJar.ofThisModule();
    private final String command;
    private final Class<?> mainClass;

    /**
     * @param command   the command's name, which {@code --version} prints before the version
     * @param mainClass the class {@code java -jar} runs
     */
    protected PackagedJarContract(String command, Class<?> mainClass) {
        this.command = command;
        this.mainClass = mainClass;
    }

    @Test
    void versionPrintsTheVersionTheBuildComputed() throws Exception {
        PackagedJar.Run run = jar.run("--version");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo(command + " " + PackagedJar.builtVersion() + System.lineSeparator());
    }

    @Test
    void theJarCarriesItsVersionItsMainClassAndTheLicense() throws Exception {
        assertThat(jar.manifest().getValue("Implementation-Version")).isEqualTo(PackagedJar.builtVersion());
        assertThat(jar.manifest().getValue("Main-Class")).isEqualTo(mainClass.getName());
        assertThat(jar.text("META-INF/LICENSE")).startsWith("The MIT License").contains("the AMI Factory contributors");
    }
}
