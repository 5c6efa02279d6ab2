package io.perpguard.data.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small client for Binance USDⓈ-M public REST endpoints (and signed GETs), built on {@link HttpClient}.
 * <ul>
 *   <li>HTTP 429 / 418 (rate limit / IP ban): waits {@code Retry-After} seconds (Binance sends it), else backs off.</li>
 *   <li>HTTP 5xx and dropped connections: retried with exponential back-off (1 s, 2 s, 4 s, … up to 30 s).</li>
 *   <li>Request weight: when {@code X-MBX-USED-WEIGHT-1M} passes {@value #WEIGHT_PAUSE_FRACTION} of the minute's
 *       budget ({@value #WEIGHT_LIMIT_1M}), waits for the next minute before the next request.</li>
 *   <li>Other 4xx: not retried; the error names the endpoint and Binance's message.</li>
 * </ul>
 * Signed requests carry the key in {@code X-MBX-APIKEY} and {@code signature} = HMAC-SHA256 of the query; neither
 * the key, the secret nor the signed query is ever logged.
 */
public final class BinanceClient {
    public static final String DEFAULT_BASE_URL = "https://fapi.binance.com";
    /** Binance USDⓈ-M REQUEST_WEIGHT limit per minute (exchangeInfo rateLimits). */
    static final int WEIGHT_LIMIT_1M = 2400;
    static final double WEIGHT_PAUSE_FRACTION = 0.8;
    static final int MAX_ATTEMPTS = 5;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Sleeper sleeper;
    private final Clock clock;
    private final PrintStream log;
    private int lastUsedWeight;

    public BinanceClient(String baseUrl, Sleeper sleeper, Clock clock, PrintStream log) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.sleeper = sleeper;
        this.clock = clock;
        this.log = log;
    }

    /** GET a public endpoint. */
    public JsonNode get(String path, Map<String, String> params) {
        String query = query(params);
        return send(path, query, null);
    }

    /** GET a signed endpoint (timestamp and signature added here). */
    public JsonNode getSigned(String path, Map<String, String> params, ApiKey key) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("recvWindow", "10000");
        p.put("timestamp", Long.toString(clock.millis()));
        String query = query(p);
        return send(path, query + "&signature=" + key.sign(query), key);
    }

    /** The last {@code X-MBX-USED-WEIGHT-1M} seen (0 before any). */
    public int lastUsedWeight() {
        return lastUsedWeight;
    }

    private JsonNode send(String path, String query, ApiKey key) {
        URI uri = URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query));
        String what = "GET " + path;   // never the query: it may hold a signature
        Duration backoff = Duration.ofSeconds(1);
        String lastProblem = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (lastUsedWeight > WEIGHT_LIMIT_1M * WEIGHT_PAUSE_FRACTION) {
                long wait = 60_000 - clock.millis() % 60_000 + 1_000;
                log.println("perpguard: used weight " + lastUsedWeight + "/" + WEIGHT_LIMIT_1M + " this minute; pausing " + wait / 1000 + " s");
                pause(Duration.ofMillis(wait));
                lastUsedWeight = 0;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                    .header("User-Agent", "perpguard/0.1");
            if (key != null) {
                b.header("X-MBX-APIKEY", key.headerValue());
            }
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastProblem = "connection failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                backoff = retryLater(what, attempt, lastProblem, backoff, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(what + ": interrupted");
            }
            r.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(w -> {
                try {
                    lastUsedWeight = Integer.parseInt(w.trim());
                } catch (NumberFormatException ignored) {
                    // a malformed header is not worth failing a download over
                }
            });
            int code = r.statusCode();
            if (code == 200) {
                try {
                    return MAPPER.readTree(r.body());
                } catch (IOException e) {
                    lastProblem = "malformed JSON in the response";
                    backoff = retryLater(what, attempt, lastProblem, backoff, null);
                    continue;
                }
            }
            if (code == 429 || code == 418 || code >= 500) {
                Duration retryAfter = r.headers().firstValue("Retry-After").map(BinanceClient::seconds).orElse(null);
                lastProblem = "HTTP " + code + (code == 429 ? " (rate limit)" : code == 418 ? " (IP banned for rate limit)" : "");
                backoff = retryLater(what, attempt, lastProblem, backoff, retryAfter);
                continue;
            }
            throw new DownloadException(what + ": HTTP " + code + ": " + binanceMessage(r.body()));
        }
        throw new DownloadException(what + ": gave up after " + MAX_ATTEMPTS + " attempts (" + lastProblem + ")");
    }

    private Duration retryLater(String what, int attempt, String problem, Duration backoff, Duration retryAfter) {
        if (attempt == MAX_ATTEMPTS) {
            return backoff;
        }
        Duration wait = retryAfter != null ? (retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter) : backoff;
        log.println("perpguard: " + what + ": " + problem + "; retry " + attempt + "/" + (MAX_ATTEMPTS - 1) + " in " + wait.toSeconds() + " s");
        pause(wait);
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while waiting to retry");
        }
    }

    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String binanceMessage(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n.has("msg")) {
                return n.get("msg").asText() + (n.has("code") ? " (code " + n.get("code").asText() + ")" : "");
            }
        } catch (IOException ignored) {
            // not JSON: show the start of the body
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    static String query(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        for (var e : params.entrySet()) {
            j.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return j.toString();
    }
}
