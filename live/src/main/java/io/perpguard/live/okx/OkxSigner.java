package io.perpguard.live.okx;

import io.perpguard.live.keys.Credentials;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * OKX v5 signing: {@code OK-ACCESS-SIGN} = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body)), the
 * timestamp ISO-8601 UTC with milliseconds and the GET query part of requestPath; the WebSocket login signs
 * {@code timestamp(seconds) + "GET" + "/users/self/verify"} (OKX API v5 "REST Authentication", "WebSocket Login").
 */
public final class OkxSigner {
    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Credentials credentials;

    public OkxSigner(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The {@code OK-ACCESS-TIMESTAMP} spelling of an instant, e.g. {@code 2020-12-08T09:08:57.715Z}. */
    public static String timestamp(long epochMs) {
        return ISO_MS.format(Instant.ofEpochMilli(epochMs));
    }

    /** The string a REST request signs. */
    public static String prehash(String timestamp, String method, String requestPath, String body) {
        return timestamp + method.toUpperCase(java.util.Locale.ROOT) + requestPath + (body == null ? "" : body);
    }

    public String sign(String timestamp, String method, String requestPath, String body) {
        return credentials.hmacSha256Base64(prehash(timestamp, method, requestPath, body));
    }

    /** The WebSocket login signature for a Unix time in seconds. */
    public String signLogin(long epochSeconds) {
        return credentials.hmacSha256Base64(epochSeconds + "GET/users/self/verify");
    }
}
