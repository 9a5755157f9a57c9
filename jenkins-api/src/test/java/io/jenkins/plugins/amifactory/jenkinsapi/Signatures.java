package io.jenkins.plugins.amifactory.jenkinsapi;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Describes the public/protected API of a class in the line format of {@code mirrored-signatures.txt}.
 *
 * <pre>
 * type   OWNER: MODS KIND[&lt;TYPE PARAMS&gt;][ extends S][ implements I, J][ @Ann...]
 * method OWNER#name(ERASED PARAMS): MODS ERASED_RETURN[ throws E, F][ default V][ | [&lt;TPS&gt; ]GENERIC_RETURN (GENERIC PARAMS)]
 * ctor   OWNER#&lt;init&gt;(ERASED PARAMS): MODS[ throws E, F][ | [&lt;TPS&gt; ](GENERIC PARAMS)]
 * field  OWNER#NAME: MODS ERASED_TYPE[ | GENERIC_TYPE]
 * </pre>
 * OWNER is the binary class name. MODS are, in this order and only when present: public|protected, static, final,
 * abstract, default, transient, volatile, varargs, enum-constant, deprecated (for types: public|protected, static,
 * abstract, final, deprecated; interfaces and annotations never say abstract/static). Throws lists are sorted.
 * The generic part is present only when a type parameter or a non-Class type occurs. Only annotation types list their
 * meta-annotations. Bridge and synthetic members are ignored.
 */
final class Signatures {
    private Signatures() {
    }

