package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KMS key ids EC2 takes for encrypting snapshots, in the four forms AWS accepts (key id, key ARN, alias name,
 * alias ARN), resolved to the key ARN that DescribeSnapshots shows. KMS itself is not simulated: every well-formed
 * key of the right region exists, and an alias stands for a key whose id is derived from its name, so the same
 * alias always gives the same key ARN.
 */
final class KmsKeys {

    /** The alias of the account's AWS managed key for EBS, which encrypts when no key is given. */
    static final String DEFAULT_ALIAS = "alias/aws/ebs";

    private static final String KEY_ID = "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
            + "|mrk-[0-9a-fA-F]{32})";
    private static final String ALIAS = "alias/[a-zA-Z0-9/_-]{1,250}";
    private static final Pattern KEY = Pattern.compile(KEY_ID);
    private static final Pattern ALIAS_NAME = Pattern.compile(ALIAS);
    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):(key/" + KEY_ID + "|" + ALIAS + ")");

    private KmsKeys() {
    }

    /**
     * The key ARN {@code given} names for a snapshot of {@code accountId} in {@code region}.
     *
     * @throws AwsException {@code InvalidParameterValue} for a value of none of the four forms, or an ARN of
     *                      another region (AWS requires the key in the destination Region). AWS checks the key
     *                      itself only after the call returns, and a bad one makes the copy fail; the simulator
     *                      refuses what it can tell is wrong at once instead. The message is not AWS's verbatim.
     */
    static String resolve(String given, String region, String accountId) {
        if (KEY.matcher(given).matches()) {
            return keyArn(region, accountId, given);
        }
        if (ALIAS_NAME.matcher(given).matches()) {
            return aliasKey(region, accountId, given);
        }
        Matcher arn = ARN.matcher(given);
        if (!arn.matches()) {
            throw new AwsException("InvalidParameterValue", "Value (" + given + ") for parameter kmsKeyId is invalid. "
                    + "Expected a key ID, a key ARN, an alias name (alias/...) or an alias ARN.");
        }
        if (!arn.group(1).equals(region)) {
            throw new AwsException("InvalidParameterValue", "Value (" + given + ") for parameter kmsKeyId is invalid. "
                    + "The KMS key must be in the destination Region " + region + ", not " + arn.group(1) + ".");
        }
        return arn.group(3).startsWith("key/") ? given : aliasKey(region, arn.group(2), arn.group(3));
    }

    /** The ARN of the account's AWS managed EBS key in {@code region} ({@value #DEFAULT_ALIAS}). */
    static String defaultKey(String region, String accountId) {
        return aliasKey(region, accountId, DEFAULT_ALIAS);
    }

    private static String aliasKey(String region, String accountId, String alias) {
        UUID id = UUID.nameUUIDFromBytes((accountId + ":" + region + ":" + alias).getBytes(StandardCharsets.UTF_8));
        return keyArn(region, accountId, id.toString());
    }

    private static String keyArn(String region, String accountId, String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }
}
