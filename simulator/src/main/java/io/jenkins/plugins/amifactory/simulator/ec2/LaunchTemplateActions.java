package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.dryRun;
import static io.jenkins.plugins.amifactory.simulator.ec2.Ec2Requests.stopIfDryRun;

/**
 * CreateLaunchTemplate, CreateLaunchTemplateVersion, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
 * ModifyLaunchTemplate, DeleteLaunchTemplateVersions, DeleteLaunchTemplate.
 */
final class LaunchTemplateActions {

    private static final Set<String> ALIASES = Set.of("$Latest", "$Default");
    /** The largest page of DescribeLaunchTemplates and of DescribeLaunchTemplateVersions. */
    static final int MAX_PER_PAGE = 200;

    private static final FilterSet<LaunchTemplate> TEMPLATE_FILTERS = new FilterSet<LaunchTemplate>(t -> t.tags)
            .on("launch-template-name", t -> t.name);

    /** A version with its template, the unit DescribeLaunchTemplateVersions lists and filters. */
    private record TemplateVersion(LaunchTemplate template, LaunchTemplate.Version version) {
        boolean isDefault() {
            return template.defaultVersion == version.number();
        }

        String dataMember(String name) {
            return version.data().asRequest().get(name);
        }
    }

    private static final FilterSet<TemplateVersion> VERSION_FILTERS =
            new FilterSet<TemplateVersion>(tv -> tv.template().tags)
                    .on("is-default-version", TemplateVersion::isDefault)
                    .on("image-id", tv -> tv.dataMember("ImageId"))
                    .on("instance-type", tv -> tv.dataMember("InstanceType"))
                    .on("kernel-id", tv -> tv.dataMember("KernelId"))
                    .on("ram-disk-id", tv -> tv.dataMember("RamDiskId"))
                    .on("ebs-optimized", tv -> tv.dataMember("EbsOptimized"));

    void register(Map<String, Ec2Protocol.Action> actions) {
        actions.put("CreateLaunchTemplate", LaunchTemplateActions::createLaunchTemplate);
        actions.put("CreateLaunchTemplateVersion", LaunchTemplateActions::createLaunchTemplateVersion);
        actions.put("DescribeLaunchTemplates", LaunchTemplateActions::describeLaunchTemplates);
        actions.put("DescribeLaunchTemplateVersions", LaunchTemplateActions::describeLaunchTemplateVersions);
        actions.put("ModifyLaunchTemplate", LaunchTemplateActions::modifyLaunchTemplate);
        actions.put("DeleteLaunchTemplateVersions", LaunchTemplateActions::deleteLaunchTemplateVersions);
        actions.put("DeleteLaunchTemplate", (ec2, q, x) -> {
            LaunchTemplate deleted = ec2.launchTemplates().delete(namedTemplate(ec2, q), dryRun(q));
            x.struct("launchTemplate", t -> template(t, deleted));
        });
    }

    private static void createLaunchTemplate(Ec2World ec2, QueryRequest q, Xml x) {
        String name = q.required("LaunchTemplateName");
        Map<String, String> tags = Ec2Requests.tagSpecifications(q, Set.of("launch-template"))
                .getOrDefault("launch-template", Map.of());
        LaunchTemplate created = ec2.launchTemplates().create(name, q.get("VersionDescription"), data(q), tags,
                dryRun(q));
        x.struct("launchTemplate", t -> template(t, created));
    }

    private static void createLaunchTemplateVersion(Ec2World ec2, QueryRequest q, Xml x) {
        LaunchTemplate template = namedTemplate(ec2, q);
        LaunchTemplate.Version version = ec2.launchTemplates().createVersion(template, q.get("SourceVersion"),
                q.get("VersionDescription"), data(q), dryRun(q));
        ImageAliases aliases = resolveAlias(ec2, q);
        x.struct("launchTemplateVersion", v -> version(v, new TemplateVersion(template, version), aliases));
    }

    private static LaunchTemplateData data(QueryRequest q) {
        QueryRequest data = q.struct("LaunchTemplateData");
        if (data == null) {
            throw Ec2Requests.missing("LaunchTemplateData");
        }
        return LaunchTemplateData.of(data);
    }

    /** The template a call names by {@code LaunchTemplateId} or {@code LaunchTemplateName} (one, not both). */
    private static LaunchTemplate namedTemplate(Ec2World ec2, QueryRequest q) {
        String id = q.get("LaunchTemplateId");
        String name = q.get("LaunchTemplateName");
        requireAtMostOne(id, name);
        return ec2.launchTemplates().find(id, name);
    }

    private static void requireAtMostOne(String id, String name) {
        if (id != null && name != null) {
            throw new AwsException("InvalidParameterCombination",
                    "Specify either the launch template ID or the launch template name, but not both.");
        }
    }

    private static void describeLaunchTemplates(Ec2World ec2, QueryRequest q, Xml x) {
        Set<LaunchTemplate> named = new LinkedHashSet<>();
        Ec2Requests.ids(q, "LaunchTemplateId", IdKind.LAUNCH_TEMPLATE)
                .forEach(id -> named.add(ec2.launchTemplates().find(id, null)));
        q.list("LaunchTemplateName").forEach(name -> named.add(ec2.launchTemplates().find(null, name)));
        Predicate<LaunchTemplate> filter = TEMPLATE_FILTERS.of(q);
        stopIfDryRun(dryRun(q));
        boolean any = q.has("LaunchTemplateId") || q.has("LaunchTemplateName");
        Page<LaunchTemplate> page = Page.of(q, (any ? named : ec2.launchTemplates().all()).stream()
                .filter(filter).toList(), MAX_PER_PAGE);
        x.list("launchTemplates", "item", page.items(), LaunchTemplateActions::template);
        x.el("nextToken", page.nextToken());
    }

