package io.jenkins.plugins.amifactory.simulator;

import io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingProtocol;
import io.jenkins.plugins.amifactory.simulator.ec2.Ec2Protocol;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.QueryService;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small shop to roll out to: group {@code web} (3 instances) on launch configuration {@code web-lc-1}
 * with a root and a data volume and user data, and group {@code api} (2 instances) on launch template
 * {@code api-lt}. {@link #seedFleet} adds what a fleet rolls out to: group {@code worker} (2 instances, launch
 * template {@code worker-lt}) next to {@code web}, and the same {@code web} in a second region (2 instances,
 * launch template {@code web-lt}) on a base Image of its own there. It is made through the simulator's own AWS
 * API, in process, exactly as a user's calls would make it, so it exercises the same rules.
 */
public final class DemoShop {

    /** What was made: the ids a demo or a test needs. */
    public record Seeded(String region, String baseImageId, String webGroup, String webLaunchConfiguration,
                         List<String> webInstances, String apiGroup, String apiLaunchTemplateId,
                         List<String> apiInstances) {

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("region", region);
            m.put("baseImageId", baseImageId);
            m.put("webGroup", webGroup);
            m.put("webLaunchConfiguration", webLaunchConfiguration);
            m.put("webInstances", webInstances);
            m.put("apiGroup", apiGroup);
            m.put("apiLaunchTemplateId", apiLaunchTemplateId);
            m.put("apiInstances", apiInstances);
            return Json.write(m);
        }
    }

    /**
     * What {@link #seedFleet} made: group {@code worker} in the shop's region, and group {@code web} in
     * {@code otherRegion} with its own base Image.
     */
    public record SeededFleet(String workerGroup, String workerLaunchTemplateId, List<String> workerInstances,
                              String otherRegion, String otherBaseImageId, String otherWebGroup,
                              String otherWebLaunchTemplateId, List<String> otherWebInstances) {}

    static final String WEB_USER_DATA = "#!/bin/bash\nset -euo pipefail\nmount /dev/sdf /var/www\nsystemctl start nginx\n";
    static final String API_USER_DATA = "#!/bin/bash\nsystemctl start api\n";
    static final String WORKER_USER_DATA = "#!/bin/bash\nsystemctl start worker\n";

    private final World world;
    private final String region;
    private final Ec2Protocol ec2;
    private final AutoScalingProtocol autoScaling;

    private DemoShop(World world, String region) {
        this.world = world;
        this.region = region;
        this.ec2 = new Ec2Protocol(world.account(), world::ec2);
        this.autoScaling = new AutoScalingProtocol(world::autoScaling);
    }

    /** Makes the shop in {@code region} and lets simulated time run until its instances are in service. */
    public static Seeded seed(World world, String region) {
        return new DemoShop(world, region).seed();
    }

    private Seeded seed() {
        String base = world.call(() -> world.ec2(region).registerBaseImage("al2023-ami-2026.01-x86_64", 8).id);
        Map<String, String> lc = params("CreateLaunchConfiguration");
        lc.put("LaunchConfigurationName", "web-lc-1");
        lc.put("ImageId", base);
        lc.put("InstanceType", "t3.small");
        lc.put("KeyName", "demo");
        lc.put("SecurityGroups.member.1", "sg-0a1b2c3d4e5f60718");
        lc.put("UserData", base64(WEB_USER_DATA));
        lc.put("IamInstanceProfile", "web-profile");
        lc.put("MetadataOptions.HttpTokens", "required");
        lc.put("BlockDeviceMappings.member.1.DeviceName", "/dev/xvda");
        lc.put("BlockDeviceMappings.member.1.Ebs.VolumeSize", "8");
        lc.put("BlockDeviceMappings.member.1.Ebs.VolumeType", "gp3");
        lc.put("BlockDeviceMappings.member.1.Ebs.DeleteOnTermination", "true");
        lc.put("BlockDeviceMappings.member.2.DeviceName", "/dev/sdf");
        lc.put("BlockDeviceMappings.member.2.Ebs.VolumeSize", "20");
        lc.put("BlockDeviceMappings.member.2.Ebs.VolumeType", "gp3");
        lc.put("BlockDeviceMappings.member.2.Ebs.DeleteOnTermination", "true");
        call(autoScaling, lc);
        Map<String, String> web = group("web", 3);
        web.put("LaunchConfigurationName", "web-lc-1");
        call(autoScaling, web);

        String templateId = templateGroup("api", 2, base, API_USER_DATA);

        untilInService();
        return new Seeded(region, base, "web", "web-lc-1", instances("web"), "api", templateId, instances("api"));
    }

    /**
     * Adds to a shop {@link #seed seeded} before: group {@code worker} next to {@code web} in its region, on the
     * shop's base Image, and group {@code web} in {@code otherRegion} on a base Image registered there; then lets
     * simulated time run until their instances are in service.
     */
    public static SeededFleet seedFleet(World world, Seeded shop, String otherRegion) {
        if (otherRegion.equals(shop.region())) {
            throw new IllegalArgumentException("the second region must differ from the shop's (" + shop.region() + ")");
        }
        DemoShop home = new DemoShop(world, shop.region());
        String workerTemplate = home.templateGroup("worker", 2, shop.baseImageId(), WORKER_USER_DATA);
        DemoShop other = new DemoShop(world, otherRegion);
        String otherBase = world.call(() -> world.ec2(otherRegion).registerBaseImage("al2023-ami-2026.01-x86_64", 8).id);
        String otherWebTemplate = other.templateGroup("web", 2, otherBase, WEB_USER_DATA, 20);
        home.untilInService();
        return new SeededFleet("worker", workerTemplate, home.instances("worker"), otherRegion, otherBase, "web",
                otherWebTemplate, other.instances("web"));
    }

    /**
     * Makes launch template {@code <name>-lt} around {@code image} (a root volume, then a data volume of each of
     * {@code dataVolumeGiB}) and group {@code name} of {@code size} instances on its default version; returns
     * the template's id.
     */
    private String templateGroup(String name, int size, String image, String userData, int... dataVolumeGiB) {
        Map<String, String> lt = params("CreateLaunchTemplate");
        lt.put("LaunchTemplateName", name + "-lt");
        lt.put("LaunchTemplateData.ImageId", image);
        lt.put("LaunchTemplateData.InstanceType", "t3.small");
        lt.put("LaunchTemplateData.KeyName", "demo");
        lt.put("LaunchTemplateData.SecurityGroupId.1", "sg-0a1b2c3d4e5f60718");
        lt.put("LaunchTemplateData.UserData", base64(userData));
        lt.put("LaunchTemplateData.MetadataOptions.HttpTokens", "required");
        volume(lt, 1, "/dev/xvda", 8);
        for (int i = 0; i < dataVolumeGiB.length; i++) {
            volume(lt, i + 2, "/dev/sd" + (char) ('f' + i), dataVolumeGiB[i]);
        }
        String templateId = first(call(ec2, lt), "launchTemplateId");
        Map<String, String> g = group(name, size);
        g.put("LaunchTemplate.LaunchTemplateId", templateId);
        g.put("LaunchTemplate.Version", "$Default");
        call(autoScaling, g);
        return templateId;
    }

    private static void volume(Map<String, String> lt, int n, String device, int gib) {
        String prefix = "LaunchTemplateData.BlockDeviceMapping." + n + ".";
        lt.put(prefix + "DeviceName", device);
        lt.put(prefix + "Ebs.VolumeSize", String.valueOf(gib));
        lt.put(prefix + "Ebs.VolumeType", "gp3");
        lt.put(prefix + "Ebs.DeleteOnTermination", "true");
    }

    /** Lets simulated time run until instances launched now are in service (time is the same in every region). */
    private void untilInService() {
        Scenario s = world.call(world::scenario);
        world.advance(s.instanceBootTime.plus(s.instanceHealthyTime).plus(Duration.ofSeconds(30)));
    }

    private Map<String, String> group(String name, int size) {
        Map<String, String> g = params("CreateAutoScalingGroup");
        g.put("AutoScalingGroupName", name);
        g.put("MinSize", String.valueOf(size - 1));
        g.put("MaxSize", String.valueOf(size * 2));
        g.put("DesiredCapacity", String.valueOf(size));
        g.put("AvailabilityZones.member.1", region + "a");
        g.put("AvailabilityZones.member.2", region + "b");
        g.put("HealthCheckGracePeriod", "60");
        g.put("Tags.member.1.Key", "app");
        g.put("Tags.member.1.Value", name);
        g.put("Tags.member.1.PropagateAtLaunch", "true");
        return g;
    }

    private List<String> instances(String group) {
        Map<String, String> q = params("DescribeAutoScalingGroups");
        q.put("AutoScalingGroupNames.member.1", group);
        return all(call(autoScaling, q), "InstanceId");
    }

    private static Map<String, String> params(String action) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", action);
        return p;
    }

    private String call(QueryService service, Map<String, String> params) {
        params.put("Version", service.apiVersion());
        return world.call(() -> service.handle(region, QueryRequest.of(service.dialect(), params), "demo-seed"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String first(String xml, String element) {
        List<String> values = all(xml, element);
        if (values.isEmpty()) {
            throw new IllegalStateException("no <" + element + "> in " + xml);
        }
        return values.get(0);
    }

    private static List<String> all(String xml, String element) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            NodeList nodes = doc.getElementsByTagName(element);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the simulator's own answer", e);
        }
    }
}
