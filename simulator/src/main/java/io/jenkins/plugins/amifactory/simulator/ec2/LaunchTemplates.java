package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.account.Account;
import io.jenkins.plugins.amifactory.simulator.wire.AwsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * The launch templates of one region and AWS's rules for them: unique well-formed names, immutable
 * numbered versions, a default version that cannot be deleted. Guarded by the world's lock.
 */
final class LaunchTemplates {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    private static final int MAX_DESCRIPTION = 255;

    /** How one version fared in DeleteLaunchTemplateVersions; {@code errorCode} is null on success. */
    record VersionDeletion(String templateId, String templateName, Long versionNumber, String errorCode,
                           String errorMessage) {}

    private final Account account;
    private final ImageAliases aliases;
    private final Map<String, LaunchTemplate> byId = new LinkedHashMap<>();

    LaunchTemplates(Account account, ImageAliases aliases) {
        this.account = account;
        this.aliases = aliases;
    }

    ImageAliases aliases() {
        return aliases;
    }

    Collection<LaunchTemplate> all() {
        return List.copyOf(byId.values());
    }

    /** By id if given, else by name; AWS's codes for a malformed id or an unknown template. */
    LaunchTemplate find(String id, String name) {
        if (id != null) {
            return IdKind.LAUNCH_TEMPLATE.require(byId, id);
        }
        if (name == null) {
            throw Ec2Requests.missing("LaunchTemplateName or LaunchTemplateId");
        }
        LaunchTemplate t = byName(name);
        if (t == null) {
            throw new AwsException("InvalidLaunchTemplateName.NotFoundException",
                    "The specified launch template, with template name " + name + ", does not exist.");
        }
        return t;
    }

    private LaunchTemplate byName(String name) {
        return byId.values().stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
    }

    /** {@code $Latest}, {@code $Default}, null (the default) or a version number. */
    LaunchTemplate.Version resolve(LaunchTemplate template, String version) {
        long number;
        if (version == null || "$Default".equals(version)) {
            number = template.defaultVersion;
        } else if ("$Latest".equals(version)) {
            number = template.latestVersion();
        } else {
            try {
                number = Long.parseLong(version.trim());
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidParameterValue", "Value (" + version
                        + ") for parameter version is invalid. Expected a version number, $Latest or $Default.");
            }
        }
        LaunchTemplate.Version found = template.version(number);
        if (found == null) {
            throw new AwsException("InvalidLaunchTemplateId.VersionNotFound",
                    "Could not find launch template version " + version + " for launch template " + template.id);
        }
        return found;
    }

    /** See {@link Ec2World#launchSpecFromTemplate}. */
    LaunchSpec launchSpec(String id, String name, String version) {
        return aliases.resolve(Ec2Requests.launchSpec(resolve(find(id, name), version).data().asRequest(), "RamDiskId"));
    }

    /** See {@link Ec2World#tagsFromTemplate}. */
    Map<String, String> tagsFor(String id, String name, String version, String resourceType) {
        LaunchTemplate template = find(id, name);
        Map<String, String> tags = new LinkedHashMap<>();
        for (var spec : resolve(template, version).data().asRequest().structs("TagSpecification")) {
            if (resourceType.equals(spec.get("ResourceType"))) {
                tags.putAll(Ec2Requests.tags(spec));
            }
        }
        return tags;
    }

    LaunchTemplate create(String name, String versionDescription, LaunchTemplateData data, Map<String, String> tags,
                          boolean dryRun) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AwsException("InvalidLaunchTemplateName.MalformedException", "A launch template name must be "
                    + "between 3 and 128 characters, and may contain letters, numbers, and the following characters: "
                    + "- ( ) . / _");
        }
        if (byName(name) != null) {
            throw new AwsException("InvalidLaunchTemplateName.AlreadyExistsException",
                    "Launch template name already in use.");
        }
        validate(versionDescription, data);
        stopIfDryRun(dryRun);
        LaunchTemplate template =
                new LaunchTemplate(account.ids().next("lt"), name, account.clock().now(), createdBy());
        template.tags.putAll(tags);
        template.addVersion(versionDescription, account.clock().now(), data);
        byId.put(template.id, template);
        return template;
    }

    /** A new version: {@code data} alone, or laid over {@code sourceVersion}'s data when one is given. */
    LaunchTemplate.Version createVersion(LaunchTemplate template, String sourceVersion, String description,
                                         LaunchTemplateData data, boolean dryRun) {
        LaunchTemplateData merged = sourceVersion == null ? data : data.over(resolve(template, sourceVersion).data());
        validate(description, merged);
        stopIfDryRun(dryRun);
        return template.addVersion(description, account.clock().now(), merged);
    }

    void setDefaultVersion(LaunchTemplate template, String version, boolean dryRun) {
        LaunchTemplate.Version v = resolve(template, version);
        stopIfDryRun(dryRun);
        template.defaultVersion = v.number();
    }

    /**
     * DeleteLaunchTemplateVersions. Failures are reported per version, not thrown, as AWS does: an
     * unknown template or version, or the default version (AWS's closed list of codes has no better one
     * for that than {@code unexpectedError}).
     */
    List<VersionDeletion> deleteVersions(String id, String name, List<String> versions, boolean dryRun) {
        LaunchTemplate template;
        try {
            template = find(id, name);
        } catch (AwsException e) {
            String code = switch (e.code()) {
                case "InvalidLaunchTemplateId.Malformed" -> "launchTemplateIdMalformed";
                case "InvalidLaunchTemplateId.NotFound" -> "launchTemplateIdDoesNotExist";
                case "InvalidLaunchTemplateName.NotFoundException" -> "launchTemplateNameDoesNotExist";
                default -> throw e;
            };
            return versions.stream().map(v -> new VersionDeletion(id, name, parseOrNull(v), code, e.getMessage()))
                    .toList();
        }
        stopIfDryRun(dryRun);
        List<VersionDeletion> outcomes = new ArrayList<>();
        for (String v : versions) {
            Long number = parseOrNull(v);
            if (number == null || template.version(number) == null) {
                outcomes.add(new VersionDeletion(template.id, template.name, number,
                        "launchTemplateVersionDoesNotExist", "The specified launch template version does not exist."));
            } else if (number == template.defaultVersion) {
                outcomes.add(new VersionDeletion(template.id, template.name, number, "unexpectedError",
                        "Cannot delete the default version of a launch template; make another version the default "
                                + "first, or delete the whole template."));
            } else {
                template.versions.remove(number);
                outcomes.add(new VersionDeletion(template.id, template.name, number, null, null));
            }
        }
        return outcomes;
    }

    LaunchTemplate delete(LaunchTemplate template, boolean dryRun) {
        stopIfDryRun(dryRun);
        byId.remove(template.id);
        return template;
    }

    /**
     * Reads the launch fields once, so that data a launch would choke on is refused when it is stored. An Image
     * id given as a Systems Manager parameter must resolve now, as EC2 checks; a plain Image id is not checked.
     */
    private void validate(String description, LaunchTemplateData data) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new AwsException("InvalidParameterValue",
                    "The version description must be at most " + MAX_DESCRIPTION + " characters long.");
        }
        aliases.resolve(Ec2Requests.launchSpec(data.asRequest(), "RamDiskId"));
    }

    private String createdBy() {
        return "arn:aws:iam::" + account.id() + ":root";
    }

    private static Long parseOrNull(String version) {
        try {
            return Long.valueOf(version.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
