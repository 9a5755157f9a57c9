package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * One group a {@link Fleet} rolls out to, and its region. Groups are named alike in every region, so a target is
 * the pair: {@code web} in eu-west-1 and {@code web} in me-central-1 are two targets.
 *
 * @param asg    the Auto Scaling group's name
 * @param region its region
 */
public record Target(String asg, String region) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public Target {
        Objects.requireNonNull(asg, "asg");
        Objects.requireNonNull(region, "region");
    }

    /**
     * {@code web} or {@code web@me-central-1}, as the command line writes a target; without a region, {@code region}.
     *
     * @throws InvalidRequestException naming {@code field} when the text is empty
     */
    public static Target parse(String field, String text, String region) {
        String t = text == null ? "" : text.strip();
        int at = t.lastIndexOf('@');
        String asg = (at < 0 ? t : t.substring(0, at)).strip();
        String where = at < 0 ? null : t.substring(at + 1).strip();
        if (asg.isEmpty()) {
            throw new InvalidRequestException(field, "a target names no group", "write a target as group or group@region, e.g. worker@eu-west-1");
        }
        return new Target(asg, where == null || where.isEmpty() ? region : where);
    }

    /** {@code web@eu-west-1}: how log lines and messages name a target. */
    @Override
    public String toString() {
        return asg + "@" + region;
    }
}