    /** All non-anonymous, non-local, public or protected classes compiled into {@code classesDir}. */
    static List<Class<?>> mirroredClasses(Path classesDir) throws IOException {
        List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String rel = classesDir.relativize(p).toString().replace('\\', '/');
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                Class<?> c;
                try {
                    c = Class.forName(name, false, Signatures.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
                if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || !visible(c)) {
                    continue;
                }
                result.add(c);
            }
        }
        return result;
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) {
                return false;
            }
        }
        return true;
    }

    /** The lines describing {@code c}: its type line and one line per public/protected declared member. */
    static Set<String> describe(Class<?> c) {
        Set<String> lines = new TreeSet<>();
        lines.add(typeLine(c));
        for (Field f : c.getDeclaredFields()) {
            if (!f.isSynthetic() && exposed(f.getModifiers())) {
                lines.add(fieldLine(c, f));
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (!k.isSynthetic() && exposed(k.getModifiers())) {
                lines.add(ctorLine(c, k));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isSynthetic() && !m.isBridge() && exposed(m.getModifiers())) {
                lines.add(methodLine(c, m));
            }
        }
        return lines;
    }

    private static boolean exposed(int mods) {
        return Modifier.isPublic(mods) || Modifier.isProtected(mods);
    }

    static String typeLine(Class<?> c) {
        int m = c.getModifiers();
        List<String> mods = new ArrayList<>();
        access(m, mods);
        boolean iface = c.isInterface();
        if (!iface && !c.isEnum() && c.isMemberClass() && Modifier.isStatic(m)) {
            mods.add("static");
        }
        if (!iface && Modifier.isAbstract(m)) {
            mods.add("abstract");
        }
        if (!iface && Modifier.isFinal(m)) {
            mods.add("final");
        }
        if (c.isAnnotationPresent(Deprecated.class)) {
            mods.add("deprecated");
        }
        String kind = c.isAnnotation() ? "@interface" : iface ? "interface" : c.isEnum() ? "enum" : "class";
        StringBuilder sb = new StringBuilder("type ").append(c.getName()).append(": ");
        sb.append(String.join(" ", mods)).append(' ').append(kind).append(typeParams(c.getTypeParameters()));
        if (!iface && !c.isEnum() && c.getSuperclass() != Object.class) {
            sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (!c.isAnnotation() && c.getGenericInterfaces().length > 0) {
            sb.append(iface ? " extends " : " implements ").append(
                    Arrays.stream(c.getGenericInterfaces()).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (c.isAnnotation()) {
            Set<String> anns = new TreeSet<>();
            for (Annotation a : c.getAnnotations()) {
                if (a instanceof Retention r) {
                    anns.add("@Retention(" + r.value() + ")");
                } else if (a instanceof Target t) {
                    anns.add("@Target(" + Arrays.stream(t.value()).map(ElementType::name)
                            .collect(Collectors.joining(", ")) + ")");
                } else if (a instanceof Documented) {
                    anns.add("@Documented");
                } else if (!(a instanceof Deprecated)) {
                    anns.add("@" + a.annotationType().getName());
                }
            }
            for (String a : anns) {
                sb.append(' ').append(a);
            }
        }
        return sb.toString();
    }

    static String fieldLine(Class<?> c, Field f) {
        int m = f.getModifiers();
        List<String> mods = new ArrayList<>();
        access(m, mods);
        if (Modifier.isStatic(m)) {
            mods.add("static");
        }
        if (Modifier.isFinal(m)) {
            mods.add("final");
        }
        if (Modifier.isTransient(m)) {
            mods.add("transient");
        }
        if (Modifier.isVolatile(m)) {
            mods.add("volatile");
        }
        if (f.isEnumConstant()) {
            mods.add("enum-constant");
        }
        if (f.isAnnotationPresent(Deprecated.class)) {
            mods.add("deprecated");
        }
        String line = "field " + c.getName() + "#" + f.getName() + ": " + String.join(" ", mods) + " "
                + f.getType().getTypeName();
        if (!(f.getGenericType() instanceof Class)) {
            line += " | " + f.getGenericType().getTypeName();
        }
        return line;
    }

    static String ctorLine(Class<?> c, Constructor<?> k) {
        List<String> mods = new ArrayList<>();
        access(k.getModifiers(), mods);
        if (k.isVarArgs()) {
            mods.add("varargs");
        }
        if (k.isAnnotationPresent(Deprecated.class)) {
            mods.add("deprecated");
        }
        StringBuilder sb = new StringBuilder("ctor ").append(c.getName()).append("#<init>(").append(erased(k))
                .append("): ").append(String.join(" ", mods)).append(throwsClause(k));
        if (generic(k, null)) {
            sb.append(" | ");
            String tps = typeParams(k.getTypeParameters());
            if (!tps.isEmpty()) {
                sb.append(tps).append(' ');
            }
            sb.append('(').append(genericParams(k)).append(')');
        }
        return sb.toString();
    }

    static String methodLine(Class<?> c, Method m) {
        int mod = m.getModifiers();
        List<String> mods = new ArrayList<>();
        access(mod, mods);
        if (Modifier.isStatic(mod)) {
            mods.add("static");
        }
        if (Modifier.isFinal(mod)) {
            mods.add("final");
        }
        if (Modifier.isAbstract(mod)) {
            mods.add("abstract");
        }
        if (m.isDefault()) {
            mods.add("default");
        }
        if (m.isVarArgs()) {
            mods.add("varargs");
        }
        if (m.isAnnotationPresent(Deprecated.class)) {
            mods.add("deprecated");
        }
        StringBuilder sb = new StringBuilder("method ").append(c.getName()).append('#').append(m.getName())
                .append('(').append(erased(m)).append("): ").append(String.join(" ", mods)).append(' ')
                .append(m.getReturnType().getTypeName()).append(throwsClause(m));
        if (m.getDefaultValue() != null) {
            sb.append(" default ").append(m.getDefaultValue());
        }
        if (generic(m, m.getGenericReturnType())) {
            sb.append(" | ");
            String tps = typeParams(m.getTypeParameters());
            if (!tps.isEmpty()) {
                sb.append(tps).append(' ');
            }
            sb.append(m.getGenericReturnType().getTypeName()).append(" (").append(genericParams(m)).append(')');
        }
        return sb.toString();
    }

    private static void access(int m, List<String> mods) {
        if (Modifier.isPublic(m)) {
            mods.add("public");
        } else if (Modifier.isProtected(m)) {
            mods.add("protected");
        }
    }

    private static String erased(Executable e) {
        return Arrays.stream(e.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(", "));
    }

    private static String genericParams(Executable e) {
        return Arrays.stream(e.getGenericParameterTypes()).map(Type::getTypeName).collect(Collectors.joining(", "));
    }

    private static boolean generic(Executable e, Type ret) {
        if (e.getTypeParameters().length > 0 || (ret != null && !(ret instanceof Class))) {
            return true;
        }
        return Arrays.stream(e.getGenericParameterTypes()).anyMatch(t -> !(t instanceof Class));
    }

    private static String throwsClause(Executable e) {
        if (e.getExceptionTypes().length == 0) {
            return "";
        }
        return " throws " + Arrays.stream(e.getExceptionTypes()).map(Class::getName).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String typeParams(TypeVariable<?>[] tps) {
        if (tps.length == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (TypeVariable<?> tv : tps) {
            Type[] bounds = tv.getBounds();
            if (bounds.length == 1 && bounds[0] == Object.class) {
                parts.add(tv.getName());
            } else {
                parts.add(tv.getName() + " extends "
                        + Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & ")));
            }
        }
        return "<" + String.join(", ", parts) + ">";
    }

    /**
     * Parses the signature file: blank lines and lines starting with '#' are ignored, a trailing " // note" is
     * dropped; lines are grouped by their owner class.
     */
    static Map<String, Set<String>> parse(List<String> fileLines) {
        Map<String, Set<String>> byOwner = new TreeMap<>();
        for (String raw : fileLines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int note = line.indexOf(" // ");
            if (note >= 0) {
                line = line.substring(0, note).strip();
            }
            String rest = line.substring(line.indexOf(' ') + 1);
            int end = line.startsWith("type ") ? rest.indexOf(':') : rest.indexOf('#');
            if (end < 0) {
                throw new IllegalArgumentException("cannot find the owner class in: " + raw);
            }
            String owner = rest.substring(0, end);
            if (!byOwner.computeIfAbsent(owner, k -> new TreeSet<>()).add(line)) {
                throw new IllegalArgumentException("duplicate line: " + raw);
            }
        }
        return byOwner;
    }
}
