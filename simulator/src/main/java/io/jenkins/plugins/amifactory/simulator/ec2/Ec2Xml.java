package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.List;
import java.util.Map;

/** Answer fragments several EC2 actions share. */
final class Ec2Xml {

    private Ec2Xml() {
    }

    /** {@code tagSet}, written even when empty, as EC2 does. */
    static void tags(Xml x, Map<String, String> tags) {
        x.list("tagSet", "item", tags.entrySet(), (t, e) -> t.el("key", e.getKey()).el("value", e.getValue()));
    }

    static void instanceState(Xml x, String element, String state) {
        x.struct(element, s -> s.el("code", Instance.stateCode(state)).el("name", state));
    }

    static void stateReason(Xml x, StateReason reason) {
        if (reason != null) {
            x.struct("stateReason", r -> r.el("code", reason.code()).el("message", reason.message()));
        }
    }

    /** Block device mappings as images and launch configurations carry them (not an instance's attachments). */
    static void blockDeviceMappings(Xml x, String element, List<BlockDeviceMapping> mappings) {
        x.list(element, "item", mappings, (m, b) -> {
            m.el("deviceName", b.deviceName()).el("virtualName", b.virtualName());
            if (b.ebs() != null) {
                Ebs e = b.ebs();
                m.struct("ebs", s -> s.el("snapshotId", e.snapshotId()).el("volumeSize", e.volumeSize())
                        .el("deleteOnTermination", e.deleteOnTermination()).el("volumeType", e.volumeType())
                        .el("iops", e.iops()).el("throughput", e.throughput()).el("encrypted", e.encrypted())
                        .el("kmsKeyId", e.kmsKeyId()));
            }
            if (b.noDevice()) {
                m.el("noDevice", "");
            }
        });
    }
}
