// Mirrors jenkinsci/jenkins core/src/main/java/hudson/model/Descriptor.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: clazz, both constructors, getDisplayName, getId, save, load, self(), Self, FormException.
// save() and load() are no-ops here so that a plugin's GlobalConfiguration can be constructed in unit tests.
// Omitted: newInstance/configure (need StaplerRequest2/JSONObject, not on Central) and everything else.
package hudson.model;

import java.io.IOException;
import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

/** Metadata and configuration singleton for a kind of Describable. */
public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {
    public final transient Class<? extends T> clazz;

    @SuppressWarnings({"unchecked", "rawtypes"})
    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = clazz == self() ? (Class) getClass() : clazz;
    }

    @SuppressWarnings("unchecked")
    protected Descriptor() {
        this.clazz = (Class<T>) getClass().getEnclosingClass();
    }

    public String getDisplayName() {
        return clazz.getSimpleName();
    }

    public String getId() {
        return clazz.getName();
    }

    @Override
    public synchronized void save() {
        // compile-only mirror: no-op
    }

    @Override
    public synchronized void load() {
        // compile-only mirror: no-op
    }

    @SuppressWarnings("rawtypes")
    protected static Class self() {
        return Self.class;
    }

    /** Marker type passed to {@link #Descriptor(Class)} for a descriptor that describes itself. */
    public static final class Self {
        public Self() {
        }
    }

    /** A form submission error attributed to one form field. */
    public static final class FormException extends Exception implements HttpResponse {
        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
            this.formField = formField;
        }

        public FormException(Throwable cause, String formField) {
            super(cause);
            this.formField = formField;
        }

        public String getFormField() {
            return formField;
        }

        // Mirror-only: abstract in stapler 1.263's HttpResponse; in the real Stapler it is an inherited default method.
        @Override
        public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node) throws IOException {
            throw new UnsupportedOperationException("compile-only mirror");
        }

        private static final long serialVersionUID = 1L;
    }
}
