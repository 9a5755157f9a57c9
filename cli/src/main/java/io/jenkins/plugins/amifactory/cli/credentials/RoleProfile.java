package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.profiles.Profile;

import java.time.Clock;

/**
 * The assume-role settings of a profile, checked: {@code role_arn}, {@code role_session_name},
 * {@code external_id}, {@code mfa_serial} and {@code duration_seconds}, as the AWS CLI reads them.
 *
 * @param profile         the profile's name, for messages
 * @param roleArn         the role to assume
 * @param sessionName     the session name: the profile's, else one made from the time, as the AWS CLI does
 * @param externalId      the external id the role's trust policy may ask for, or null
 * @param mfaSerial       the MFA device whose code has to be given, or null
 * @param durationSeconds the session's length, or null for STS's default (an hour)
 */
record RoleProfile(String profile, String roleArn, String sessionName, String externalId, String mfaSerial,
                   Integer durationSeconds) {

    static RoleProfile of(Profile p, Clock clock) {
        String sessionName = p.property("role_session_name").orElse("ami-factory-" + clock.instant().getEpochSecond());
        return new RoleProfile(p.name(), p.property("role_arn").orElseThrow(), sessionName,
                p.property("external_id").orElse(null), p.property("mfa_serial").orElse(null), duration(p));
    }

    private static Integer duration(Profile p) {
        String v = p.property("duration_seconds").orElse(null);
        if (v == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(v.trim());
            if (seconds >= 900 && seconds <= 43200) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CredentialsException("profile '" + p.name() + "' has duration_seconds = " + v
                + ", which is not a session length (use a whole number of seconds from 900 to 43200, at most the "
                + "role's maximum session duration)");
    }

    /** The role, and the MFA device when there is one, in words. */
    String describe() {
        return "assume role " + roleArn + (mfaSerial == null ? "" : " with MFA " + mfaSerial);
    }
}