    /**
     * Versions of one template (all, the listed ones, or a MinVersion..MaxVersion range), newest first; or,
     * naming no template, the {@code $Latest} or {@code $Default} version of every template.
     */
    private static void describeLaunchTemplateVersions(Ec2World ec2, QueryRequest q, Xml x) {
        String id = q.get("LaunchTemplateId");
        String name = q.get("LaunchTemplateName");
        requireAtMostOne(id, name);
        List<String> versions = q.list("LaunchTemplateVersion");
        List<TemplateVersion> candidates = new ArrayList<>();
        if (id == null && name == null) {
            if (versions.isEmpty() || !ALIASES.containsAll(versions)) {
                throw Ec2Requests.missing("LaunchTemplateId or LaunchTemplateName (needed unless only $Latest "
                        + "or $Default versions are asked for)");
            }
            for (LaunchTemplate t : ec2.launchTemplates().all()) {
                versions.forEach(v -> candidates.add(new TemplateVersion(t, ec2.launchTemplates().resolve(t, v))));
            }
        } else {
            LaunchTemplate t = ec2.launchTemplates().find(id, name);
            if (versions.isEmpty()) {
                t.versions.values().forEach(v -> candidates.add(new TemplateVersion(t, v)));
            } else {
                versions.forEach(v -> candidates.add(new TemplateVersion(t, ec2.launchTemplates().resolve(t, v))));
            }
        }
        long min = versionBound(q, "MinVersion", Long.MIN_VALUE);
        long max = versionBound(q, "MaxVersion", Long.MAX_VALUE);
        Predicate<TemplateVersion> filter = VERSION_FILTERS.of(q);
        stopIfDryRun(dryRun(q));
        ImageAliases aliases = resolveAlias(ec2, q);
        Page<TemplateVersion> page = Page.of(q, candidates.stream().distinct()
                .filter(tv -> tv.version().number() >= min && tv.version().number() <= max)
                .filter(filter)
                .sorted(Comparator.comparing((TemplateVersion tv) -> tv.template().id)
                        .thenComparing(tv -> -tv.version().number()))
                .toList(), MAX_PER_PAGE);
        x.list("launchTemplateVersionSet", "item", page.items(), (e, tv) -> version(e, tv, aliases));
        x.el("nextToken", page.nextToken());
    }

    private static long versionBound(QueryRequest q, String name, long fallback) {
        Long bound = q.longValue(name);
        return bound == null ? fallback : bound;
    }

    private static void modifyLaunchTemplate(Ec2World ec2, QueryRequest q, Xml x) {
        LaunchTemplate template = namedTemplate(ec2, q);
        ec2.launchTemplates().setDefaultVersion(template, q.required("SetDefaultVersion"), dryRun(q));
        x.struct("launchTemplate", t -> template(t, template));
    }

    private static void deleteLaunchTemplateVersions(Ec2World ec2, QueryRequest q, Xml x) {
        String id = q.get("LaunchTemplateId");
        String name = q.get("LaunchTemplateName");
        requireAtMostOne(id, name);
        List<String> versions = q.list("LaunchTemplateVersion");
        if (versions.isEmpty()) {
            throw Ec2Requests.missing("LaunchTemplateVersion");
        }
        List<LaunchTemplates.VersionDeletion> outcomes = ec2.launchTemplates().deleteVersions(id, name, versions,
                dryRun(q));
        x.list("successfullyDeletedLaunchTemplateVersionSet", "item",
                outcomes.stream().filter(o -> o.errorCode() == null).toList(), LaunchTemplateActions::deletion);
        x.list("unsuccessfullyDeletedLaunchTemplateVersionSet", "item",
                outcomes.stream().filter(o -> o.errorCode() != null).toList(), (e, o) -> {
                    deletion(e, o);
                    e.struct("responseError", r -> r.el("code", o.errorCode()).el("message", o.errorMessage()));
                });
    }

    private static void deletion(Xml x, LaunchTemplates.VersionDeletion o) {
        x.el("launchTemplateId", o.templateId()).el("launchTemplateName", o.templateName())
                .el("versionNumber", o.versionNumber());
    }

    private static void template(Xml x, LaunchTemplate t) {
        x.el("launchTemplateId", t.id).el("launchTemplateName", t.name).el("createTime", t.createTime)
                .el("createdBy", t.createdBy).el("defaultVersionNumber", t.defaultVersion)
                .el("latestVersionNumber", t.latestVersion());
        Ec2Xml.tags(x, t.tags);
    }

    /**
     * {@code ResolveAlias=true}: the aliases to show Image ids through; null to show the data as written. An
     * alias that does not resolve any more is shown as written.
     */
    private static ImageAliases resolveAlias(Ec2World ec2, QueryRequest q) {
        return q.bool("ResolveAlias", false) ? ec2.launchTemplates().aliases() : null;
    }

    private static void version(Xml x, TemplateVersion tv, ImageAliases aliases) {
        LaunchTemplate t = tv.template();
        LaunchTemplate.Version v = tv.version();
        x.el("launchTemplateId", t.id).el("launchTemplateName", t.name).el("versionNumber", v.number())
                .el("versionDescription", v.description()).el("createTime", v.createTime())
                .el("createdBy", t.createdBy).el("defaultVersion", tv.isDefault());
        LaunchTemplateData data = v.data();
        if (aliases != null && ImageAliases.isAlias(data.imageId())) {
            data = data.withImageId(aliases.resolveOrKeep(data.imageId()));
        }
        x.struct("launchTemplateData", data::writeTo);
    }
}
