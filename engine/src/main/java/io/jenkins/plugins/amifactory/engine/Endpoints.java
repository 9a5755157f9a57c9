package io.jenkins.plugins.amifactory.engine;

import java.net.URI;
import java.util.Objects;

/**
 * Where the EC2 and the Auto Scaling calls go: an endpoint given for each service, or null for AWS's own in
 * the region. The two are separate because interface VPC endpoints are per service: a network may have one for
 * EC2 and reach Auto Scaling over AWS's public endpoint, or the other way round.
 *
 * @param ec2         the EC2 endpoint, or null for AWS's
 * @param autoScaling the Auto Scaling endpoint, or null for AWS's
 */
public record Endpoints(URI ec2, URI autoScaling) {

    /** AWS's own endpoints for both services. */
    public static final Endpoints AWS = new Endpoints(null, null);

    /** The AWS services a rollout calls, with the names messages and options give them. */
    public enum Service {
        EC2("EC2", "ec2EndpointUrl"),
        AUTO_SCALING("Auto Scaling", "autoScalingEndpointUrl");

        private final String displayName;
        private final String field;

        Service(String displayName, String field) {
            this.displayName = displayName;
            this.field = field;
        }

        public String displayName() {
            return displayName;
        }

        /** The option that gives this service alone an endpoint. */
        public String field() {
            return field;
        }
    }

    /** {@code both} for both services (null: AWS's own). */
    public static Endpoints of(URI both) {
        return new Endpoints(both, both);
    }

    /** The endpoint for {@code service}, or null for AWS's. */
    public URI of(Service service) {
        return service == Service.EC2 ? ec2 : autoScaling;
    }

    /** Whether any call goes somewhere other than AWS's own endpoint. */
    public boolean custom() {
        return ec2 != null || autoScaling != null;
    }

    /** Whether some call goes to AWS's own endpoint, which the SDK derives from the region. */
    public boolean usesRegion() {
        return ec2 == null || autoScaling == null;
    }

    /**
     * Where the calls go, for messages and for telling groups apart: "AWS in eu-west-1", the one endpoint both
     * services use, or each service's.
     */
    public String where(String region) {
        if (Objects.equals(ec2, autoScaling)) {
            return ec2 == null ? "AWS in " + region : ec2.toString();
        }
        return where(Service.EC2, region) + ", " + where(Service.AUTO_SCALING, region);
    }

    /**
     * Where {@code service}'s calls go, for a message about one of its calls: as {@link #where(String)} when
     * both services go to the same place or the service is not known (null), else naming the service.
     */
    public String where(Service service, String region) {
        if (service == null || Objects.equals(ec2, autoScaling)) {
            return where(region);
        }
        URI uri = of(service);
        return uri == null ? "AWS's " + service.displayName() + " in " + region
                : service.displayName() + " at " + uri;
    }
}
