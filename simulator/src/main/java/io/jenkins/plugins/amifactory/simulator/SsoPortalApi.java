package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.jenkins.plugins.amifactory.simulator.sts.RoleArn;
import io.jenkins.plugins.amifactory.simulator.sts.Sessions;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IAM Identity Center (SSO) portal's GetRoleCredentials, the call behind every SSO profile:
 * {@code GET /federation/credentials?account_id=…&role_name=…} with the access token of an {@code aws sso login}
 * in the {@code x-amz-sso_bearer_token} header, answered in the portal's REST JSON. Any token is accepted (there
 * is no sign-in to check it against); the role credentials it answers are a session of role
 * {@code AWSReservedSSO_<role>} that expires on the simulated clock after an hour, as a permission set's default.
 */
final class SsoPortalApi {

    static final String PATH = "/federation/credentials";

    private static final Duration SESSION = Duration.ofHours(1);

    private final World world;
    private final Faults faults;

    SsoPortalApi(World world, Faults faults) {
        this.world = world;
        this.faults = faults;
    }

    void handle(HttpExchange exchange) throws IOException, Refusal {
        if (!"GET".equals(exchange.getRequestMethod())) {
            throw Refusal.methodNotAllowed("GET", "GetRoleCredentials is a GET, as the AWS SDKs and CLI send it.");
        }
        Map<String, String> query = QueryRequest.parseForm(exchange.getRequestURI().getRawQuery());
        Faults.Rule fault = faults.onCall("sso", "GetRoleCredentials", false,
                exchange.getRequestHeaders().getFirst("User-Agent"));
        if (fault != null && !injected(exchange, fault)) {
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token");
        String accountId = query.get("account_id");
        String roleName = query.get("role_name");
        if (token == null || token.isBlank()) {
            error(exchange, 401, "UnauthorizedException", "Session token not found or invalid");
        } else if (accountId == null || !accountId.matches("\\d{12}")) {
            error(exchange, 400, "InvalidRequestException", "account_id must be a 12-digit AWS account id");
        } else if (roleName == null || !roleName.matches("[\\w+=,.@-]{1,32}")) {
            error(exchange, 400, "InvalidRequestException", "role_name must name a permission set's role");
        } else {
            Sessions.Credentials c = world.call(() -> world.sts().issue("GetRoleCredentials",
                    new RoleArn("arn:aws:iam::" + accountId + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_"
                            + roleName, accountId, "AWSReservedSSO_" + roleName),
                    "sso-user", SESSION, null, null, null).credentials());
            Map<String, Object> credentials = new LinkedHashMap<>();
            credentials.put("accessKeyId", c.accessKeyId());
            credentials.put("secretAccessKey", c.secretAccessKey());
            credentials.put("sessionToken", c.sessionToken());
            credentials.put("expiration", c.expiration().toEpochMilli());
            answer(exchange, 200, null, Map.of("roleCredentials", credentials));
        }
    }

    /** Applies a fault rule the way the portal fails; whether the call goes on to be answered (only when slow). */
    private static boolean injected(HttpExchange exchange, Faults.Rule fault) throws IOException {
        switch (fault.kind()) {
            case DROP -> {
                return false; // closing the exchange without an answer drops the connection
            }
            case SLOW -> {
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            case THROTTLE -> error(exchange, 429, "TooManyRequestsException", "Rate exceeded");
            case ACCESS_DENIED -> error(exchange, 403, "ForbiddenException", "No access");
            case BAD_GATEWAY -> error(exchange, 502, null, "Bad Gateway");
            case UNAVAILABLE -> error(exchange, 503, "ServiceUnavailableException", "Service is unavailable");
            case INTERNAL_ERROR -> error(exchange, 500, "InternalServerException", "An internal error has occurred");
        }
        return false;
    }

    /** A request refused before it was read (another host, too busy), answered in the portal's JSON. */
    static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        refusal.addHeaders(exchange.getResponseHeaders());
        error(exchange, refusal.status(), refusal.code(), refusal.getMessage());
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        answer(exchange, status, type, Map.of("message", message));
    }

    private static void answer(HttpExchange exchange, int status, String errorType, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
