package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.time.Duration;

/** A fresh simulator per test with two base Images to refresh between, and the Auto Scaling shorthands. */
abstract class RefreshTestBase {

    /** How far the tests move the clock between two looks at a refresh. */
    static final Duration STEP = Duration.ofSeconds(5);

    SimulatorKit sim;
    AsgTestSupport asg;
    /** The Image groups start on. */
    String v1;
    /** The Image refreshes move them to. */
    String v2;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = SimulatorKit.start();
        asg = new AsgTestSupport(sim);
        v1 = asg.image("app-v1");
        v2 = asg.image("app-v2");
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }
}
