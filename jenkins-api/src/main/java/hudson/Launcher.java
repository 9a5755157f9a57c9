// Mirrors jenkinsci/jenkins core/src/main/java/hudson/Launcher.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Type only: the real protected constructors take a hudson.remoting.VirtualChannel (not mirrored), so the
// mirror declares a private one; no member is mirrored.
package hudson;

/** Starts processes on a node. */
public abstract class Launcher {
    private Launcher() {
    }
}
