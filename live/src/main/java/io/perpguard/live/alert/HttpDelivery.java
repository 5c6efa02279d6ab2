package io.perpguard.live.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends one HTTP request for a channel and turns failures into {@link DeliveryException}s (Retry-After kept). */
public final class HttpDelivery {
    private HttpDelivery() {
    }

    /**
     * Sends and reads the whole answer within the request's timeout (10 s when it has none). The client's own timeout
     * ends at the answer's headers: a receiver that sent them and then stalled held the sending thread for good.
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) throws DeliveryException {
        return check(answer(http, request, what), what, null, false);
    }

    /**
     * HTTP answers that say the sink refuses for good: 401 and 403 (the credentials or the URL's token are not accepted),
     * 404 (no such hook, chat or bot), 410 (the hook was removed). Everything else non-2xx — 5xx, 429, 408 and other 4xx —
     * is retried with backoff.
     */
    static boolean refusesForGood(int status) {
        return status == 401 || status == 403 || status == 404 || status == 410;
    }

    /**
     * A non-2xx answer as a {@link DeliveryException}: permanent when {@link #refusesForGood} or {@code refused}, else
     * retried (Retry-After kept). {@code detail} is the receiver's own words, shown after the status.
     */
    static HttpResponse<String> check(HttpResponse<String> r, String what, String detail, boolean refused) throws DeliveryException {
        if (r.statusCode() / 100 == 2) {
            return r;
        }
        String text = what + " answered HTTP " + r.statusCode() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        if (refused || refusesForGood(r.statusCode())) {
            throw DeliveryException.refused(text);
        }
        long after = r.headers().firstValue("Retry-After")
                .map(v -> io.perpguard.live.RetryAfter.millis(v, System.currentTimeMillis(), 0)).orElse(0L);
        throw new DeliveryException(text, after);
    }

    /** The whole answer, whatever its status, within the request's timeout (10 s when it has none). */
    static HttpResponse<String> answer(HttpClient http, HttpRequest request, String what) throws DeliveryException {
        HttpResponse<String> r;
        java.time.Duration limit = request.timeout().orElse(java.time.Duration.ofSeconds(10));
        java.util.concurrent.CompletableFuture<HttpResponse<String>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            r = f.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new DeliveryException(what + " too slow (no complete answer within " + seconds(limit) + " s)");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof java.net.http.HttpTimeoutException) {
                throw new DeliveryException(what + " too slow (no complete answer within " + seconds(limit) + " s)");
            }
            if (c instanceof IOException) {
                throw new DeliveryException(what + " unreachable (" + c.getClass().getSimpleName() + ")");
            }
            throw new DeliveryException(what + " failed (" + c.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryException(what + " interrupted");
        }
        return r;
    }

    private static String seconds(java.time.Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Refuses a URL that is not http(s) with a host and a port in range: one line naming {@code field}. */
    public static URI httpUrl(String field, String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new io.perpguard.InvalidInputException(field, text + " is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new io.perpguard.InvalidInputException(field, text + " is not an http(s) URL");
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new io.perpguard.InvalidInputException(field, "port " + u.getPort() + " is outside 1 to 65535");
        }
        return u;
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
