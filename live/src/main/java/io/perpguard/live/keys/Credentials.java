package io.perpguard.live.keys;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An exchange API key, its secret and (OKX) passphrase. Nothing here ever returns the secret: callers get
 * signatures. {@link #toString()} masks everything, so a key can sit in a record or an error message safely.
 */
public final class Credentials {
    private final String key;
    private final byte[] secret;
    private final String passphrase;

    public Credentials(String key, String secret, String passphrase) {
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new KeyException("API key and secret must both be set");
        }
        this.key = key.trim();
        this.secret = secret.trim().getBytes(StandardCharsets.UTF_8);
        this.passphrase = passphrase == null || passphrase.isBlank() ? null : passphrase.trim();
    }

    public Credentials(String key, String secret) {
        this(key, secret, null);
    }

    /** The public API key, for the venue's key header only. */
    public String apiKey() {
        return key;
    }

    /** The OKX passphrase header value, or null. */
    public String passphrase() {
        return passphrase;
    }

    /** Lower-case hex HMAC-SHA256 of {@code data} with the secret (Binance, Bybit). */
    public String hmacSha256Hex(String data) {
        return HexFormat.of().formatHex(hmac(data));
    }

    /** Base64 HMAC-SHA256 of {@code data} with the secret (OKX). */
    public String hmacSha256Base64(String data) {
        return Base64.getEncoder().encodeToString(hmac(data));
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable");
        }
    }

    /** True when {@code text} contains the key or the secret (for redaction checks). */
    public boolean leaksInto(String text) {
        return text != null && (text.contains(key) || text.contains(new String(secret, StandardCharsets.UTF_8))
                || passphrase != null && text.contains(passphrase));
    }

    /** Removes the key, secret and passphrase from a text that may echo them (a venue's error body, a URL). */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replace(key, "***").replace(new String(secret, StandardCharsets.UTF_8), "***");
        return passphrase == null ? s : s.replace(passphrase, "***");
    }

    @Override
    public String toString() {
        return "Credentials[***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && key.equals(c.key) && Arrays.equals(secret, c.secret);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }
}
