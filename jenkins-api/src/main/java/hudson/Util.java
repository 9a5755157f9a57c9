// Mirrors jenkinsci/jenkins core/src/main/java/hudson/Util.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Only fixEmpty and fixEmptyAndTrim are mirrored.
package hudson;

/** Miscellaneous static utilities. */
public class Util {
    public Util() {
    }

    public static String fixEmpty(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return s;
    }

    public static String fixEmptyAndTrim(String s) {
        if (s == null) {
            return null;
        }
        return fixEmpty(s.trim());
    }
}
