package io.perpguard.data.download;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Binance API key and secret for signed endpoints. Read from the environment only
 * ({@value #KEY_ENV}, {@value #SECRET_ENV}); never logged, printed or written to a file — {@link #toString()} masks both.
 */
public final class ApiKey {
    public static final String KEY_ENV = "PERPGUARD_BINANCE_KEY";
    public static final String SECRET_ENV = "PERPGUARD_BINANCE_SECRET";

    private final String key;
    private final byte[] secret;

    public ApiKey(String key, String secret) {
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("api key: key and secret must both be set");
        }
        this.key = key.trim();
        this.secret = secret.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** The key from the environment, or null when either variable is unset. */
    public static ApiKey fromEnv(Map<String, String> env) {
        String k = env.get(KEY_ENV), s = env.get(SECRET_ENV);
        return k == null || k.isBlank() || s == null || s.isBlank() ? null : new ApiKey(k, s);
    }

    /** Value of the {@code X-MBX-APIKEY} header. */
    String headerValue() {
        return key;
    }

    /**
     * Signs a query string: hex HMAC-SHA256 of the query with the secret
     * (Binance "SIGNED (TRADE, USER_DATA, AND MARGIN) Endpoint security").
     */
    String sign(String query) {
        return hmacSha256Hex(secret, query);
    }

    static String hmacSha256Hex(byte[] secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
