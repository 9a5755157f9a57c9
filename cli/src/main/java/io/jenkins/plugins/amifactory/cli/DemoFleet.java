package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import io.jenkins.plugins.amifactory.engine.Fleet;
import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.FleetResult;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutStatus;
import io.jenkins.plugins.amifactory.engine.Target;
import io.jenkins.plugins.amifactory.simulator.DemoShop;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's fourth act: one Image for every group and region. The Image is made from a {@code web} instance at
 * home and rolled out in waves to {@code web} and {@code worker} there and to {@code web} in a second region,
 * whose copy of the Image is encrypted with a KMS key: the engine's {@link Fleet}, run and summed up exactly as
 * {@code ami-factory rollout --target} runs it. Then it checks in the simulator that every group's instances run
 * the Image or its copy, and that the copy's snapshots are encrypted.
 */
final class DemoFleet {

    /** The second region of the demo shop. */
    static final String OTHER_REGION = "eu-west-1";
    /** The KMS key the copy in {@link #OTHER_REGION} is encrypted with (the simulator takes any well-formed one). */
    static final String KMS_KEY = "alias/ami-factory-demo";

    /** One thing the act checked in the simulator, in words, and whether it held. */
    record Check(String what, String found, boolean ok) {}

    /**
     * What the act did.
     *
     * @param rows   a summary row per target, in wave order, numbered {@code 4a}, {@code 4b}, …
     * @param checks what was checked in the simulator after the fleet
     */
    record Outcome(FleetResult result, List<DemoCommand.Ran> rows, List<Check> checks) {

        /** The fleet as the demo's JSON shows it: the fleet's own keys of its result, and the checks. */
        Map<String, Object> toJson() {
            Map<String, Object> full = result.toMap();
            Map<String, Object> m = new LinkedHashMap<>();
            for (String key : List.of("fleetId", "status", "message", "imageId", "copies", "copyLedger")) {
                if (full.containsKey(key)) {
                    m.put(key, full.get(key));
                }
            }
            m.put("checks", checks.stream().map(c -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("what", c.what());
                row.put("found", c.found());
                row.put("ok", c.ok());
                return row;
            }).toList());
            return m;
        }
    }

    private final String home;
    /** Long-lived clients of each region, lent to the fleet for each step. */
    private final Map<String, AwsClients> clients;

    DemoFleet(String home, Map<String, AwsClients> clients) {
        this.home = home;
        this.clients = Map.copyOf(clients);
    }

    /** One line on what the act is about to do, for under its title. */
    static String intro(DemoShop.SeededFleet shop) {
        return "   (the copy in " + shop.otherRegion() + " is encrypted with KMS key " + KMS_KEY
                + "; each wave starts once the one before is healthy)";
    }

    /** The fleet: web at home first (its instance is the source), then worker, then web in the other region. */
    FleetRequest request(RolloutRequest first, DemoShop.SeededFleet shop) {
        return FleetRequest.builder(first)
                .target(shop.workerGroup(), home)
                .target(shop.otherWebGroup(), shop.otherRegion())
                .kmsKey(shop.otherRegion(), KMS_KEY)
                .build();
    }

    /** Runs {@code request} as {@code rollout --target} does, prints its summary, then checks what AWS holds. */
    Outcome run(FleetRequest request, String number, RolloutRunner runner, PrintStream out, boolean bar) {
        List<Target> targets = request.targets();
        List<String> before = targets.stream().map(this::configuration).toList();
        Fleet.RegionClients regions = region -> AwsClients.borrowed(clientsOf(region), () -> { });
        FleetResult result = runner.run(request, regions, out, bar);
        Summary.print(out, result);

        // Checked only after a success: otherwise the summary says where each group is.
        boolean succeeded = result.status() == RolloutStatus.SUCCEEDED;
        List<Check> onImage = succeeded ? targets.stream().map(t -> t.region().equals(home)
                ? runs(t, result.imageId(), "the Image")
                : runs(t, result.copies().get(t.region()), "its copy in " + t.region())).toList() : List.of();
        Map<String, Check> copies = new LinkedHashMap<>();
        if (succeeded) {
            result.copies().forEach((region, copy) -> copies.put(region, encrypted(region, copy)));
        }
        List<Check> checks = new ArrayList<>(onImage);
        checks.addAll(copies.values());
        if (!checks.isEmpty()) {
            out.println();
            out.println("Checked in the simulator:");
            Table table = new Table();
            checks.forEach(c -> table.row(c.what(), c.found() + (c.ok() ? "" : "  (NOT as expected)")));
            table.print(out, "  ");
        }
        List<DemoCommand.Ran> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            Check copy = copies.get(t.region());
            boolean checked = succeeded && onImage.get(i).ok() && (copy == null || copy.ok());
            rows.add(new DemoCommand.Ran(number + (char) ('a' + i), name(t), RolloutStatus.SUCCEEDED,
                    result.results().get(i), before.get(i), configuration(t), checked));
        }
        return new Outcome(result, rows, checks);
    }

    /** How the demo's summary names a target: by its group at home, with its region elsewhere. */
    private String name(Target t) {
        return t.region().equals(home) ? t.asg() : t.toString();
    }

    private String configuration(Target t) {
        return DemoCommand.groupConfiguration(clientsOf(t.region()), t.asg());
    }

    private AwsClients clientsOf(String region) {
        return Objects.requireNonNull(clients.get(region), () -> "the demo has no clients for " + region);
    }

    /** Whether every instance of the target's group runs {@code expected} ({@code which} says what it is). */
    Check runs(Target t, String expected, String which) {
        AwsClients aws = clientsOf(t.region());
        List<String> ids = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(t.asg()))
                .autoScalingGroups().get(0).instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).toList();
        List<String> images = ids.isEmpty() ? List.of() : aws.ec2().describeInstances(r -> r.instanceIds(ids))
                .reservations().stream().flatMap(r -> r.instances().stream())
                .map(software.amazon.awssdk.services.ec2.model.Instance::imageId).distinct().sorted().toList();
        boolean ok = expected != null && !ids.isEmpty() && images.equals(List.of(expected));
        String on = ok ? "all on " + expected : "on " + (images.isEmpty() ? "nothing" : String.join(", ", images))
                + ", not all on " + Summary.orDash(expected);
        return new Check(t.toString(), ids.size() + " instances, " + on + " (" + which + ")", ok);
    }

    /** Whether every snapshot of the copy in {@code region} is encrypted, and with which key. */
    Check encrypted(String region, String copy) {
        AwsClients aws = clientsOf(region);
        Image image = aws.ec2().describeImages(r -> r.imageIds(copy)).images().get(0);
        List<String> snapshotIds = image.blockDeviceMappings().stream().map(BlockDeviceMapping::ebs)
                .filter(Objects::nonNull).map(e -> e.snapshotId()).filter(Objects::nonNull).toList();
        List<Snapshot> snapshots = snapshotIds.isEmpty() ? List.of()
                : aws.ec2().describeSnapshots(r -> r.snapshotIds(snapshotIds)).snapshots();
        List<String> keys = snapshots.stream().map(s -> Boolean.TRUE.equals(s.encrypted()) ? s.kmsKeyId() : null)
                .distinct().toList();
        boolean ok = !snapshots.isEmpty() && keys.size() == 1 && keys.get(0) != null;
        return new Check("copy in " + region, copy + ", " + snapshots.size() + " snapshots, "
                + (ok ? "encrypted with " + keys.get(0) : "not all encrypted with one key"), ok);
    }
}
