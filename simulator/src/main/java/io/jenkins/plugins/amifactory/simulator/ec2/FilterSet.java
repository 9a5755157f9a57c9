package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code Filter.N.Name} / {@code Filter.N.Value.M} filters one Describe action understands, as AWS
 * applies them: filters AND together, the values of one filter OR, values may use the wildcards {@code *}
 * and {@code ?}. Every resource also takes {@code tag:<key>} and {@code tag-key}. An unknown filter name
 * is AWS's InvalidParameterValue.
 *
 * @param <T> the resource described
 */
final class FilterSet<T> {

    private final Function<T, Map<String, String>> tags;
    private final Map<String, Function<T, Object>> attributes = new LinkedHashMap<>();

    FilterSet(Function<T, Map<String, String>> tags) {
        this.tags = tags;
    }

    /** Adds a filter; the attribute is a value, a collection of values, or null for none. */
    FilterSet<T> on(String name, Function<T, Object> attribute) {
        attributes.put(name, attribute);
        return this;
    }

    /** The request's filters as one predicate. */
    Predicate<T> of(QueryRequest q) {
        Predicate<T> all = t -> true;
        for (QueryRequest filter : q.structs("Filter")) {
            String name = filter.required("Name");
            Function<T, Object> attribute = attribute(name);
            List<Pattern> patterns = filter.list("Value").stream().map(FilterSet::wildcard).toList();
            all = all.and(t -> values(attribute.apply(t)).stream()
                    .anyMatch(v -> patterns.stream().anyMatch(p -> p.matcher(v).matches())));
        }
        return all;
    }

    private Function<T, Object> attribute(String name) {
        if (name.startsWith("tag:")) {
            String key = name.substring("tag:".length());
            return t -> tags.apply(t).get(key);
        }
        if ("tag-key".equals(name)) {
            return t -> tags.apply(t).keySet();
        }
        Function<T, Object> attribute = attributes.get(name);
        if (attribute == null) {
            throw new AwsException("InvalidParameterValue", "The filter '" + name + "' is invalid");
        }
        return attribute;
    }

    private static Collection<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
