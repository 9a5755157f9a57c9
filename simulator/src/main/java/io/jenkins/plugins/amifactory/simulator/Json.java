package io.jenkins.plugins.amifactory.simulator;

/**
 * Just enough JSON writing for the admin endpoint, the seed summary and the command line's output. The
 * writer itself lives in {@link io.jenkins.plugins.amifactory.simulator.wire.Json}, where Auto Scaling's
 * answers reach it too; this name stays for callers outside the simulator.
 */
public final class Json {

    private Json() {
    }

    /** Writes maps, collections, strings, numbers, booleans and null; anything else as its string. */
    public static String write(Object value) {
        return io.jenkins.plugins.amifactory.simulator.wire.Json.write(value);
    }
}
