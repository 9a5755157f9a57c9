package io.jenkins.plugins.amifactory.cli;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * What a process holds only in memory and loses when it dies. The engine guards a group within one JVM with
 * a private map (GroupLease.HELD) besides the lease tag; a rollout that stops advancing without finishing
 * never leaves it. A killed CLI process takes the map with it, but a test that "kills" a rollout in process
 * shares the JVM with the rollouts that follow, so it clears the entries for its simulator's endpoint.
 * Reflection because the engine offers no way to do it (reported as an engine issue: the entry never
 * expires, even after the tag lapsed).
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    static void forgetLeases(String endpoint) {
        try {
            Class<?> lease = Class.forName("io.jenkins.plugins.amifactory.engine.GroupLease");
            Field held = lease.getDeclaredField("HELD");
            held.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, String> map = (Map<String, String>) held.get(null);
            map.keySet().removeIf(key -> key.startsWith(endpoint + "|"));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the engine's in-JVM lease map moved: update this test helper", e);
        }
    }
}
