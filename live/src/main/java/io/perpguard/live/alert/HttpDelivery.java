package io.perpguard.live.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends one HTTP request for a channel and turns failures into {@link DeliveryException}s (Retry-After kept). */
final class HttpDelivery {
    private HttpDelivery() {
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) throws DeliveryException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException(what + " unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(what + " interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            long after = r.headers().firstValue("Retry-After").map(v -> {
                try {
                    return (long) (Double.parseDouble(v.trim()) * 1000);
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }).orElse(0L);
            throw new DeliveryException(what + " answered HTTP " + r.statusCode(), after);
        }
        return r;
    }

    static String sha(String s) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
