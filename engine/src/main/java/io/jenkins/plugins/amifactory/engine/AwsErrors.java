package io.jenkins.plugins.amifactory.engine;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What an error from the SDK means for a rollout, and how to say it in one line. AWS's own refusals are
 * answers (an error code and a message); throttling, 5xx and an answer that does not come in time may pass;
 * an endpoint that cannot be reached and credentials that cannot be loaded will not heal by waiting, and are
 * never reported as something AWS answered.
 */
final class AwsErrors {

    /** How an error is treated. */
    enum Kind {
        /** AWS answered no: retrying changes nothing. */
        REFUSED,
        /** Throttling, a 5xx, or no answer in time: worth a bounded number of tries after a backoff. */
        TRANSIENT,
        /** The endpoint could not be reached at all (connection refused, unknown host, no route, TLS). */
        UNREACHABLE,
        /** The credentials could not be loaded or refreshed. */
        NO_CREDENTIALS
    }

    private AwsErrors() {
    }

    static Kind kind(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() >= 500 ? Kind.TRANSIENT : Kind.REFUSED;
        }
        if (cause(e, ConnectException.class) != null || cause(e, UnknownHostException.class) != null
                || cause(e, NoRouteToHostException.class) != null || cause(e, SSLException.class) != null) {
            return Kind.UNREACHABLE;
        }
        if (credentialsProblem(e)) {
            return Kind.NO_CREDENTIALS;
        }
        return Kind.TRANSIENT;
    }

    static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException ase && ase.isThrottlingException();
    }

    /** Whether waiting and asking again may help. */
    static boolean isRetryable(SdkException e) {
        return kind(e) == Kind.TRANSIENT;
    }

    /**
     * The error in one line that names who answered: AWS's code and message, or what stood between the
     * rollout and {@code where} (the endpoint, or "AWS in us-east-1").
     */
    static String explain(SdkException e, String where) {
        if (e instanceof AwsServiceException ase) {
            if (ase.awsErrorDetails() != null && ase.awsErrorDetails().errorCode() != null) {
                return "AWS answered " + describe(e);
            }
            return where + " answered HTTP " + ase.statusCode() + " with no AWS error";
        }
        return switch (kind(e)) {
            case UNREACHABLE -> "could not reach " + where + ": " + unreachableReason(e);
            case NO_CREDENTIALS -> "the AWS credentials could not be loaded (" + firstLine(e.getMessage()) + ")";
            case REFUSED -> describe(e);
            case TRANSIENT -> e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                    || cause(e, SocketTimeoutException.class) != null
                    ? where + " did not answer in time"
                    : "the call to " + where + " failed: " + firstLine(e.getMessage());
        };
    }

    /** AWS's error code and message, or the SDK's message when AWS said nothing. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            // Whoever answered wrote this text: one line, and bounded, before it reaches a log.
            return LogText.oneLine(ase.awsErrorDetails().errorCode(), 100) + ": "
                    + LogText.oneLine(ase.awsErrorDetails().errorMessage(), LogText.MAX_QUOTE);
        }
        return firstLine(e.getMessage());
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    private static String unreachableReason(SdkException e) {
        if (cause(e, UnknownHostException.class) != null) {
            return "unknown host " + LogText.oneLine(cause(e, UnknownHostException.class).getMessage(), 100);
        }
        if (cause(e, ConnectException.class) != null) {
            return "connection refused";
        }
        if (cause(e, NoRouteToHostException.class) != null) {
            return "no route to host";
        }
        return "TLS failed (" + firstLine(cause(e, SSLException.class).getMessage()) + ")";
    }

    /**
     * The SDK reports credentials it cannot load or refresh as a client exception whose message says so; it
     * has no type of its own for it.
     */
    private static boolean credentialsProblem(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("unable to load credentials") || m.contains("credentials") && m.contains("expired")
                    || m.contains("unable to refresh") && m.contains("credential")) {
                return true;
            }
        }
        return e instanceof SdkClientException && e.getClass().getSimpleName().contains("Credential");
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no message";
        }
        return LogText.oneLine(s.strip().lines().findFirst().orElse(""), LogText.MAX_QUOTE);
    }
}
