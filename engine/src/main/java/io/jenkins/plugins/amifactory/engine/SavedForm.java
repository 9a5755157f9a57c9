package io.jenkins.plugins.amifactory.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The saved form of a {@link RolloutRequest} and a {@link RolloutState}: the flat field names and types the
 * first version wrote. Jenkins keeps both with a running step; a controller restarted onto a newer plugin reads
 * them back, so the classes may regroup their fields but the form stays. A fact added later is added here
 * under a new name, and an older save reads it as absent (null, false, 0).
 */
final class SavedForm {

    static final ObjectStreamField[] REQUEST_FIELDS = {
            field("asg", String.class), field("instance", String.class), field("region", String.class),
            field("endpoint", URI.class), field("imageName", String.class), field("imageDescription", String.class),
            field("tags", Map.class), field("callerReference", String.class), field("reboot", boolean.class),
            field("strategy", Strategy.class), field("setDefaultVersion", boolean.class), field("refresh", boolean.class),
            field("minHealthyPercentage", int.class), field("maxHealthyPercentage", Integer.class),
            field("instanceWarmup", Duration.class), field("skipMatching", Boolean.class),
            field("checkpointPercentages", List.class), field("checkpointDelay", Duration.class),
            field("bakeTime", Duration.class), field("autoRollback", Boolean.class),
            field("imageTimeout", Duration.class), field("rolloutTimeout", Duration.class),
            field("timeout", Duration.class), field("onTimeout", Outcome.class), field("onAbort", Outcome.class),
            field("keepImages", int.class), field("planOnly", boolean.class),
            // Added after the first saved form; an older save reads them as null (the common endpoint).
            field("ec2Endpoint", URI.class), field("autoScalingEndpoint", URI.class),
            // Added for fleets; an older save reads them as null and false (make the Image, never hold).
            field("givenImage", String.class), field("holdAfterRefresh", boolean.class),
            field("alarms", List.class),
    };

    static final ObjectStreamField[] STATE_FIELDS = {
            field("rolloutId", String.class), field("startedAt", Instant.class), field("deadline", Instant.class),
            field("phase", Phase.class), field("phaseStartedAt", Instant.class), field("status", RolloutStatus.class),
            field("phaseDurations", Map.class), field("imageName", String.class),
            field("previousKind", RolloutState.ConfigKind.class), field("previousLaunchConfiguration", String.class),
            field("templateId", String.class), field("templateName", String.class),
            field("previousTemplateVersion", String.class), field("previousTemplateVersionNumber", Long.class),
            field("writesTemplate", boolean.class), field("migratesToTemplate", boolean.class),
            field("previousImageId", String.class), field("instanceInStandby", boolean.class),
            field("imageId", String.class), field("snapshotIds", List.class), field("imageRequestedAt", Instant.class),
            field("newLaunchConfiguration", String.class), field("newTemplateVersion", Long.class),
            field("groupUpdated", boolean.class), field("groupPinned", boolean.class),
            field("defaultVersionBefore", Long.class), field("defaultMoved", boolean.class),
            field("refreshId", String.class), field("refreshStartedAt", Instant.class),
            field("refreshStatus", String.class), field("refreshPercent", Integer.class),
            field("refreshStatusReason", String.class), field("stopping", RolloutStatus.class),
            field("outcome", Outcome.class), field("revertRefreshRequested", boolean.class),
            field("revertRefreshDone", boolean.class), field("revertGroupDone", boolean.class),
            field("failure", String.class), field("ledger", List.class), field("consecutiveErrors", int.class),
            field("apiCalls", Map.class),
            // Added after the first saved form; an older save reads it as false.
            field("revertAbandoned", boolean.class), field("failingAction", String.class),
            field("revertRefreshBackId", String.class), field("revertRefreshBackStartedAt", Instant.class),
            field("revertInstancesDone", boolean.class), field("leaseRenewedAt", Instant.class),
            field("revertGroupLeft", boolean.class), field("revertUserAborted", boolean.class),
            field("stopBrief", String.class), field("groupWhere", String.class),
            // Added for fleets; an older save reads it as false (nobody released a held rollout).
            field("heldReleased", boolean.class),
    };

    private SavedForm() {
    }

