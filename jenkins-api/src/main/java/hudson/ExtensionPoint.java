// Mirrors jenkinsci/jenkins core/src/main/java/hudson/ExtensionPoint.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: nested @interface LegacyInstancesAreScopedToHudson.
package hudson;

/** Marker interface for types that can be extended by plugins. */
public interface ExtensionPoint {
}
