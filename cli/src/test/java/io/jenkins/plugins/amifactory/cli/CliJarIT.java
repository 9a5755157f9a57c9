package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.simulator.testkit.PackagedJarContract;

/**
 * The shaded ami-factory-cli.jar as a user runs it (after package, under failsafe); its license is the tool's,
 * not one of the jars merged into it.
 */
class CliJarIT extends PackagedJarContract {

    CliJarIT() {
        super("ami-factory", AmiFactoryCli.class);
    }
}
