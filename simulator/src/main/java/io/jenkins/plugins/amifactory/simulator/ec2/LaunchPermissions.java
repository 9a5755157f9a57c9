package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who besides its owner may launch an Image: the public ({@code Group=all}), AWS accounts, organizations and
 * organizational units, as ModifyImageAttribute grants them. An account that was granted an Image can keep
 * instances and launch templates that use it, which is why an owner deciding whether to remove the Image
 * needs to see them. Mutable; guarded by the world's lock.
 */
public final class LaunchPermissions {

    /** One grant, as {@code LaunchPermission.Add.N} spells it: exactly one member is set. */
    public record Grant(String group, String userId, String organizationArn, String organizationalUnitArn) {

        public static Grant publicGroup() {
            return new Grant("all", null, null, null);
        }

        public static Grant account(String userId) {
            return new Grant(null, userId, null, null);
        }
    }

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("arn:aws[a-z-]*:organizations::\\d{12}:organization/o-[a-z0-9]{10,32}");
    private static final Pattern UNIT =
            Pattern.compile("arn:aws[a-z-]*:organizations::\\d{12}:ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}");

    private boolean publicGroup;
    private final Set<String> userIds = new LinkedHashSet<>();
    private final Set<String> organizationArns = new LinkedHashSet<>();
    private final Set<String> organizationalUnitArns = new LinkedHashSet<>();

    /** Whether {@code Group=all} was granted. */
    public boolean isPublic() {
        return publicGroup;
    }

    public Set<String> userIds() {
        return Collections.unmodifiableSet(userIds);
    }

    public Set<String> organizationArns() {
        return Collections.unmodifiableSet(organizationArns);
    }

    public Set<String> organizationalUnitArns() {
        return Collections.unmodifiableSet(organizationalUnitArns);
    }

    /** Every grant, in the order DescribeImageAttribute lists them: the group, accounts, organizations, units. */
    public List<Grant> grants() {
        List<Grant> out = new ArrayList<>();
        if (publicGroup) {
            out.add(Grant.publicGroup());
        }
        userIds.forEach(u -> out.add(Grant.account(u)));
        organizationArns.forEach(o -> out.add(new Grant(null, null, o, null)));
        organizationalUnitArns.forEach(u -> out.add(new Grant(null, null, null, u)));
        return out;
    }

    /** Whether nothing beyond the owner's implicit permission is granted. */
    public boolean isEmpty() {
        return grants().isEmpty();
    }

    /**
     * Checks a grant as AWS does before anything changes, so that a call with one bad grant changes nothing.
     *
     * @throws AwsException {@code InvalidUserID.Malformed} for an account that is not 12 digits,
     *                      {@code InvalidParameterValue} for another group than {@code all}, a malformed ARN,
     *                      or a grant that names nothing or more than one thing
     */
    static Grant validate(Grant g) {
        int named = (g.group() != null ? 1 : 0) + (g.userId() != null ? 1 : 0)
                + (g.organizationArn() != null ? 1 : 0) + (g.organizationalUnitArn() != null ? 1 : 0);
        if (named != 1) {
            throw new AwsException("InvalidParameterValue",
                    "Each launch permission must name exactly one of Group, UserId, OrganizationArn or "
                            + "OrganizationalUnitArn.");
        }
        if (g.group() != null && !"all".equals(g.group())) {
            throw new AwsException("InvalidParameterValue", "Value (" + g.group()
                    + ") for parameter group is invalid. The only valid group is all.");
        }
        if (g.userId() != null && !ACCOUNT.matcher(g.userId()).matches()) {
            throw new AwsException("InvalidUserID.Malformed", "User ID '" + g.userId() + "' is not valid: an AWS "
                    + "account ID is 12 digits.");
        }
        if (g.organizationArn() != null && !ORGANIZATION.matcher(g.organizationArn()).matches()) {
            throw new AwsException("InvalidParameterValue", "Value (" + g.organizationArn()
                    + ") for parameter organizationArn is invalid.");
        }
        if (g.organizationalUnitArn() != null && !UNIT.matcher(g.organizationalUnitArn()).matches()) {
            throw new AwsException("InvalidParameterValue", "Value (" + g.organizationalUnitArn()
                    + ") for parameter organizationalUnitArn is invalid.");
        }
        return g;
    }

    void add(Grant g) {
        if (g.group() != null) {
            publicGroup = true;
        }
        addIfSet(userIds, g.userId());
        addIfSet(organizationArns, g.organizationArn());
        addIfSet(organizationalUnitArns, g.organizationalUnitArn());
    }

    /** Removing what was never granted is no error, as in AWS. */
    void remove(Grant g) {
        if (g.group() != null) {
            publicGroup = false;
        }
        userIds.remove(g.userId());
        organizationArns.remove(g.organizationArn());
        organizationalUnitArns.remove(g.organizationalUnitArn());
    }

    /** ResetImageAttribute: back to the owner alone. */
    void reset() {
        publicGroup = false;
        userIds.clear();
        organizationArns.clear();
        organizationalUnitArns.clear();
    }

    private static void addIfSet(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }
}
