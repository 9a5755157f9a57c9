package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.OnFailure;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutRequestBuilder;
import io.jenkins.plugins.amifactory.engine.StopAction;
import io.jenkins.plugins.amifactory.engine.Strategy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the Jenkins step, spelled for a terminal. Values are passed to {@link RolloutRequest} as
 * given and validated there, so the command line and the Jenkins step refuse exactly the same input; an
 * option left out keeps the request's default.
 */
final class RolloutOptions {

    @ArgGroup(validate = false, heading = "%nWhat to roll out:%n", order = 1)
    Target target = new Target();

    static final class Target {
        @Option(names = "--asg", paramLabel = "<name>", order = 1,
                description = "Auto Scaling group to roll out to (required).")
        String asg;

        @Option(names = "--instance", paramLabel = "<id>", order = 2,
                description = "Running instance to make the Image from, e.g. i-0abc1234def567890 (required).")
        String instance;

        @Option(names = "--strategy", paramLabel = "<strategy>", order = 10,
                description = "auto (what the group uses now), launchTemplate or launchConfiguration (default: auto).")
        String strategy;

        @Option(names = "--reboot", order = 11,
                description = "Reboot the instance for a consistent Image; an instance of the group goes to Standby first.")
        boolean reboot;

        @Option(names = "--set-default-version", order = 12,
                description = "Launch templates: also make the new version the template's default.")
        boolean setDefaultVersion;

        @Option(names = "--no-refresh", order = 13,
                description = "Point the group at the new configuration but start no instance refresh.")
        boolean noRefresh;

    }

    @ArgGroup(validate = false, heading = "%nInstance refresh:%n", order = 2)
    Refresh refresh = new Refresh();

    static final class Refresh {
        @Option(names = "--min-healthy", paramLabel = "<percent>", order = 20,
                description = "Minimum healthy percentage, 0-100 (default: 90).")
        Integer minHealthy;

        @Option(names = "--max-healthy", paramLabel = "<percent>", order = 21,
                description = "Maximum healthy percentage, 100-200 (default: AWS's).")
        Integer maxHealthy;

        @Option(names = "--warmup", paramLabel = "<seconds>", order = 22,
                description = "Instance warmup in seconds (default: the group's).")
        Integer warmupSeconds;

        @Option(names = "--skip-matching", negatable = true, order = 23,
                description = "Skip instances already on the new configuration (launch templates only).")
        Boolean skipMatching;

        @Option(names = "--checkpoints", paramLabel = "<percent>", split = ",", order = 24,
                description = "Pause at these percentages, e.g. 20,50,100.")
        List<Integer> checkpoints;

        @Option(names = "--checkpoint-delay", paramLabel = "<seconds>", order = 25,
                description = "Seconds to wait at each checkpoint.")
        Integer checkpointDelaySeconds;

        @Option(names = "--bake-time", paramLabel = "<seconds>", order = 26,
                description = "Seconds to watch the replaced instances before the refresh counts as done.")
        Integer bakeTimeSeconds;

        @Option(names = "--auto-rollback", negatable = true, order = 27,
                description = "Let AWS roll back a failed refresh (default: on for launch templates; "
                        + "AWS refuses it for launch configurations).")
        Boolean autoRollback;

        @Option(names = "--alarm", paramLabel = "<name>", order = 28,
                description = "CloudWatch alarm that stops the refresh when it goes into ALARM (AWS rolls a launch "
                        + "template group back; a launch configuration group is reverted); repeatable, at most 10.")
        List<String> alarms = new ArrayList<>();

    }

    @ArgGroup(validate = false, heading = "%nTimeouts and outcomes:%n", order = 3)
    Limits limits = new Limits();

    static final class Limits {
        @Option(names = "--image-timeout", paramLabel = "<minutes>", order = 30,
                description = "Minutes to wait for the Image to become available (default: 60).")
        Integer imageTimeoutMinutes;

        @Option(names = "--rollout-timeout", paramLabel = "<minutes>", order = 31,
                description = "Minutes to wait for the instance refresh (default: 120).")
        Integer rolloutTimeoutMinutes;

        @Option(names = "--timeout", paramLabel = "<minutes>", order = 32,
                description = "Minutes for the whole rollout (default: 180).")
        Integer timeoutMinutes;

        @Option(names = "--on-timeout", paramLabel = "<outcome>", order = 33,
                description = "After a timeout: rollback, cancel or leave the refresh running (default: rollback).")
        String onTimeout;

        @Option(names = "--on-abort", paramLabel = "<outcome>", order = 34,
                description = "After Ctrl-C: rollback, cancel or leave (default: rollback).")
        String onAbort;

    }

    @ArgGroup(validate = false, heading = "%nMore groups and regions (one Image for all):%n", order = 5)
    Fleet fleet = new Fleet();

    static final class Fleet {
        @Option(names = "--target", paramLabel = "<group[@region]>", order = 50,
                description = "Another group to roll the same Image out to, in this region or another (a copy of the "
                        + "Image is made there); repeatable, rolled out in the order given, after --asg.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--parallel", order = 51,
                description = "Roll every group out at once instead of one wave after the other.")
        boolean parallel;

