package io.jenkins.plugins.amifactory;

import io.jenkins.plugins.amifactory.engine.FleetRequest;
import io.jenkins.plugins.amifactory.engine.ImageSettings;
import io.jenkins.plugins.amifactory.engine.InvalidRequestException;
import io.jenkins.plugins.amifactory.engine.LogText;
import io.jenkins.plugins.amifactory.engine.OnFailure;
import io.jenkins.plugins.amifactory.engine.RefreshSettings;
import io.jenkins.plugins.amifactory.engine.RolloutRequest;
import io.jenkins.plugins.amifactory.engine.RolloutRequestBuilder;
import io.jenkins.plugins.amifactory.engine.StopAction;
import io.jenkins.plugins.amifactory.engine.Strategy;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every optional setting of a Rollout, as the Pipeline step and the build step both expose it. Setters normalise
 * (trim, and store {@code null} for a default) so that the Snippet Generator and the saved job configuration only
 * mention what differs from the defaults; nothing is validated here, because a Pipeline must be able to bind any
 * value and fail with the engine's message (field and fix) when the Rollout starts.
 */
final class RolloutOptions implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String DEFAULT_STRATEGY = Strategy.AUTO.displayName();
    static final String DEFAULT_OUTCOME = StopAction.ROLLBACK.displayName();
    static final String DEFAULT_ON_FAILURE = OnFailure.ROLLBACK_ALL.displayName();

    private String region;
    private String credentialsId;
    private String endpointUrl;
    private String ec2EndpointUrl;
    private String autoScalingEndpointUrl;
    private String strategy;
    private boolean reboot;
    private boolean noRefresh;
    private Integer minHealthyPercentage;
    private Integer maxHealthyPercentage;
    private Integer instanceWarmupSeconds;
    private boolean skipMatching;
    private String checkpointPercentages;
    private Integer checkpointDelaySeconds;
    private Integer bakeTimeSeconds;
    private boolean noAutoRollback;
    private boolean setDefaultVersion;
    private Integer imageTimeoutMinutes;
    private Integer rolloutTimeoutMinutes;
    private Integer timeoutMinutes;
    private String onTimeout;
    private String onAbort;
    private Integer keepImages;
    private String imageName;
    private String imageDescription;
    private String tags;
    private boolean planOnly;
    private boolean quiet;
    /**
     * More groups for the same Image, in wave order after the step's own; null for none (a lone Rollout). An
     * ArrayList, because XStream saves it with a Freestyle job and may not store the JDK's immutable lists.
     */
    private ArrayList<FleetTarget> targets;
    /** With targets: every group at once instead of one wave after the other. */
    private boolean parallel;
    /** With targets: what the waves already done do when a later one fails; null for the default. */
    private String onFailure;
    /** CloudWatch alarms that stop each Refresh when one goes into ALARM; null for none. An ArrayList, as targets. */
    private ArrayList<String> alarms;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = text(region);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public void setCredentialsId(String credentialsId) {
        this.credentialsId = text(credentialsId);
    }

    public String getEndpointUrl() {
        return endpointUrl;
    }

    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = text(endpointUrl);
    }

    public String getEc2EndpointUrl() {
        return ec2EndpointUrl;
    }

    public void setEc2EndpointUrl(String ec2EndpointUrl) {
        this.ec2EndpointUrl = text(ec2EndpointUrl);
    }

    public String getAutoScalingEndpointUrl() {
        return autoScalingEndpointUrl;
    }

    public void setAutoScalingEndpointUrl(String autoScalingEndpointUrl) {
        this.autoScalingEndpointUrl = text(autoScalingEndpointUrl);
    }

    public String getStrategy() {
        return strategy;
    }

    public void setStrategy(String strategy) {
        this.strategy = canonical(strategy, DEFAULT_STRATEGY, v -> Strategy.parse(v).displayName());
    }

    public boolean isReboot() {
        return reboot;
    }

    public void setReboot(boolean reboot) {
        this.reboot = reboot;
    }

    // Stored inverted so that the default (true) is the field's zero value: XStream leaves a field that an older
    // saved job lacks at zero, whatever the initializer says.
    public boolean isRefresh() {
        return !noRefresh;
    }

    public void setRefresh(boolean refresh) {
        this.noRefresh = !refresh;
    }

    public Integer getMinHealthyPercentage() {
        return minHealthyPercentage;
    }

    public void setMinHealthyPercentage(Integer minHealthyPercentage) {
        this.minHealthyPercentage = unlessDefault(minHealthyPercentage, RefreshSettings.DEFAULT_MIN_HEALTHY_PERCENTAGE);
    }

    public Integer getMaxHealthyPercentage() {
        return maxHealthyPercentage;
    }

    public void setMaxHealthyPercentage(Integer maxHealthyPercentage) {
        this.maxHealthyPercentage = maxHealthyPercentage;
    }

    public Integer getInstanceWarmupSeconds() {
        return instanceWarmupSeconds;
    }

    public void setInstanceWarmupSeconds(Integer instanceWarmupSeconds) {
        this.instanceWarmupSeconds = instanceWarmupSeconds;
    }

    public boolean isSkipMatching() {
        return skipMatching;
    }

    public void setSkipMatching(boolean skipMatching) {
        this.skipMatching = skipMatching;
    }

    public String getCheckpointPercentages() {
        return checkpointPercentages;
    }

    public void setCheckpointPercentages(String checkpointPercentages) {
        this.checkpointPercentages = canonical(checkpointPercentages, null,
                v -> String.join(",", parsePercentages(v).stream().map(String::valueOf).toList()));
    }

    public Integer getCheckpointDelaySeconds() {
        return checkpointDelaySeconds;
    }

    public void setCheckpointDelaySeconds(Integer checkpointDelaySeconds) {
        this.checkpointDelaySeconds = checkpointDelaySeconds;
    }

    public Integer getBakeTimeSeconds() {
        return bakeTimeSeconds;
    }

    public void setBakeTimeSeconds(Integer bakeTimeSeconds) {
        this.bakeTimeSeconds = bakeTimeSeconds;
    }

    // Stored inverted for the same reason as refresh.
    public boolean isAutoRollback() {
        return !noAutoRollback;
    }

    public void setAutoRollback(boolean autoRollback) {
        this.noAutoRollback = !autoRollback;
    }

    public boolean isSetDefaultVersion() {
        return setDefaultVersion;
    }

    public void setSetDefaultVersion(boolean setDefaultVersion) {
        this.setDefaultVersion = setDefaultVersion;
    }

    public Integer getImageTimeoutMinutes() {
        return imageTimeoutMinutes;
    }

    public void setImageTimeoutMinutes(Integer imageTimeoutMinutes) {
        this.imageTimeoutMinutes = imageTimeoutMinutes;
    }

    public Integer getRolloutTimeoutMinutes() {
        return rolloutTimeoutMinutes;
    }

    public void setRolloutTimeoutMinutes(Integer rolloutTimeoutMinutes) {
        this.rolloutTimeoutMinutes = rolloutTimeoutMinutes;
    }

    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public String getOnTimeout() {
        return onTimeout;
    }

    public void setOnTimeout(String onTimeout) {
        this.onTimeout = canonical(onTimeout, DEFAULT_OUTCOME, v -> StopAction.parse("onTimeout", v).displayName());
    }

    public String getOnAbort() {
        return onAbort;
    }

    public void setOnAbort(String onAbort) {
        this.onAbort = canonical(onAbort, DEFAULT_OUTCOME, v -> StopAction.parse("onAbort", v).displayName());
    }

    public Integer getKeepImages() {
        return keepImages;
    }

    public void setKeepImages(Integer keepImages) {
        this.keepImages = unlessDefault(keepImages, ImageSettings.DEFAULT_KEEP_IMAGES);
    }

    public String getImageName() {
        return imageName;
    }

    public void setImageName(String imageName) {
        String t = text(imageName);
        this.imageName = ImageSettings.DEFAULT_NAME.equals(t) ? null : t;
    }

    public String getImageDescription() {
        return imageDescription;
    }

    public void setImageDescription(String imageDescription) {
        this.imageDescription = text(imageDescription);
    }

    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = text(tags == null ? null : tags.replace("\r\n", "\n"));
    }

    public boolean isPlanOnly() {
        return planOnly;
    }

    public void setPlanOnly(boolean planOnly) {
        this.planOnly = planOnly;
    }

    public boolean isQuiet() {
        return quiet;
    }

    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    public List<FleetTarget> getTargets() {
        return targets == null ? null : Collections.unmodifiableList(targets);
    }

    public void setTargets(List<FleetTarget> targets) {
        ArrayList<FleetTarget> given = new ArrayList<>();
        if (targets != null) {
            targets.stream().filter(Objects::nonNull).forEach(given::add);
        }
        this.targets = given.isEmpty() ? null : given;
    }

    public boolean isParallel() {
        return parallel;
    }

    public void setParallel(boolean parallel) {
        this.parallel = parallel;
    }

    public String getOnFailure() {
        return onFailure;
    }

    public void setOnFailure(String onFailure) {
        this.onFailure = canonical(onFailure, DEFAULT_ON_FAILURE, v -> OnFailure.parse(v).displayName());
    }

    public List<String> getAlarms() {
        return alarms == null ? null : Collections.unmodifiableList(alarms);
    }

    /**
     * Takes a list, as Pipeline gives it ({@code alarms: ['web-5xx']}), and splits each element at its line breaks:
     * the form edits alarms in a text area, one per line, and Stapler binds that single value into a list of one
     * element (its "single value in a collection" rule). Alarm names cannot hold line breaks, so nothing is lost.
     */
    public void setAlarms(List<String> alarms) {
        ArrayList<String> names = new ArrayList<>();
        if (alarms != null) {
            for (String a : alarms) {
                if (a == null) {
                    continue;
                }
                for (String line : a.split("\\R")) {
                    String t = text(line);
                    if (t != null) {
                        names.add(t);
                    }
                }
            }
        }
        this.alarms = names.isEmpty() ? null : names;
    }

    /** The alarms one per line, as the form's text area shows them; null for none. */
    public String getAlarmsText() {
        return alarms == null ? null : String.join("\n", alarms);
    }

    /**
     * The engine request for these options. Region and endpoints are given already resolved (they may come from
     * the build environment); timeouts left empty take the global {@code defaults} (when given), then the engine's.
     *
     * @throws InvalidRequestException naming the step field at fault and the fix
     */
    RolloutRequest toRequest(String asg, String instance, String resolvedRegion, EndpointChoice endpoints,
                             AmiFactoryConfiguration defaults, String callerReference) {
        RolloutRequestBuilder b = endpoints.applyTo(RolloutRequest.builder(asg, instance))
                .region(resolvedRegion)
                .callerReference(callerReference)
                .strategy(Strategy.parse(strategy))
                .reboot(reboot)
                .setDefaultVersion(setDefaultVersion)
                .refresh(isRefresh())
                .maxHealthyPercentage(maxHealthyPercentage)
                .instanceWarmup(seconds(instanceWarmupSeconds))
                // AWS's own default for both is "off", so only an explicit "on" (or "off") is passed on.
                .skipMatching(skipMatching ? Boolean.TRUE : null)
                .autoRollback(noAutoRollback ? Boolean.FALSE : null)
                .alarms(alarms)
                .checkpointPercentages(parsePercentages(checkpointPercentages))
                .checkpointDelay(seconds(checkpointDelaySeconds))
                .bakeTime(seconds(bakeTimeSeconds))
                .onTimeout(StopAction.parse("onTimeout", onTimeout))
                .onAbort(StopAction.parse("onAbort", onAbort))
                .imageName(imageName)
                .imageDescription(imageDescription)
                .tags(parseTags(tags))
                .planOnly(planOnly);
        if (minHealthyPercentage != null) {
            b.minHealthyPercentage(minHealthyPercentage);
        }
        if (keepImages != null) {
            b.keepImages(keepImages);
        }
        Duration image = minutes(imageTimeoutMinutes, defaults == null ? null : defaults.getDefaultImageTimeoutMinutes());
        Duration rollout = minutes(rolloutTimeoutMinutes, defaults == null ? null : defaults.getDefaultRolloutTimeoutMinutes());
        Duration overall = minutes(timeoutMinutes, defaults == null ? null : defaults.getDefaultTimeoutMinutes());
        if (image != null) {
            b.imageTimeout(image);
        }
        if (rollout != null) {
            b.rolloutTimeout(rollout);
        }
        if (overall != null) {
            b.timeout(overall);
        }
        return b.build();
    }

    /**
     * The fleet these options describe around {@code first} (the step's own group and region), or null when they
     * name no other group: then the step runs a lone Rollout, exactly as before fleets. A target's key encrypts the
     * copy of its region, which every target of that region shares, so one region may not be given two keys.
     *
     * @throws InvalidRequestException naming the step field at fault and the fix
     */
    FleetRequest toFleet(RolloutRequest first) {
        if (targets == null) {
            if (parallel || onFailure != null) {
                throw new InvalidRequestException("targets", "parallel and onFailure apply to more than one group",
                        "add targets, or leave parallel and onFailure out");
            }
            return null;
        }
        FleetRequest.Builder b = FleetRequest.builder(first).parallel(parallel).onFailure(OnFailure.parse(onFailure));
        Map<String, String> keys = new LinkedHashMap<>();
        for (FleetTarget t : targets) {
            b.target(t.getAsg(), t.getRegion());
            if (t.getKmsKeyId() != null) {
                String region = t.getRegion() != null ? t.getRegion() : first.region();
                String before = keys.putIfAbsent(region, t.getKmsKeyId());
                if (before != null && !before.equals(t.getKmsKeyId())) {
                    throw new InvalidRequestException("kmsKeyId", "the targets in " + region + " give two keys ('"
                            + LogText.oneLine(before, 100) + "' and '" + LogText.oneLine(t.getKmsKeyId(), 100) + "')",
                            "give one key per region: the targets of a region share one copy of the Image");
                }
            }
        }
        keys.forEach(b::kmsKey);
        return b.build();
    }

    /** {@code "k=v"} per line; blank lines and lines starting with {@code #} are skipped. */
    static Map<String, String> parseTags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null) {
            return tags;
        }
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("tags", "'" + l + "' is not key=value",
                        "write one tag per line as key=value, e.g. team=web");
            }
            tags.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
        return tags;
    }

    /** {@code "20,50,100"}; the engine checks that they rise. */
    static List<Integer> parsePercentages(String text) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.valueOf(part));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("checkpointPercentages", "'" + part + "' is not a whole number",
                        "give percentages separated by commas, e.g. 20,50,100");
            }
        }
        return out;
    }

    static String text(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        return t.isEmpty() ? null : t;
    }

    private static Integer unlessDefault(Integer v, int defaultValue) {
        return v == null || v == defaultValue ? null : v;
    }

    /**
     * The canonical spelling of a parseable value ({@code null} for the default); an unparseable one is kept as
     * typed, so that the Rollout reports it with the engine's message instead of losing it here.
     */
    private static String canonical(String v, String defaultValue, java.util.function.UnaryOperator<String> normalise) {
        String t = text(v);
        if (t == null) {
            return null;
        }
        try {
            String c = normalise.apply(t);
            return Objects.equals(c, defaultValue) || c.isEmpty() ? null : c;
        } catch (InvalidRequestException e) {
            return t;
        }
    }

    private static Duration seconds(Integer v) {
        return v == null ? null : Duration.ofSeconds(v);
    }

    private static Duration minutes(Integer v, Integer fallback) {
        Integer m = v != null ? v : fallback;
        return m == null ? null : Duration.ofMinutes(m);
    }
}
