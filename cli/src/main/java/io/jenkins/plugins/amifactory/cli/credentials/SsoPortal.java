package io.jenkins.plugins.amifactory.cli.credentials;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The AWS access portal's one call the command line needs, GetRoleCredentials: role credentials for an account
 * and role, given the access token of an {@code aws sso login}. It is a plain GET in the portal's REST JSON
 * protocol ({@code /federation/credentials}, the token in {@code x-amz-sso_bearer_token}), made here with the
 * JDK's HTTP client rather than the SDK's sso module. The portal is
 * {@code https://portal.sso.<region>.amazonaws.com} ({@code .amazonaws.com.cn} in China), or the command's
 * {@code --endpoint-url}.
 */
final class SsoPortal {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    /** Made on first use: an HTTP client starts a thread, which most commands (no SSO profile) never need. */
    private HttpClient http;

    /** The portal at {@code endpoint}, or AWS's own for each login's region when it is null. */
    SsoPortal(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Role credentials that renew themselves from the current login, judged by {@code clock}. */
    SessionCredentials roleCredentials(SsoLogin login, AwsConfigFiles files, Clock clock) {
        return new SessionCredentials("profile '" + login.profile() + "' (" + login.describe() + ")", clock,
                () -> getRoleCredentials(login, login.accessToken(files.ssoCache(), clock)));
    }

    private AwsSessionCredentials getRoleCredentials(SsoLogin login, String accessToken) {
        URI base = endpoint != null ? endpoint : URI.create("https://portal.sso." + login.region()
                + (login.region().startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/federation/credentials?account_id="
                + encode(login.accountId()) + "&role_name=" + encode(login.roleName()));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                .header("x-amz-sso_bearer_token", accessToken).header("User-Agent", "ami-factory").build();
        HttpResponse<String> answer;
        try {
            answer = http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CredentialsException("profile '" + login.profile() + "': IAM Identity Center at " + base
                    + " could not be reached (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsException("profile '" + login.profile() + "': interrupted while asking IAM "
                    + "Identity Center for credentials", e);
        }
        if (answer.statusCode() == 200) {
            return credentials(login, answer.body());
        }
        String message = message(answer.body());
        throw new CredentialsException("profile '" + login.profile() + "': IAM Identity Center answered HTTP "
                + answer.statusCode() + (message.isEmpty() ? "" : " (" + message + ")") + switch (answer.statusCode()) {
                    case 401 -> "; the login is no longer valid (log in again with 'aws sso login --profile "
                            + login.profile() + "')";
                    case 403, 404 -> "; this login cannot use role " + login.roleName() + " in account "
                            + login.accountId() + " (check sso_account_id and sso_role_name of profile '"
                            + login.profile() + "')";
                    default -> "";
                });
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        }
        return http;
    }

    private static AwsSessionCredentials credentials(SsoLogin login, String body) {
        try {
            Map<String, JsonNode> c = JsonNode.parser().parse(body).field("roleCredentials").orElseThrow().asObject();
            return AwsSessionCredentials.builder().accessKeyId(c.get("accessKeyId").asString())
                    .secretAccessKey(c.get("secretAccessKey").asString()).sessionToken(c.get("sessionToken").asString())
                    .expirationTime(Instant.ofEpochMilli(Long.parseLong(c.get("expiration").asNumber()))).build();
        } catch (RuntimeException e) {
            throw new CredentialsException("profile '" + login.profile() + "': IAM Identity Center's answer holds no "
                    + "role credentials (" + e + ")", e);
        }
    }

    private static String message(String body) {
        try {
            return JsonNode.parser().parse(body).field("message").filter(JsonNode::isString).map(JsonNode::asString)
                    .orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
