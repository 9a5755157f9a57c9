// Mirrors jenkinsci/lib-symbol-annotation src/main/java/org/jenkinsci/Symbol.java at tag symbol-annotation-1.26 (compile-only; never packaged).
// The real annotation is also meta-annotated @org.jvnet.hudson.annotation_indexer.Indexed. That annotation only drives
// annotation-indexer's processor (which is not usable from Maven Central); it is not needed to compile @Symbol uses,
// and at run time Jenkins loads the real Symbol from core, so the mirror omits it. The plugin must ship
// META-INF/services/annotations/org.jenkinsci.Symbol itself.
package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Short DSL name of an extension (used by Pipeline, Configuration as Code, ...). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
