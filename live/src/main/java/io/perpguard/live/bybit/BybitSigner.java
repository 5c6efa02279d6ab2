package io.perpguard.live.bybit;

import io.perpguard.live.keys.Credentials;

/**
 * Bybit V5 signing: REST {@code X-BAPI-SIGN} = lower-case hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow +
 * queryString) for a GET (the JSON body for a POST); WebSocket auth signs {@code "GET/realtime" + expires}
 * (Bybit V5 "Integration guidance" → Authentication; "WebSocket Connect" → Authentication).
 */
public final class BybitSigner {
    private final Credentials credentials;
    private final long recvWindowMs;

    public BybitSigner(Credentials credentials, long recvWindowMs) {
        this.credentials = credentials;
        this.recvWindowMs = recvWindowMs;
    }

    /** The string a REST request signs. */
    public static String payload(long timestampMs, String apiKey, long recvWindowMs, String queryOrBody) {
        return timestampMs + apiKey + recvWindowMs + queryOrBody;
    }

    public String sign(long timestampMs, String queryOrBody) {
        return credentials.hmacSha256Hex(payload(timestampMs, credentials.apiKey(), recvWindowMs, queryOrBody));
    }

    /** The WebSocket auth signature for an expiry time (ms). */
    public String signRealtime(long expiresMs) {
        return credentials.hmacSha256Hex("GET/realtime" + expiresMs);
    }

    public long recvWindowMs() {
        return recvWindowMs;
    }
}
