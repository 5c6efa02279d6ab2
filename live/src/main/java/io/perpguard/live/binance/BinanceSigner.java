package io.perpguard.live.binance;

import io.perpguard.live.keys.Credentials;

/**
 * Binance SIGNED endpoints: {@code signature} = hex HMAC-SHA256(secretKey, totalParams), where totalParams is the
 * query string concatenated directly with the request body, appended as the last parameter
 * (Binance USDⓈ-M "General Info" → "SIGNED (TRADE and USER_DATA) Endpoint Security").
 */
public final class BinanceSigner {
    private final Credentials credentials;
    private final long recvWindowMs;

    public BinanceSigner(Credentials credentials, long recvWindowMs) {
        this.credentials = credentials;
        this.recvWindowMs = recvWindowMs;
    }

    /** The signature of {@code query} + {@code body} (the body may be empty). */
    public String signature(String query, String body) {
        return credentials.hmacSha256Hex(query + body);
    }

    /** {@code params&recvWindow=..&timestamp=..&signature=..}: a signed query string for a GET. */
    public String signedQuery(String params, long timestampMs) {
        String q = (params == null || params.isEmpty() ? "" : params + "&") + "recvWindow=" + recvWindowMs + "&timestamp=" + timestampMs;
        return q + "&signature=" + signature(q, "");
    }

    public long recvWindowMs() {
        return recvWindowMs;
    }
}
