package io.jenkins.plugins.amifactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Data binding the way structs' DescribableModel (the Snippet Generator, Pipeline arguments, CasC) does it: the
 * {@code @DataBoundConstructor} by parameter name (from {@code -parameters}), then every {@code @DataBoundSetter}
 * found on the class and its superclasses; and back, reading each property through its getter and leaving out the
 * ones that equal a fresh instance's.
 */
final class Describables {

    private Describables() {
    }

    /** The {@code @DataBoundConstructor}, or (as for a GlobalConfiguration, which CasC configures) the public no-arg one. */
    static Constructor<?> constructor(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                return c;
            }
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type + " has neither a @DataBoundConstructor nor a public no-arg constructor");
        }
    }

    /** Property name to type: constructor parameters first, then setters. */
    static Map<String, Class<?>> properties(Class<?> type) {
        Map<String, Class<?>> props = new LinkedHashMap<>();
        for (Parameter p : constructor(type).getParameters()) {
            if (!p.isNamePresent()) {
                throw new AssertionError(type + " was compiled without -parameters");
            }
            props.put(p.getName(), p.getType());
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class)) {
                    if (m.getParameterCount() != 1 || !m.getName().startsWith("set")) {
                        throw new AssertionError(m + " is not a setter");
                    }
                    props.putIfAbsent(decapitalize(m.getName().substring(3)), m.getParameterTypes()[0]);
                }
            }
        }
        return props;
    }

    /** The public getter Stapler, Jelly and structs would read, or null. */
    static Method getter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : new String[] {"get" + suffix, "is" + suffix}) {
            try {
                Method m = type.getMethod(name);
                if (name.startsWith("is") && m.getReturnType() != boolean.class) {
                    continue;
                }
                return m;
            } catch (NoSuchMethodException e) {
                // try the other spelling
            }
        }
        return null;
    }

    static <T> T instantiate(Class<T> type, Map<String, Object> arguments) throws Exception {
        Constructor<?> c = constructor(type);
        Object[] args = new Object[c.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = arguments.get(c.getParameters()[i].getName());
        }
        T instance = type.cast(c.newInstance(args));
        Map<String, Class<?>> props = properties(type);
        for (Map.Entry<String, Object> e : arguments.entrySet()) {
            boolean inConstructor = false;
            for (Parameter p : c.getParameters()) {
                inConstructor |= p.getName().equals(e.getKey());
            }
            if (inConstructor) {
                continue;
            }
            Class<?> t = props.get(e.getKey());
            if (t == null) {
                throw new AssertionError(type.getSimpleName() + " has no property " + e.getKey());
            }
            type.getMethod("set" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1), t)
                    .invoke(instance, e.getValue());
        }
        return instance;
    }

    /**
     * Binds a Jenkinsfile's arguments as structs' {@code DescribableModel.instantiate} does (read in
     * jenkinsci/structs-plugin, src/main/java/org/jenkinsci/plugins/structs/describable/DescribableModel.java at tag
     * 362.va_b_695ef4fdf9, {@code coerce} and {@code resolveClass}): a list given for a collection property is bound
     * element by element with the collection's declared type argument, and a map given for a class is bound as that
     * class's own arguments; without a {@code $class} key the declared class itself is taken, which must then not be
     * abstract. Everything else is passed on as given.
     */
    static <T> T bind(Class<T> type, Map<String, ?> arguments) throws Exception {
        Constructor<?> c = constructor(type);
        Object[] args = new Object[c.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Parameter p = c.getParameters()[i];
            args[i] = coerce(p.getParameterizedType(), arguments.get(p.getName()));
        }
        T instance = type.cast(c.newInstance(args));
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            if (java.util.Arrays.stream(c.getParameters()).anyMatch(p -> p.getName().equals(e.getKey()))) {
                continue;
            }
            Method setter = setter(type, e.getKey());
            setter.invoke(instance, coerce(setter.getGenericParameterTypes()[0], e.getValue()));
        }
        return instance;
    }

    private static Object coerce(Type type, Object o) throws Exception {
        Class<?> erased = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
        if (o instanceof List<?> list && Collection.class.isAssignableFrom(erased)) {
            Type item = type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
            List<Object> out = new ArrayList<>();
            for (Object element : list) {
                out.add(coerce(item, element));
            }
            return out;
        }
        if (o instanceof Map<?, ?> map && !Map.class.isAssignableFrom(erased)) {
            Map<String, Object> args = new LinkedHashMap<>();
            map.forEach((k, v) -> args.put((String) k, v));
            if (args.remove("$class") == null && Modifier.isAbstract(erased.getModifiers())) {
                throw new UnsupportedOperationException("must specify $class with an implementation of " + erased);
            }
            return bind(erased, args);
        }
        return o;
    }

    /**
     * Binds one form field's value as Stapler does when the form holds a single value for the property (read in
     * jenkinsci/stapler, core/src/main/java/org/kohsuke/stapler/RequestImpl.java at tag 2076.v1b_a_c12445eb_e,
     * {@code TypePair.convertJSON} and {@code injectSetters}): the setter is found by name and given the value, or
     * for a collection property a list of that one value ("single value in a collection").
     */
    static void bindFormValue(Object instance, String property, String value) throws Exception {
        Method setter = setter(instance.getClass(), property);
        boolean collection = Collection.class.isAssignableFrom(setter.getParameterTypes()[0]);
        setter.invoke(instance, collection ? new ArrayList<>(List.of(value)) : value);
    }

    private static Method setter(Class<?> type, String property) {
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class)) {
                    return m;
                }
            }
        }
        throw new AssertionError(type.getSimpleName() + " has no @DataBoundSetter for " + property);
    }

    /** Every constructor argument, and every other property that differs from a fresh instance's. */
    static Map<String, Object> uninstantiate(Object instance) throws Exception {
        Class<?> type = instance.getClass();
        Map<String, Object> required = new LinkedHashMap<>();
        Constructor<?> c = constructor(type);
        for (Parameter p : c.getParameters()) {
            required.put(p.getName(), getter(type, p.getName()).invoke(instance));
        }
        Object fresh = instantiate(type, required);
        Map<String, Object> out = new LinkedHashMap<>(required);
        for (String property : properties(type).keySet()) {
            if (required.containsKey(property)) {
                continue;
            }
            Method g = getter(type, property);
            Object value = g.invoke(instance);
            if (!Objects.equals(value, g.invoke(fresh))) {
                out.put(property, value);
            }
        }
        return out;
    }

    private static String decapitalize(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
