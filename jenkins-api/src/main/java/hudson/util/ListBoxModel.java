// Mirrors jenkinsci/jenkins core/src/main/java/hudson/util/ListBoxModel.java at tag jenkins-2.555.3 (compile-only; never packaged).
// Mirrored: Option (fields and constructors), the four constructors, add(String, String), add(String).
// Omitted: add(ModelObject, String), writeTo, generateResponse(StaplerRequest2, ...), values().
package hudson.util;

import java.io.IOException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

/** Model of the items of a drop-down list (a doFillXyzItems answer). */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    /** One entry of the list. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(String name, String value) {
            this(name, value, false);
        }

        public Option(String name) {
            this(name, name, false);
        }

        public Option(String name, String value, boolean selected) {
            this.name = name;
            this.value = value;
            this.selected = selected;
        }
    }

    public ListBoxModel(int initialCapacity) {
        super(initialCapacity);
    }

    public ListBoxModel() {
    }

    public ListBoxModel(Collection<Option> c) {
        super(c);
    }

    public ListBoxModel(Option... data) {
        super(Arrays.asList(data));
    }

    public void add(String displayName, String value) {
        add(new Option(displayName, value));
    }

    public ListBoxModel add(String nameAndValue) {
        add(nameAndValue, nameAndValue);
        return this;
    }

    // Mirror-only: abstract in stapler 1.263's HttpResponse, an inherited default method in the real Stapler.
    @Override
    public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node) throws IOException {
        throw new UnsupportedOperationException("compile-only mirror");
    }

    private static final long serialVersionUID = 1L;
}
