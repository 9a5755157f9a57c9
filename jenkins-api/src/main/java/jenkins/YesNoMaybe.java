// Mirrors jenkinsci/jenkins core/src/main/java/jenkins/YesNoMaybe.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Omitted: toBoolean(YesNoMaybe), toBool().
package jenkins;

/** Three-valued boolean used by {@link hudson.Extension#dynamicLoadable()}. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
