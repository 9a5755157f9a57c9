package io.jenkins.plugins.amifactory.simulator.autoscaling;

/**
 * A launch template as Auto Scaling refers to it: by id or by name, and a version that is a number,
 * {@code $Latest} or {@code $Default}. Kept as given, because AWS answers with what it was told.
 */
public record LaunchTemplateRef(String id, String name, String version) {

    public LaunchTemplateRef {
        version = version == null || version.isEmpty() ? "$Default" : version;
    }

    /** This reference with both the template's id and its name filled in from EC2. */
    LaunchTemplateRef identified(io.jenkins.plugins.amifactory.simulator.ec2.Ec2World ec2) {
        var identity = ec2.templateIdentity(id, name);
        return new LaunchTemplateRef(identity.id(), identity.name(), version);
    }

    /** Whether the version names one fixed version, which a rollback needs to go back to. */
    public boolean hasNumberedVersion() {
        return version.chars().allMatch(Character::isDigit);
    }

    /** Whether {@code other} names the same template, as far as the names given allow telling. */
    boolean sameTemplate(String otherId, String otherName) {
        if (id != null && otherId != null) {
            return id.equals(otherId);
        }
        return name != null && name.equals(otherName);
    }

    String describe() {
        return (id != null ? id : name) + " version " + version;
    }
}
