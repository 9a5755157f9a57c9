package io.jenkins.plugins.amifactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test class that runs each test against a fresh {@link SimulatedController}. */
abstract class SimulatedControllerTest {

    SimulatedController controller;

    @BeforeEach
    void startController() throws Exception {
        controller = new SimulatedController();
    }

    @AfterEach
    void stopController() {
        Thread.interrupted();
        controller.close();
    }
}
