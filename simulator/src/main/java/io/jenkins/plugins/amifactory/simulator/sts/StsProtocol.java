package io.jenkins.plugins.amifactory.simulator.sts;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.AwsQueryErrors;
import io.jenkins.plugins.amifactory.simulator.wire.Caller;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS's Query protocol (API version 2011-06-15): AssumeRole, AssumeRoleWithWebIdentity and GetCallerIdentity,
 * answered as {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>}, errors as Auto Scaling's
 * {@code <ErrorResponse>}. There is no IAM behind it: every well-formed role can be assumed by every caller, and
 * a web identity token is read but its signature is not checked. What makes it worth testing against is that the
 * sessions it issues expire on the simulated clock (see {@link Sessions}).
 */
public final class StsProtocol extends AwsQueryErrors {

    static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final Duration MIN_DURATION = Duration.ofMinutes(15);
    /** The most a role's MaxSessionDuration can be; the simulated roles all allow it. */
    private static final Duration MAX_DURATION = Duration.ofHours(12);
    /** AWS's limit for a session asked for with another role session's credentials. */
    private static final Duration CHAINED_MAX_DURATION = Duration.ofHours(1);

    private final Sessions sessions;

    public StsProtocol(Sessions sessions) {
        super(XMLNS, "User is not authorized to perform: sts:AssumeRole");
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "sts";
    }

    @Override
    public String apiVersion() {
        return "2011-06-15";
    }

    @Override
    public QueryRequest.Dialect dialect() {
        return QueryRequest.Dialect.STS;
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId) {
        return handle(region, q, requestId, Caller.ANONYMOUS);
    }

    @Override
    public String handle(String region, QueryRequest q, String requestId, Caller caller) {
        String name = q.required("Action");
        Sessions.Identity who = sessions.authenticate(caller);
        Consumer<Xml> result = switch (name) {
            case "AssumeRole" -> assumeRole(q, signed(who));
            case "AssumeRoleWithWebIdentity" -> assumeRoleWithWebIdentity(q);
            case "GetCallerIdentity" -> {
                Sessions.Identity me = signed(who);
                yield x -> x.el("Arn", me.arn()).el("UserId", me.userId()).el("Account", me.account());
            }
            default -> throw new AwsException("InvalidAction", "Could not find operation " + name
                    + " for version 2011-06-15");
        };
        return new Xml().start(name + "Response", XMLNS).struct(name + "Result", result)
                .struct("ResponseMetadata", m -> m.el("RequestId", requestId)).end().toString();
    }

    private Consumer<Xml> assumeRole(QueryRequest q, Sessions.Identity caller) {
        RoleArn role = RoleArn.parse("roleArn", q.required("RoleArn"));
        String sessionName = sessionName(q);
        Duration duration = duration(q, Sessions.isRoleSession(caller));
        String externalId = q.get("ExternalId");
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw q.invalid("ExternalId", externalId, "It must be 2 to 1224 characters of letters, digits and +=,.@:/-");
        }
        String serial = q.get("SerialNumber");
        String code = q.get("TokenCode");
        if (serial != null || code != null) {
            if (serial == null || code == null) {
                throw new AwsException("AccessDenied", "MultiFactorAuthentication failed, must provide both MFA "
                        + "serial number and one time pass code.", 403);
            }
            if (!code.matches("\\d{6}")) {
                throw new AwsException("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time "
                        + "pass code.", 403);
            }
        }
        Sessions.Session s = sessions.issue("AssumeRole", role, sessionName, duration, caller, externalId, serial);
        return x -> credentials(x, s);
    }

    private Consumer<Xml> assumeRoleWithWebIdentity(QueryRequest q) {
        RoleArn role = RoleArn.parse("roleArn", q.required("RoleArn"));
        String sessionName = sessionName(q);
        Duration duration = duration(q, false);
        String claims = claims(q.required("WebIdentityToken"));
        Sessions.Session s = sessions.issue("AssumeRoleWithWebIdentity", role, sessionName, duration, null, null, null);
        return x -> {
            credentials(x, s);
            x.el("SubjectFromWebIdentityToken", claim(claims, "sub")).el("Provider", claim(claims, "iss"))
                    .el("Audience", claim(claims, "aud"));
        };
    }

    private static void credentials(Xml x, Sessions.Session s) {
        Sessions.Credentials c = s.credentials();
        x.struct("Credentials", cx -> cx.el("AccessKeyId", c.accessKeyId()).el("SecretAccessKey", c.secretAccessKey())
                        .el("SessionToken", c.sessionToken()).el("Expiration", c.expiration()))
                .struct("AssumedRoleUser", u -> u.el("AssumedRoleId", s.identity().userId())
                        .el("Arn", s.identity().arn()));
    }

    private static Sessions.Identity signed(Sessions.Identity who) {
        if (who == null) {
            throw new AwsException("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
        }
        return who;
    }

    private static String sessionName(QueryRequest q) {
        String name = q.required("RoleSessionName");
        if (!SESSION_NAME.matcher(name).matches()) {
            throw new AwsException("ValidationError", "1 validation error detected: Value '" + name
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\w+=,.@-]* and have length 2 to 64");
        }
        return name;
    }

    private static Duration duration(QueryRequest q, boolean chained) {
        Integer seconds = q.integer("DurationSeconds");
        Duration d = seconds == null ? DEFAULT_DURATION : Duration.ofSeconds(seconds);
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new AwsException("ValidationError", "1 validation error detected: Value '" + seconds
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }
        if (chained && d.compareTo(CHAINED_MAX_DURATION) > 0) {
            throw new AwsException("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit "
                    + "for roles assumed by role chaining.");
        }
        return d;
    }

    /** The JSON claims of a JWT (header.payload.signature, base64url), unverified. */
    private static String claims(String token) {
        String[] parts = token.split("\\.");
        try {
            if (parts.length == 3) {
                return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            // not base64url: reported below
        }
        throw new AwsException("InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this "
                + "error if you sent an Access Token)");
    }

    /** A string claim of the token, or null; enough JSON for the three claims STS echoes. */
    private static String claim(String claims, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(claims);
        return m.find() ? m.group(1) : null;
    }
}
