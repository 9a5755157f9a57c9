package io.jenkins.plugins.amifactory.simulator.ec2;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a Describe answer per {@code MaxResults} and {@code NextToken}. Tokens are opaque to
 * callers (an encoded offset here), so a paginator walks the simulator as it walks AWS.
 *
 * @param items     the page
 * @param nextToken the token for the next page, or null on the last
 */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(QueryRequest q, List<T> all) {
        return of(q, all, Integer.MAX_VALUE);
    }

    /**
     * A page, where the action takes at most {@code limit} for {@code MaxResults}, as its API reference says.
     * Without {@code MaxResults} every item is one page, as an unpaginated AWS call answers.
     */
    static <T> Page<T> of(QueryRequest q, List<T> all, int limit) {
        Integer max = q.integer("MaxResults");
        if (max != null && max < 1) {
            throw q.invalid("MaxResults", String.valueOf(max), "Expected a positive number.");
        }
        if (max != null && max > limit) {
            throw q.invalid("MaxResults", String.valueOf(max), "Expected a value between 1 and " + limit + ".");
        }
        int from = offset(q.get("NextToken"));
        int to = max == null ? all.size() : (int) Math.min(all.size(), (long) from + max);
        if (from > to) {
            from = to;
        }
        return new Page<>(all.subList(from, to), to < all.size() ? token(to) : null);
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Math.max(0, Integer.parseInt(decoded.substring("offset:".length())));
            }
        } catch (IllegalArgumentException e) {
            // falls through to AWS's answer for a token it did not issue
        }
        throw new AwsException("InvalidPaginationToken", "The pagination token '" + token + "' is invalid.");
    }

    private static String token(int offset) {
        byte[] bytes = ("offset:" + offset).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
