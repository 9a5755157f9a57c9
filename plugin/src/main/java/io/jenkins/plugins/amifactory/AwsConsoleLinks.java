package io.jenkins.plugins.amifactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a Rollout's resources are in the AWS console, for the region's partition: the commercial one, China or
 * GovCloud. Regions of other partitions (the isolated ones, the European Sovereign Cloud) and names that are no
 * region get no links rather than wrong ones; so does a Rollout that went to a custom endpoint (the caller's rule).
 */
public final class AwsConsoleLinks {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private AwsConsoleLinks() {
    }

    /** A link to show: what it points at and where. */
    public static final class Link {
        private final String label;
        private final String url;

        Link(String label, String url) {
            this.label = label;
            this.url = url;
        }

        public String getLabel() {
            return label;
        }

        public String getUrl() {
            return url;
        }
    }

    /**
     * The links for a Rollout: the Image, the group, and the launch template or the launch configurations. Absent
     * values get no link; an unknown partition gets none at all.
     */
    static List<Link> of(String region, String asg, String imageId, String launchTemplateId, String launchConfiguration) {
        String home = home(region);
        List<Link> links = new ArrayList<>();
        if (home == null) {
            return links;
        }
        if (imageId != null) {
            links.add(new Link(Messages.Links_Image(imageId), home + "#ImageDetails:imageId=" + encode(imageId)));
        }
        if (asg != null) {
            links.add(new Link(Messages.Links_Group(asg), home + "#AutoScalingGroupDetails:id=" + encode(asg)));
        }
        if (launchTemplateId != null) {
            links.add(new Link(Messages.Links_LaunchTemplate(launchTemplateId),
                    home + "#LaunchTemplateDetails:launchTemplateId=" + encode(launchTemplateId)));
        } else if (launchConfiguration != null) {
            links.add(new Link(Messages.Links_LaunchConfigurations(), home + "#LaunchConfigurations:"));
        }
        return links;
    }

    /** The EC2 console's home page for the region, or null when the region's partition has no public console. */
    static String home(String region) {
        if (region == null || !REGION.matcher(region).matches() || region.contains("-iso") || region.startsWith("eusc-")) {
            return null;
        }
        String query = "ec2/home?region=" + encode(region);
        if (region.startsWith("cn-")) {
            return "https://" + region + ".console.amazonaws.cn/" + query;
        }
        if (region.startsWith("us-gov-")) {
            return "https://console.amazonaws-us-gov.com/" + query;
        }
        return "https://" + region + ".console.aws.amazon.com/" + query;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
