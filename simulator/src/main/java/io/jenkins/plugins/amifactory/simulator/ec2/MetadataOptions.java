package io.jenkins.plugins.amifactory.simulator.ec2;

/** Instance metadata service options (IMDS), as launch configurations and templates carry them. */
public record MetadataOptions(String httpTokens, Integer httpPutResponseHopLimit, String httpEndpoint,
                              String instanceMetadataTags) {
}
