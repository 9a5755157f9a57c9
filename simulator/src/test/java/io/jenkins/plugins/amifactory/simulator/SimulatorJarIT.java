package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.testkit.PackagedJarContract;

/** The packaged ami-factory-simulator.jar (runs after package, under failsafe). */
class SimulatorJarIT extends PackagedJarContract {

    SimulatorJarIT() {
        super("ami-factory-simulator", SimulatorMain.class);
    }
}
