package io.jenkins.plugins.amifactory.simulator.ssm;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Systems Manager Parameter Store of one region, as far as EC2 reads it: named String parameters with
 * numbered versions and a data type. EC2 resolves {@code resolve:ssm:<name>} Image ids against it. No SSM API
 * is served; tests and the admin endpoint seed it. Guarded by the world's lock.
 */
public final class ParameterStore {

    /** The data type of a parameter whose value is an AMI id, the only one EC2 accepts as an Image id. */
    public static final String IMAGE = "aws:ec2:image";
    /** The default data type of a String parameter. */
    public static final String TEXT = "text";

    /** One version of a parameter. Versions count from 1 and every change adds one, as in SSM. */
    public record Version(String name, long number, String value, String dataType, Instant lastModified) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]{1,1011}");
    private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");

    private final Map<String, NavigableMap<Long, Version>> parameters = new TreeMap<>();

    /**
     * Stores {@code value} as the parameter's next version, as PutParameter with {@code Overwrite} does; its
     * version number. SSM checks an {@code aws:ec2:image} value after the call returns and drops a bad one;
     * here a value that is not shaped like an AMI id is refused at once (whether the Image exists is not
     * checked, so a test can point a parameter at any id).
     *
     * @throws IllegalArgumentException for a malformed name, an unknown data type or a value that is not an
     *                                  AMI id for {@code aws:ec2:image}
     */
    public long put(String name, String value, String dataType, Instant at) {
        if (name == null || !NAME.matcher(name).matches() || (name.contains("/") && !name.startsWith("/"))) {
            throw new IllegalArgumentException("parameter names are 1-1011 of letters, digits and _.-/, and a name "
                    + "with a path starts with /; was '" + name + "'");
        }
        if (!IMAGE.equals(dataType) && !TEXT.equals(dataType)) {
            throw new IllegalArgumentException("data type must be " + IMAGE + " or " + TEXT + ", was " + dataType);
        }
        if (value == null || value.isEmpty() || (IMAGE.equals(dataType) && !AMI.matcher(value).matches())) {
            throw new IllegalArgumentException("an " + IMAGE + " parameter holds an AMI id (ami-...), was '"
                    + value + "'");
        }
        NavigableMap<Long, Version> versions = parameters.computeIfAbsent(name, n -> new TreeMap<>());
        long number = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        versions.put(number, new Version(name, number, value, dataType, at));
        return number;
    }

    /** The latest version of the parameter. */
    public Optional<Version> get(String name) {
        NavigableMap<Long, Version> versions = parameters.get(name);
        return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /** One version of the parameter. */
    public Optional<Version> get(String name, long version) {
        NavigableMap<Long, Version> versions = parameters.get(name);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    public Set<String> names() {
        return Set.copyOf(parameters.keySet());
    }
}