        @Option(names = "--on-failure", paramLabel = "<policy>", order = 52,
                description = "When a wave fails: rollbackAll (every wave goes back, the fleet ends on one Image) or "
                        + "rollbackFailed (only the failed one does) (default: rollbackAll).")
        String onFailure;

        @Option(names = "--kms-key", paramLabel = "<region=key>", order = 53,
                description = "Encrypt the Image's copy in that region with this KMS key (id, ARN or alias); repeatable.")
        Map<String, String> kmsKeys = new LinkedHashMap<>();
    }

    @ArgGroup(validate = false, heading = "%nImage and retention:%n", order = 4)
    Image image = new Image();

    static final class Image {
        @Option(names = "--keep-images", paramLabel = "<n>", order = 40,
                description = "Images this tool made for the group to keep; older ones are removed, 0 keeps all (default: 3).")
        Integer keepImages;

        @Option(names = "--image-name", paramLabel = "<template>", order = 41,
                description = "Image name; {group}, {instance} and date patterns such as {yyyyMMdd-HHmmss} are "
                        + "filled in (default: {group}-{yyyyMMdd-HHmmss}).")
        String imageName;

        @Option(names = "--image-description", paramLabel = "<text>", order = 42,
                description = "Image description.")
        String imageDescription;

        @Option(names = "--tag", paramLabel = "<key=value>", order = 43,
                description = "Extra tag for the Image and its snapshots (and a launch template the rollout creates); repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();

        @Option(names = "--caller-reference", paramLabel = "<text>", order = 44,
                description = "Who asked (a ticket, a pipeline URL); recorded in the ami-factory:created-by tag.")
        String callerReference;
    }

    /**
     * The request these options describe.
     *
     * @throws io.jenkins.plugins.amifactory.engine.InvalidRequestException naming the request field at fault
     */
    RolloutRequest toRequest(String region, AwsOptions aws, CliContext ctx, boolean planOnly) {
        RolloutRequestBuilder b = RolloutRequest.builder(target.asg, target.instance)
                .region(region)
                .endpoint(aws.endpoint(ctx))
                .ec2Endpoint(aws.ec2Endpoint(ctx))
                .autoScalingEndpoint(aws.autoScalingEndpoint(ctx))
                .strategy(Strategy.parse(target.strategy))
                .reboot(target.reboot)
                .setDefaultVersion(target.setDefaultVersion)
                .refresh(!target.noRefresh)
                .maxHealthyPercentage(refresh.maxHealthy)
                .instanceWarmup(seconds(refresh.warmupSeconds))
                .skipMatching(refresh.skipMatching)
                .checkpointPercentages(refresh.checkpoints)
                .checkpointDelay(seconds(refresh.checkpointDelaySeconds))
                .bakeTime(seconds(refresh.bakeTimeSeconds))
                .autoRollback(refresh.autoRollback)
                .alarms(refresh.alarms)
                .onTimeout(StopAction.parse("onTimeout", limits.onTimeout))
                .onAbort(StopAction.parse("onAbort", limits.onAbort))
                .imageName(image.imageName)
                .imageDescription(image.imageDescription)
                .tags(image.tags)
                .callerReference(image.callerReference)
                .planOnly(planOnly);
        if (refresh.minHealthy != null) {
            b.minHealthyPercentage(refresh.minHealthy);
        }
        if (limits.imageTimeoutMinutes != null) {
            b.imageTimeout(Duration.ofMinutes(limits.imageTimeoutMinutes));
        }
        if (limits.rolloutTimeoutMinutes != null) {
            b.rolloutTimeout(Duration.ofMinutes(limits.rolloutTimeoutMinutes));
        }
        if (limits.timeoutMinutes != null) {
            b.timeout(Duration.ofMinutes(limits.timeoutMinutes));
        }
        if (image.keepImages != null) {
            b.keepImages(image.keepImages);
        }
        return b.build();
    }

    /**
     * The fleet these options describe around {@code first}, or null when they name no other group.
     *
     * @throws io.jenkins.plugins.amifactory.engine.InvalidRequestException naming the option's field at fault
     */
    FleetRequest toFleet(RolloutRequest first) {
        if (fleet.targets.isEmpty()) {
            if (fleet.parallel || fleet.onFailure != null || !fleet.kmsKeys.isEmpty()) {
                throw new io.jenkins.plugins.amifactory.engine.InvalidRequestException("targets",
                        "--parallel, --on-failure and --kms-key apply to more than one group",
                        "add a --target, or leave them out");
            }
            return null;
        }
        FleetRequest.Builder b = FleetRequest.builder(first).parallel(fleet.parallel)
                .onFailure(OnFailure.parse(fleet.onFailure));
        for (String text : fleet.targets) {
            io.jenkins.plugins.amifactory.engine.Target t =
                    io.jenkins.plugins.amifactory.engine.Target.parse("targets", text, first.region());
            b.target(t.asg(), t.region());
        }
        fleet.kmsKeys.forEach(b::kmsKey);
        return b.build();
    }

    private static Duration seconds(Integer s) {
        return s == null ? null : Duration.ofSeconds(s);
    }
}
