// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/util/io/OnMaster.java at tag jenkins-2.555.3 (compile-only; never packaged).
package jenkins.util.io;

/** Marker for classes that must only run on the controller. */
public interface OnMaster {
}
