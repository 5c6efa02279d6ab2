package io.perpguard.live.alert;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * POSTs each alert as JSON. Headers: {@code X-Perpguard-Delivery} (the dedupe key: drop repeats),
 * {@code X-Perpguard-Timestamp} (ms) and, with a shared secret, {@code X-Perpguard-Signature: sha256=<hex>} where
 * hex = HMAC-SHA256(secret, timestamp + "." + body) — the receiver recomputes it and rejects stale timestamps.
 */
public final class WebhookChannel implements AlertChannel {
    public static final String SIGNATURE_HEADER = "X-Perpguard-Signature";
    private final URI url;
    private final byte[] secret;
    private final HttpClient http;
    private final Duration timeout;

    public WebhookChannel(URI url, String secret) {
        this(url, secret, Duration.ofSeconds(10));
    }

    /** @param timeout the longest an attempt may take, answer included (then it fails and is retried) */
    WebhookChannel(URI url, String secret, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("webhook: " + url.getScheme() + "://... is not an http(s) URL");
        }
        HttpDelivery.httpUrl("webhook", url.toString());   // port in range
        this.url = url;
        this.timeout = timeout;
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String id() {
        return "webhook-" + HttpDelivery.sha(url.toString());
    }

    @Override
    public String describe() {
        return "webhook " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    @Override
    public void send(LiveAlert alert) throws DeliveryException {
        String body = alert.toJsonString();
        String ts = Long.toString(System.currentTimeMillis());
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "perpguard")
                .header("X-Perpguard-Delivery", alert.dedupeKey())
                .header("X-Perpguard-Timestamp", ts)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            b.header(SIGNATURE_HEADER, "sha256=" + sign(secret, ts, body));
        }
        HttpDelivery.send(http, b.build(), describe());
    }

    /** hex HMAC-SHA256(secret, timestamp + "." + body): what {@link #SIGNATURE_HEADER} carries after "sha256=". */
    public static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }
}