    private static ObjectStreamField field(String name, Class<?> type) {
        return new ObjectStreamField(name, type);
    }

    static void write(RolloutRequest r, ObjectOutputStream.PutField f) {
        f.put("asg", r.asg());
        f.put("instance", r.instance());
        f.put("region", r.region());
        f.put("endpoint", r.endpoint());
        f.put("ec2Endpoint", r.ec2Endpoint());
        f.put("autoScalingEndpoint", r.autoScalingEndpoint());
        f.put("strategy", r.strategy());
        f.put("setDefaultVersion", r.setDefaultVersion());
        f.put("planOnly", r.planOnly());
        ImageSettings image = r.image();
        f.put("imageName", image.nameTemplate());
        f.put("imageDescription", image.description());
        f.put("tags", new java.util.LinkedHashMap<>(image.tags()));
        f.put("callerReference", image.callerReference());
        f.put("reboot", image.reboot());
        f.put("keepImages", image.keepImages());
        RefreshSettings refresh = r.refresh();
        f.put("refresh", refresh.enabled());
        f.put("minHealthyPercentage", refresh.minHealthyPercentage());
        f.put("maxHealthyPercentage", refresh.maxHealthyPercentage());
        f.put("instanceWarmup", refresh.instanceWarmup());
        f.put("skipMatching", refresh.skipMatching());
        f.put("checkpointPercentages", new java.util.ArrayList<>(refresh.checkpointPercentages()));
        f.put("checkpointDelay", refresh.checkpointDelay());
        f.put("bakeTime", refresh.bakeTime());
        f.put("autoRollback", refresh.autoRollback());
        Deadlines d = r.deadlines();
        f.put("imageTimeout", d.image());
        f.put("rolloutTimeout", d.refresh());
        f.put("timeout", d.overall());
        f.put("onTimeout", Outcome.of(d.onTimeout()));
        f.put("onAbort", Outcome.of(d.onAbort()));
        f.put("givenImage", r.givenImage());
        f.put("holdAfterRefresh", r.holdAfterRefresh());
        f.put("alarms", new java.util.ArrayList<>(r.refresh().alarms()));
    }

    @SuppressWarnings("unchecked")
    static RolloutRequestBuilder readRequest(ObjectInputStream.GetField f) throws IOException {
        RolloutRequestBuilder b = new RolloutRequestBuilder();
        b.asg = (String) f.get("asg", null);
        b.instance = (String) f.get("instance", null);
        b.region = (String) f.get("region", null);
        b.endpoint = (URI) f.get("endpoint", null);
        b.ec2Endpoint = (URI) f.get("ec2Endpoint", null);
        b.autoScalingEndpoint = (URI) f.get("autoScalingEndpoint", null);
        b.strategy = orElse((Strategy) f.get("strategy", null), Strategy.AUTO);
        b.setDefaultVersion = f.get("setDefaultVersion", false);
        b.planOnly = f.get("planOnly", false);
        b.imageName = orElse((String) f.get("imageName", null), ImageSettings.DEFAULT_NAME);
        b.imageDescription = (String) f.get("imageDescription", null);
        Map<String, String> tags = (Map<String, String>) f.get("tags", null);
        if (tags != null) {
            b.tags.putAll(tags);
        }
        b.callerReference = (String) f.get("callerReference", null);
        b.reboot = f.get("reboot", false);
        b.keepImages = f.get("keepImages", ImageSettings.DEFAULT_KEEP_IMAGES);
        b.refresh = f.get("refresh", true);
        b.minHealthyPercentage = f.get("minHealthyPercentage", RefreshSettings.DEFAULT_MIN_HEALTHY_PERCENTAGE);
        b.maxHealthyPercentage = (Integer) f.get("maxHealthyPercentage", null);
        b.instanceWarmup = (Duration) f.get("instanceWarmup", null);
        b.skipMatching = (Boolean) f.get("skipMatching", null);
        List<Integer> checkpoints = (List<Integer>) f.get("checkpointPercentages", null);
        if (checkpoints != null) {
            b.checkpointPercentages.addAll(checkpoints);
        }
        b.checkpointDelay = (Duration) f.get("checkpointDelay", null);
        b.bakeTime = (Duration) f.get("bakeTime", null);
        b.autoRollback = (Boolean) f.get("autoRollback", null);
        b.imageTimeout = orElse((Duration) f.get("imageTimeout", null), Deadlines.DEFAULT_IMAGE);
        b.rolloutTimeout = orElse((Duration) f.get("rolloutTimeout", null), Deadlines.DEFAULT_REFRESH);
        b.timeout = orElse((Duration) f.get("timeout", null), Deadlines.DEFAULT_OVERALL);
        b.onTimeout = orElse(Outcome.toAction(f.get("onTimeout", null)), StopAction.ROLLBACK);
        b.onAbort = orElse(Outcome.toAction(f.get("onAbort", null)), StopAction.ROLLBACK);
        b.givenImage = (String) f.get("givenImage", null);
        b.holdAfterRefresh = f.get("holdAfterRefresh", false);
        List<String> alarms = (List<String>) f.get("alarms", null);
        if (alarms != null) {
            b.alarms.addAll(alarms);
        }
        return b;
    }

