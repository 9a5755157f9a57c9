package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SDK values in the words a person reads a plan in, never an SDK object's {@code toString()}. Block devices get
 * one line each, as a diff reads ({@code /dev/xvda  8 GiB gp3, deleted with the instance  ->  8 GiB gp3 from the
 * new Image's snapshot}). The shapes differ between a launch configuration, a template version and a template
 * request, but their member names agree, so the words are read from the SDK's own member list.
 */
final class PlanWords {

    static final String NONE = "(none)";
    /** How the plan's stand-in Image names a snapshot that does not exist yet. */
    static final String NEW_SNAPSHOT = "(new snapshot of ";

    /** The EBS members said in words below; any other one set is added as "Name value", so nothing is hidden. */
    private static final Set<String> EBS_IN_WORDS = Set.of("VolumeSize", "VolumeType", "SnapshotId", "Iops",
            "Throughput", "Encrypted", "KmsKeyId", "DeleteOnTermination");

    private PlanWords() {
    }

    /**
     * One line per device whose declaration changes, in the order of {@code after} and then the devices only
     * {@code before} has; empty when every device stays as it is.
     */
    static List<String> deviceChanges(Object before, Object after) {
        Map<String, String> was = devicesByName(before);
        Map<String, String> will = devicesByName(after);
        List<String> names = new ArrayList<>(will.keySet());
        was.keySet().stream().filter(n -> !will.containsKey(n)).forEach(names::add);
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            String from = was.getOrDefault(name, NONE);
            String to = will.getOrDefault(name, "removed");
            if (!from.equals(to)) {
                lines.add(name + "  " + from + "  ->  " + to);
            }
        }
        return lines;
    }

    private static Map<String, String> devicesByName(Object mappings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (mappings instanceof List<?> list) {
            for (Object m : list) {
                if (m instanceof SdkPojo pojo) {
                    out.put(String.valueOf(member(pojo, "DeviceName")), device(pojo));
                }
            }
        }
        return out;
    }

    /** One block device mapping, without its device name. */
    static String device(SdkPojo mapping) {
        Object noDevice = member(mapping, "NoDevice");
        if (Boolean.TRUE.equals(noDevice) || noDevice instanceof String) {
            return "suppressed (no device)";
        }
        Object virtualName = member(mapping, "VirtualName");
        if (virtualName != null) {
            return "instance store " + virtualName;
        }
        return member(mapping, "Ebs") instanceof SdkPojo ebs ? ebs(ebs) : "no volume";
    }

    private static String ebs(SdkPojo ebs) {
        String head = join(" ", member(ebs, "VolumeSize") == null ? null : member(ebs, "VolumeSize") + " GiB",
                member(ebs, "VolumeType"));
        StringBuilder sb = new StringBuilder(head.isEmpty() ? "EBS volume" : head);
        Object snapshot = member(ebs, "SnapshotId");
        if (snapshot != null) {
            sb.append(String.valueOf(snapshot).startsWith(NEW_SNAPSHOT) ? " from the new Image's snapshot"
                    : " from " + snapshot);
        }
        List<String> more = new ArrayList<>();
        if (member(ebs, "Iops") != null) {
            more.add(member(ebs, "Iops") + " IOPS");
        }
        if (member(ebs, "Throughput") != null) {
            more.add(member(ebs, "Throughput") + " MB/s");
        }
        if (Boolean.TRUE.equals(member(ebs, "Encrypted"))) {
            Object key = member(ebs, "KmsKeyId");
            more.add(key == null ? "encrypted" : "encrypted with " + key);
        }
        Object delete = member(ebs, "DeleteOnTermination");
        if (delete != null) {
            more.add(Boolean.TRUE.equals(delete) ? "deleted with the instance" : "kept after the instance");
        }
        for (SdkField<?> f : ebs.sdkFields()) {
            Object v = f.getValueOrDefault(ebs);
            if (!EBS_IN_WORDS.contains(f.memberName()) && v != null) {
                more.add(f.memberName() + " " + words(v));
            }
        }
        return more.isEmpty() ? sb.toString() : sb + ", " + String.join(", ", more);
    }

    /** Any value: nested SDK objects as "Name value" pairs, lists joined, everything else as it prints. */
    static String words(Object value) {
        if (value instanceof SdkPojo pojo) {
            String members = pojo.sdkFields().stream()
                    .filter(f -> !isEmpty(f.getValueOrDefault(pojo)))
                    .map(f -> f.memberName() + " " + words(f.getValueOrDefault(pojo)))
                    .collect(Collectors.joining(", "));
            return members.isEmpty() ? NONE : members;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlanWords::words).collect(Collectors.joining("; "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " " + words(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    static Object member(SdkPojo pojo, String memberName) {
        for (SdkField<?> f : pojo.sdkFields()) {
            if (f.memberName().equals(memberName)) {
                return f.getValueOrDefault(pojo);
            }
        }
        return null;
    }

    static boolean isEmpty(Object v) {
        return v == null || (v instanceof List<?> l && l.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())
                || "".equals(v);
    }

    private static String join(String separator, Object... parts) {
        return java.util.Arrays.stream(parts).filter(Objects::nonNull).map(String::valueOf)
                .collect(Collectors.joining(separator));
    }
}
