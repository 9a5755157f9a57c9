package io.jenkins.plugins.amifactory.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the engine's messages, which name request fields the way a Jenkinsfile spells them
 * ({@code minHealthyPercentage}), into messages that name the command-line options ({@code --min-healthy}),
 * so that every "bad input" line tells a terminal user exactly which option to change.
 */
final class OptionNames {

    /** Request field (see RolloutRequest) to the option that sets it. */
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("asg", "--asg");
        OPTIONS.put("instance", "--instance");
        OPTIONS.put("region", "--region");
        OPTIONS.put("endpointUrl", "--endpoint-url");
        OPTIONS.put("ec2EndpointUrl", "--ec2-endpoint-url");
        OPTIONS.put("autoScalingEndpointUrl", "--autoscaling-endpoint-url");
        OPTIONS.put("credentialsId", "--profile");
        OPTIONS.put("imageName", "--image-name");
        OPTIONS.put("imageDescription", "--image-description");
        OPTIONS.put("tags", "--tag");
        OPTIONS.put("callerReference", "--caller-reference");
        OPTIONS.put("reboot", "--reboot");
        OPTIONS.put("strategy", "--strategy");
        OPTIONS.put("setDefaultVersion", "--set-default-version");
        OPTIONS.put("refresh", "--no-refresh");
        OPTIONS.put("minHealthyPercentage", "--min-healthy");
        OPTIONS.put("maxHealthyPercentage", "--max-healthy");
        OPTIONS.put("instanceWarmupSeconds", "--warmup");
        OPTIONS.put("skipMatching", "--skip-matching");
        OPTIONS.put("checkpointPercentages", "--checkpoints");
        OPTIONS.put("checkpointDelaySeconds", "--checkpoint-delay");
        OPTIONS.put("bakeTimeSeconds", "--bake-time");
        OPTIONS.put("autoRollback", "--auto-rollback");
        OPTIONS.put("imageTimeoutMinutes", "--image-timeout");
        OPTIONS.put("rolloutTimeoutMinutes", "--rollout-timeout");
        OPTIONS.put("timeoutMinutes", "--timeout");
        OPTIONS.put("onTimeout", "--on-timeout");
        OPTIONS.put("onAbort", "--on-abort");
        OPTIONS.put("keepImages", "--keep-images");
        OPTIONS.put("targets", "--target");
        OPTIONS.put("alarms", "--alarm");
        OPTIONS.put("onFailure", "--on-failure");
        OPTIONS.put("kmsKeyId", "--kms-key");
        OPTIONS.put("givenImage", "--target");
    }

    /**
     * Fixes the engine words for a Jenkinsfile (or the Jenkins global configuration); ordered, applied
     * before the field names so that a phrase is matched before its field is renamed.
     */
    private static final String[][] PHRASES = {
            {"set the region field, AWS_REGION or AWS_DEFAULT_REGION, or a default region in the global configuration",
                    "give --region, set AWS_REGION or AWS_DEFAULT_REGION, or give the profile a region in ~/.aws/config"},
            {"use reboot: false", "leave out --reboot"},
            {"use strategy ", "use --strategy "},
            {"turn autoRollback off", "give --no-auto-rollback"},
            {"turn skipMatching off", "give --no-skip-matching"},
    };

    private static final String REFUSED = "Refused: ";

    /** {@code e.g. asg: 'web'} in a fix becomes {@code e.g. --asg web}. */
    private static final Pattern EXAMPLE = Pattern.compile("\\b(asg|instance): '([^']*)'");

    private OptionNames() {
    }

    /** The option that sets request field {@code field}, or the field itself when no option does. */
    static String option(String field) {
        return OPTIONS.getOrDefault(field, field);
    }

    /** The engine message with every request field it names replaced by its option. */
    static String translate(String message) {
        if (message == null) {
            return null;
        }
        String m = message;
        for (String[] phrase : PHRASES) {
            m = m.replace(phrase[0], phrase[1]);
        }
        m = EXAMPLE.matcher(m).replaceAll("--$1 $2");
        // The field leads the message, or follows the "Refused: " of the engine's progress line.
        int from = m.startsWith(REFUSED) ? REFUSED.length() : 0;
        int colon = m.indexOf(": ", from);
        if (colon > from && OPTIONS.containsKey(m.substring(from, colon))) {
            m = m.substring(0, from) + OPTIONS.get(m.substring(from, colon)) + m.substring(colon);
        }
        // Only the camelCase names: plain words such as "instance" or "region" also occur as prose.
        for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
            if (!e.getKey().equals(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                m = m.replaceAll("\\b" + e.getKey() + "\\b", Matcher.quoteReplacement(e.getValue()));
            }
        }
        return m;
    }
}