    static void write(RolloutState s, ObjectOutputStream.PutField f) {
        f.put("rolloutId", s.rolloutId);
        f.put("startedAt", s.startedAt);
        f.put("deadline", s.deadline);
        f.put("phase", s.phase);
        f.put("phaseStartedAt", s.phaseStartedAt);
        f.put("status", s.status);
        f.put("phaseDurations", new java.util.EnumMap<>(s.phaseDurations));
        f.put("failure", s.failure);
        f.put("ledger", new java.util.ArrayList<>(s.ledger));
        f.put("consecutiveErrors", s.consecutiveErrors);
        f.put("failingAction", s.failingAction);
        f.put("apiCalls", new java.util.TreeMap<>(s.apiCalls));

        RolloutState.Before before = s.before;
        f.put("previousKind", before.kind);
        f.put("previousLaunchConfiguration", before.launchConfiguration);
        f.put("previousTemplateVersion", before.templateVersion);
        f.put("previousTemplateVersionNumber", before.templateVersionNumber);
        f.put("previousImageId", before.imageId);
        f.put("defaultVersionBefore", before.defaultVersion);

        RolloutState.ImageFacts image = s.image;
        f.put("imageName", image.name);
        f.put("imageId", image.id);
        f.put("snapshotIds", new java.util.ArrayList<>(image.snapshotIds));
        f.put("imageRequestedAt", image.requestedAt);
        f.put("instanceInStandby", image.instanceInStandby);

        RolloutState.Written written = s.written;
        f.put("writesTemplate", written.template);
        f.put("migratesToTemplate", written.migratesToTemplate);
        f.put("templateId", written.templateId);
        f.put("templateName", written.templateName);
        f.put("newLaunchConfiguration", written.launchConfiguration);
        f.put("newTemplateVersion", written.templateVersion);
        f.put("groupUpdated", written.groupUpdated);
        f.put("groupPinned", written.groupPinned);
        f.put("defaultMoved", written.defaultMoved);

        RolloutState.RefreshFacts refresh = s.refresh;
        f.put("refreshId", refresh.id);
        f.put("refreshStartedAt", refresh.startedAt);
        f.put("refreshStatus", refresh.status);
        f.put("refreshPercent", refresh.percent);
        f.put("refreshStatusReason", refresh.statusReason);

        RolloutState.Revert revert = s.revert;
        f.put("stopping", revert.cause);
        f.put("outcome", Outcome.of(revert.action));
        f.put("revertRefreshRequested", revert.refreshRequested);
        f.put("revertRefreshDone", revert.refreshDone);
        f.put("revertGroupDone", revert.groupDone);
        f.put("revertAbandoned", revert.abandoned);
        f.put("revertRefreshBackId", revert.refreshBackId);
        f.put("revertRefreshBackStartedAt", revert.refreshBackStartedAt);
        f.put("revertInstancesDone", revert.instancesDone);
        f.put("leaseRenewedAt", s.lease.renewedAt);
        f.put("revertGroupLeft", revert.groupLeft);
        f.put("revertUserAborted", revert.userAborted);
        f.put("stopBrief", s.brief);
        f.put("groupWhere", s.where);
        f.put("heldReleased", s.released);
    }

