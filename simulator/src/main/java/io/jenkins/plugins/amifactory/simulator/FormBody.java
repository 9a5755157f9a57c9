package io.jenkins.plugins.amifactory.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one place parameters come from on a POST: an {@code application/x-www-form-urlencoded} body of at
 * most {@value #MAX_BYTES} bytes. A query string is refused rather than merged or ignored, so that what a
 * call does never depends on which half of the request a reader trusted; a body in another content type
 * (what a web page's plain form or a mistaken client sends) is refused rather than guessed at.
 */
final class FormBody {

    /** The largest body read: 1 MiB, far above any call the SDKs make to EC2 or Auto Scaling. */
    static final int MAX_BYTES = 1 << 20;
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormBody() {
    }

    /** Refuses a request with a query string; {@code why} tells the caller where its parameters go instead. */
    static void refuseQuery(HttpExchange exchange, String why) throws Refusal {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && !query.isEmpty()) {
            throw new Refusal(400, "InvalidQueryString", "A query string ('?" + query + "') is refused on "
                    + exchange.getRequestURI().getPath() + ": " + why);
        }
    }

    /** The body, after checking its content type and size; nothing of a body that is too large is kept. */
    static String read(HttpExchange exchange) throws Refusal, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals(CONTENT_TYPE)) {
            throw new Refusal(415, "UnsupportedMediaType", "The body must be " + CONTENT_TYPE + " (it was "
                    + (type == null ? "sent without a Content-Type" : "'" + type + "'")
                    + "), as the AWS SDKs and CLI send it and curl -d does (curl -d '' for a change without parameters).");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.trim().matches("[0-9]+")
                && (length.trim().length() > 9 || Long.parseLong(length.trim()) > MAX_BYTES)) {
            throw tooLarge("it announced " + length.trim());
        }
        // The length may be absent (chunked) or wrong: read one byte past the limit and no further.
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw tooLarge("it went on past that");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Refusal tooLarge(String what) {
        return new Refusal(413, "RequestEntityTooLarge", "The body is larger than the simulator reads: at most "
                + MAX_BYTES + " bytes (1 MiB), and " + what + ".");
    }
}
