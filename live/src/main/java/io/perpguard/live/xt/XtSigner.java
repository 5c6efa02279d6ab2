package io.perpguard.live.xt;

import io.perpguard.live.keys.Credentials;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * XT futures signing: {@code validate-signature} = lower-case hex HMAC-SHA256(secret, X + Y) with
 * X = {@code validate-appkey=<key>&validate-timestamp=<ms>} and Y = {@code #<path>} [{@code #<query sorted by key>}]
 * [{@code #<raw body>}] (XT API docs, futures "Signature steps"; XT's Java SDK XtFutureOkHttpInterceptor does the same).
 */
public final class XtSigner {
    private final Credentials credentials;

    public XtSigner(Credentials credentials) {
        this.credentials = credentials;
    }

    /** A query string with its parameters sorted by key, as XT signs and perpguard sends it. */
    public static String sortedQuery(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** The string a request signs. */
    public static String payload(String appKey, long timestampMs, String path, String query, String body) {
        return "validate-appkey=" + appKey + "&validate-timestamp=" + timestampMs + "#" + path
                + (query == null || query.isEmpty() ? "" : "#" + query) + (body == null || body.isEmpty() ? "" : "#" + body);
    }

    public String sign(long timestampMs, String path, String query, String body) {
        return credentials.hmacSha256Hex(payload(credentials.apiKey(), timestampMs, path, query, body));
    }
}