    /** Makes a state with the saved identity and deadlines, then fills in every other saved fact. */
    @SuppressWarnings("unchecked")
    static RolloutState readState(ObjectInputStream.GetField f) throws IOException {
        RolloutState s = new RolloutState((String) f.get("rolloutId", null), (Instant) f.get("startedAt", null),
                (Instant) f.get("deadline", null));
        s.phase = (Phase) f.get("phase", Phase.PREFLIGHT);
        s.phaseStartedAt = (Instant) f.get("phaseStartedAt", s.startedAt);
        s.status = (RolloutStatus) f.get("status", RolloutStatus.RUNNING);
        Map<Phase, Duration> durations = (Map<Phase, Duration>) f.get("phaseDurations", null);
        if (durations != null) {
            s.phaseDurations.putAll(durations);
        }
        s.failure = (String) f.get("failure", null);
        List<LedgerEntry> ledger = (List<LedgerEntry>) f.get("ledger", null);
        if (ledger != null) {
            s.ledger.addAll(ledger);
        }
        s.consecutiveErrors = f.get("consecutiveErrors", 0);
        s.failingAction = (String) f.get("failingAction", null);
        Map<String, Integer> calls = (Map<String, Integer>) f.get("apiCalls", null);
        if (calls != null) {
            s.apiCalls.putAll(calls);
        }

        s.before.kind = (RolloutState.ConfigKind) f.get("previousKind", null);
        s.before.launchConfiguration = (String) f.get("previousLaunchConfiguration", null);
        s.before.templateVersion = (String) f.get("previousTemplateVersion", null);
        s.before.templateVersionNumber = (Long) f.get("previousTemplateVersionNumber", null);
        s.before.imageId = (String) f.get("previousImageId", null);
        s.before.defaultVersion = (Long) f.get("defaultVersionBefore", null);

        s.image.name = (String) f.get("imageName", null);
        s.image.id = (String) f.get("imageId", null);
        List<String> snapshots = (List<String>) f.get("snapshotIds", null);
        if (snapshots != null) {
            s.image.snapshotIds.addAll(snapshots);
        }
        s.image.requestedAt = (Instant) f.get("imageRequestedAt", null);
        s.image.instanceInStandby = f.get("instanceInStandby", false);

        s.written.template = f.get("writesTemplate", false);
        s.written.migratesToTemplate = f.get("migratesToTemplate", false);
        s.written.templateId = (String) f.get("templateId", null);
        s.written.templateName = (String) f.get("templateName", null);
        s.written.launchConfiguration = (String) f.get("newLaunchConfiguration", null);
        s.written.templateVersion = (Long) f.get("newTemplateVersion", null);
        s.written.groupUpdated = f.get("groupUpdated", false);
        s.written.groupPinned = f.get("groupPinned", false);
        s.written.defaultMoved = f.get("defaultMoved", false);

        s.refresh.id = (String) f.get("refreshId", null);
        s.refresh.startedAt = (Instant) f.get("refreshStartedAt", null);
        s.refresh.status = (String) f.get("refreshStatus", null);
        s.refresh.percent = (Integer) f.get("refreshPercent", null);
        s.refresh.statusReason = (String) f.get("refreshStatusReason", null);

        s.revert.cause = (RolloutStatus) f.get("stopping", null);
        s.revert.action = Outcome.toAction(f.get("outcome", null));
        s.revert.refreshRequested = f.get("revertRefreshRequested", false);
        s.revert.refreshDone = f.get("revertRefreshDone", false);
        s.revert.groupDone = f.get("revertGroupDone", false);
        s.revert.abandoned = f.get("revertAbandoned", false);
        s.revert.refreshBackId = (String) f.get("revertRefreshBackId", null);
        s.revert.refreshBackStartedAt = (Instant) f.get("revertRefreshBackStartedAt", null);
        s.revert.instancesDone = f.get("revertInstancesDone", false);
        s.lease.renewedAt = (Instant) f.get("leaseRenewedAt", null);
        s.revert.groupLeft = f.get("revertGroupLeft", false);
        s.revert.userAborted = f.get("revertUserAborted", false);
        s.brief = (String) f.get("stopBrief", null);
        s.where = (String) f.get("groupWhere", null);
        s.released = f.get("heldReleased", false);
        return s;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
