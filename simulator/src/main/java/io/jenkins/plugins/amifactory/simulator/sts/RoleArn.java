package io.jenkins.plugins.amifactory.simulator.sts;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role's ARN, {@code arn:aws:iam::<account>:role[/path]/<name>}: the account and name its sessions are
 * named after. The simulator has no IAM, so every well-formed role exists and trusts every caller.
 */
public record RoleArn(String arn, String account, String name) {

    private static final Pattern ROLE =
            Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");

    /** Parses {@code arn}, naming {@code parameter} in the ValidationError a malformed one gets. */
    public static RoleArn parse(String parameter, String arn) {
        Matcher m = ROLE.matcher(arn);
        if (!m.matches()) {
            throw new AwsException("ValidationError", "Value '" + arn + "' at '" + parameter
                    + "' failed to satisfy constraint: Member must be a role ARN (arn:aws:iam::<account>:role/<name>)");
        }
        return new RoleArn(arn, m.group(1), m.group(2));
    }
}
