package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * MaxRecords / NextToken paging over a list in a stable order. Tokens are opaque to clients (an encoded
 * offset); one that was not handed out is refused with {@code InvalidNextToken}.
 */
final class Paging {

    private static final String PREFIX = "sim-page:";

    /** One page and the token for the next, null on the last page. */
    record Page<T>(List<T> items, String nextToken) {}

    private Paging() {
    }

    static <T> Page<T> page(List<T> all, QueryRequest q, int defaultMax, int limit) {
        Integer max = AutoScalingRequests.intInRange(q, "MaxRecords", 1, limit);
        int size = max != null ? max : defaultMax;
        int from = offset(q.get("NextToken"), all.size());
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? token(to) : null);
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, int size) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(PREFIX.length()));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new AwsException("InvalidNextToken", "The token '" + token + "' is invalid.");
    }
}
