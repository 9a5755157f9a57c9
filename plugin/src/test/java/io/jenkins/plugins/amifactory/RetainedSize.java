package io.jenkins.plugins.amifactory;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * The heap an object graph retains beyond what is shared: JOL's sizes of every object reachable from some roots,
 * not entering threads, class loaders, classes (through which everything in the JVM is reachable) nor the objects
 * of a given shared graph. JOL's own graph walker cannot be told where to stop, hence this one.
 */
final class RetainedSize {

    static {
        // The rollouts hold lambdas (hidden classes), whose field offsets only this way of JOL's can read.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private final Set<Object> shared = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Class<?>> stops;
    private final Map<String, Long> byClass = new TreeMap<>();

    /** A walker that never enters instances of {@code stops}; {@link #share} adds objects not to count. */
    RetainedSize(Set<Class<?>> stops) {
        this.stops = stops;
    }

    /** Everything reachable from {@code roots} is shared from now on: it counts for no one. */
    RetainedSize share(Object... roots) {
        walk(roots, shared, false);
        return this;
    }

    /** The bytes of everything reachable from {@code roots} and not shared. */
    long of(Object... roots) {
        byClass.clear();
        return walk(roots, Collections.newSetFromMap(new IdentityHashMap<>()), true);
    }

    /** Bytes by class name in the last {@link #of}. */
    Map<String, Long> byClass() {
        return byClass;
    }

    private long walk(Object[] roots, Set<Object> seen, boolean count) {
        VirtualMachine vm = VM.current();
        Deque<Object> queue = new ArrayDeque<>();
        for (Object r : roots) {
            enqueue(r, seen, queue);
        }
        long total = 0;
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            long size = vm.sizeOf(o);
            total += size;
            if (count) {
                byClass.merge(o.getClass().getName(), size, Long::sum);
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        enqueue(Array.get(o, i), seen, queue);
                    }
                }
                continue;
            }
            for (; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        enqueue(vm.getObject(o, vm.fieldOffset(f)), seen, queue);
                    }
                }
            }
        }
        return total;
    }

    private void enqueue(Object o, Set<Object> seen, Deque<Object> queue) {
        if (o == null || shared.contains(o) || o instanceof Thread || o instanceof ThreadGroup
                || o instanceof ClassLoader || o instanceof Class || !seen.add(o)) {
            return;
        }
        for (Class<?> stop : stops) {
            if (stop.isInstance(o)) {
                return;
            }
        }
        queue.add(o);
    }
}
