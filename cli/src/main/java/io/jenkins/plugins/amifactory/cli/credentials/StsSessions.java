package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Role sessions from STS: AssumeRole with a profile's source credentials (and an MFA code asked at the
 * terminal), and AssumeRoleWithWebIdentity with a token file. Calls go to the command's {@code --endpoint-url}
 * when it has one, so that the simulator hands out the sessions in tests, and otherwise to STS in the command's
 * region. Owns the STS clients it makes; closing it closes them.
 */
final class StsSessions implements AutoCloseable {

    private final String region;
    private final URI endpoint;
    private final AwsConfigFiles files;
    private final Clock clock;
    private final Prompt prompt;
    private final List<StsClient> clients = new ArrayList<>();

    StsSessions(String region, URI endpoint, AwsConfigFiles files, Clock clock, Prompt prompt) {
        this.region = region;
        this.endpoint = endpoint;
        this.files = files;
        this.clock = clock;
        this.prompt = prompt;
    }

    /** An STS client signing with {@code credentials}; closed with this. */
    private synchronized StsClient client(AwsCredentialsProvider credentials) {
        StsClient client = StsClients.create(region, endpoint, files.profileFile(), credentials);
        clients.add(client);
        return client;
    }

    /** A session of {@code role}, asked for with {@code source}; renewed as it nears its end. */
    SessionCredentials assumeRole(RoleProfile role, AwsCredentialsProvider source) {
        StsClient sts = client(source);
        return new SessionCredentials("profile '" + role.profile() + "' (" + role.describe() + ")", clock, () -> {
            AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(role.roleArn())
                    .roleSessionName(role.sessionName()).externalId(role.externalId())
                    .durationSeconds(role.durationSeconds());
            if (role.mfaSerial() != null) {
                request.serialNumber(role.mfaSerial()).tokenCode(mfaCode(role));
            }
            try {
                return session(sts.assumeRole(request.build()).credentials());
            } catch (SdkException e) {
                throw new CredentialsException("profile '" + role.profile() + "' could not assume role "
                        + role.roleArn() + ": " + explain(e) + " (check role_arn, external_id and the role's trust "
                        + "policy; 'ami-factory whoami' with the source profile shows who asked)", e);
            }
        });
    }

    /**
     * A session of {@code roleArn} for the web identity token in {@code tokenFile}, read again for every session
     * as the file is rotated under a running process.
     */
    SessionCredentials webIdentity(String who, String roleArn, Path tokenFile, String sessionName) {
        StsClient sts = client(AnonymousCredentialsProvider.create());
        return new SessionCredentials(who, clock, () -> {
            String token;
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new CredentialsException(who + ": the web identity token file " + tokenFile
                        + " cannot be read (" + e + "); check the path, or that the token is mounted", e);
            }
            try {
                return session(sts.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName(sessionName)
                        .webIdentityToken(token)).credentials());
            } catch (SdkException e) {
                throw new CredentialsException(who + " could not assume role " + roleArn + " with its web identity "
                        + "token: " + explain(e) + " (check the role ARN and that the role trusts the token's issuer)", e);
            }
        });
    }

    private String mfaCode(RoleProfile role) {
        String code = prompt.ask("Enter MFA code for " + role.mfaSerial() + ": ").orElseThrow(() ->
                new CredentialsException("profile '" + role.profile() + "' assumes role " + role.roleArn()
                        + " with MFA (mfa_serial = " + role.mfaSerial() + "), and there is no terminal to ask for "
                        + "the code (run the command at a terminal, or use a profile without mfa_serial)"));
        if (!code.matches("\\d{6}")) {
            throw new CredentialsException("profile '" + role.profile() + "': '" + code + "' is not an MFA code "
                    + "(type the 6 digits your device shows for " + role.mfaSerial() + ")");
        }
        return code;
    }

    private static AwsSessionCredentials session(Credentials c) {
        return AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build();
    }

    /** AWS's error code and message, or the SDK's first line when AWS did not answer. */
    static String explain(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return "AWS answered " + ase.awsErrorDetails().errorCode() + ": " + ase.awsErrorDetails().errorMessage();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public synchronized void close() {
        clients.forEach(StsClient::close);
    }
}
