package io.jenkins.plugins.amifactory.simulator.sts;

import io.jenkins.plugins.amifactory.simulator.testkit.SimulatorKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSO portal's GetRoleCredentials over plain HTTP, as the AWS CLI and SDKs call it. */
class SsoPortalWireTest {

    private SimulatorKit sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        sim = SimulatorKit.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> get(String query, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/federation/credentials?" + query));
        if (token != null) {
            b.header("x-amz-sso_bearer_token", token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLoggedInTokenGetsRoleCredentialsThatExpireWithTheSimulatedClock() throws Exception {
        HttpResponse<String> r = get("account_id=111122223333&role_name=ReadOnly", "token-from-aws-sso-login");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        String key = field(r.body(), "accessKeyId");
        assertThat(key).startsWith("ASIA");
        assertThat(r.body()).contains("\"expiration\":" + SimulatorKit.START.plus(Duration.ofHours(1)).toEpochMilli());

        var creds = StaticCredentialsProvider.create(AwsSessionCredentials.create(key,
                field(r.body(), "secretAccessKey"), field(r.body(), "sessionToken")));
        try (StsClient sts = sim.client(StsClient.builder(), Region.of(SimulatorKit.REGION), creds)) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly/sso-user");
            sim.advance(Duration.ofHours(1));
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
        assertThat(sim.calls("sso", "GetRoleCredentials")).isEqualTo(1);
    }

    @Test
    void withoutATokenOrWithABadAccountTheAnswerSaysWhy() throws Exception {
        HttpResponse<String> noToken = get("account_id=111122223333&role_name=ReadOnly", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
        assertThat(noToken.body()).contains("Session token not found or invalid");

        HttpResponse<String> badAccount = get("account_id=1111&role_name=ReadOnly", "t");
        assertThat(badAccount.statusCode()).isEqualTo(400);
        assertThat(badAccount.body()).contains("account_id");

        long counted = sim.calls("sso", "GetRoleCredentials");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint()
                        + "/federation/credentials?account_id=111122223333&role_name=ReadOnly"))
                .header("x-amz-sso_bearer_token", "t").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(post.body()).contains("GetRoleCredentials is a GET");
        assertThat(sim.calls("sso", "GetRoleCredentials")).as("a refused request is not counted").isEqualTo(counted);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
