package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The LaunchTemplateData of one launch template version, kept as the request sent it: the
 * {@code LaunchTemplateData.*} parameters in order, named relative to that prefix. Keeping the request's own
 * form means no member the SDK can send is dropped, even ones the simulator never looks at;
 * DescribeLaunchTemplateVersions writes it back generically, translating request names into response
 * names. Immutable.
 */
public final class LaunchTemplateData {

    /** The element names of one list in the response: the list's own and each member's. */
    record ListNames(String element, String item) {}

    /**
     * The lists whose response names do not follow the rule {@code BlockDeviceMapping.N} ->
     * {@code blockDeviceMappingSet/item}, keyed by {@code Parent.Member} or just {@code Member}. Everything
     * else is named by lowering the first letter. A test derives the whole mapping from the SDK's model and
     * checks it against this table.
     */
    private static final Map<String, ListNames> IRREGULAR_LISTS = Map.of(
            "LicenseSpecification", new ListNames("licenseSet", "item"),
            "NetworkInterface.SecurityGroupId", new ListNames("groupSet", "groupId"),
            "SecondaryInterface.PrivateIpAddress", new ListNames("privateIpAddressesSet", "item"));

    /** A member name, or a list index (EC2 lists start at 1). */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*|[1-9][0-9]{0,3}");

    private final Map<String, String> params;

    private LaunchTemplateData(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    /** Data given as the members a request's {@code LaunchTemplateData} structure would hold. */
    static LaunchTemplateData of(Map<String, String> members) {
        return of(QueryRequest.of(QueryRequest.Dialect.EC2, members));
    }

    /** The data of a request's {@code LaunchTemplateData} structure. */
    static LaunchTemplateData of(QueryRequest data) {
        Map<String, String> params = data.asMap();
        for (String key : params.keySet()) {
            for (String segment : key.split("\\.", -1)) {
                if (!SEGMENT.matcher(segment).matches()) {
                    throw new AwsException("InvalidParameterValue",
                            "Invalid parameter name " + data.path(key) + ": expected member names and list indexes");
                }
            }
        }
        return new LaunchTemplateData(new LinkedHashMap<>(params));
    }

    /**
     * This data laid over {@code source}, as CreateLaunchTemplateVersion does with a SourceVersion: each
     * top-level member given here replaces the source's member as a whole; members not given are inherited.
     */
    LaunchTemplateData over(LaunchTemplateData source) {
        Set<String> given = new LinkedHashSet<>();
        params.keySet().forEach(k -> given.add(topLevelMember(k)));
        Map<String, String> merged = new LinkedHashMap<>();
        source.params.forEach((k, v) -> {
            if (!given.contains(topLevelMember(k))) {
                merged.put(k, v);
            }
        });
        merged.putAll(params);
        return new LaunchTemplateData(merged);
    }

    /** The {@code ImageId} member as stored: an AMI id, a {@code resolve:ssm:} alias, or null. */
    String imageId() {
        return params.get("ImageId");
    }

    /** This data with {@code ImageId} replaced (in place, so the members keep their order). */
    LaunchTemplateData withImageId(String imageId) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put("ImageId", imageId);
        return new LaunchTemplateData(copy);
    }

    /** The data as request parameters, so that launch fields are read the way RunInstances reads its own. */
    QueryRequest asRequest() {
        return QueryRequest.of(QueryRequest.Dialect.EC2, params);
    }

    /** Writes the members as DescribeLaunchTemplateVersions' {@code launchTemplateData} holds them. */
    void writeTo(Xml x) {
        Node root = new Node();
        params.forEach((key, value) -> {
            Node n = root;
            for (String segment : key.split("\\.")) {
                n = n.children.computeIfAbsent(segment, s -> new Node());
            }
            n.value = value;
        });
        writeMembers(x, root, "");
    }

    private static void writeMembers(Xml x, Node node, String parent) {
        node.children.forEach((name, child) -> {
            if (child.isList()) {
                ListNames names = listNames(parent, name);
                x.start(names.element());
                child.children.entrySet().stream()
                        .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getKey()), Integer.parseInt(b.getKey())))
                        .forEach(item -> {
                            if (item.getValue().children.isEmpty()) {
                                x.el(names.item(), item.getValue().value);
                            } else {
                                x.start(names.item());
                                writeMembers(x, item.getValue(), name);
                                x.end();
                            }
                        });
                x.end();
            } else if (child.children.isEmpty()) {
                x.el(memberName(name), child.value);
            } else {
                x.start(memberName(name));
                writeMembers(x, child, name);
                x.end();
            }
        });
    }

    /** The response element of a structure or value member named {@code member} in requests. */
    static String memberName(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }

    /** The response names of the list {@code member} inside {@code parent} ("" at the top). */
    static ListNames listNames(String parent, String member) {
        ListNames irregular = IRREGULAR_LISTS.get(parent + "." + member);
        if (irregular == null) {
            irregular = IRREGULAR_LISTS.get(member);
        }
        return irregular != null ? irregular : new ListNames(memberName(member) + "Set", "item");
    }

    private static String topLevelMember(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** One segment of the parameter names; list items are children named by their index. */
    private static final class Node {
        String value;
        final Map<String, Node> children = new LinkedHashMap<>();

        boolean isList() {
            return !children.isEmpty()
                    && children.keySet().stream().allMatch(k -> k.chars().allMatch(Character::isDigit));
        }
    }
}
