// Mirrors jenkinsci/jenkins core/src/main/java/hudson/EnvVars.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: platform accessors, override/overrideAll/expand and the other helpers, the other statics.
// masterEnvVars: real initializer is initMaster() (System.getenv() plus the platform); same type and modifiers.
package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Environment variables: a case-insensitive map of names to values. */
public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(Map<String, String> m) {
        this();
        putAll(m);
    }

    public EnvVars(EnvVars m) {
        this((Map<String, String>) m);
    }

    public EnvVars(String... keyValuePairs) {
        this();
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments");
        }
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
    }

    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    @Override
    public String put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Null value not allowed as an environment variable: " + key);
        }
        return super.put(key, value);
    }

    public void putIfNotNull(String key, String value) {
        if (value != null) {
            put(key, value);
        }
    }

    /** The environment of this JVM: on the controller, the controller process's own variables. */
    public static final Map<String, String> masterEnvVars = new EnvVars(System.getenv());

    private static final long serialVersionUID = 1L;
}
