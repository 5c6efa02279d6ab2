package io.perpguard.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local stand-in for fapi.binance.com serving payloads in Binance's real formats (klines arrays of 12 fields with
 * decimal strings, fundingRate objects, openInterestHist objects, leverageBracket), with switchable faults.
 */
final class FakeBinance implements AutoCloseable {
    static final long HOUR = 3_600_000L;
    final HttpServer server;
    final String secret;
    final String apiKey;
    /** startTime of every klines request, in order. */
    final List<Long> klineStarts = Collections.synchronizedList(new ArrayList<>());
    final List<String> signedQueries = Collections.synchronizedList(new ArrayList<>());
    volatile int klineRequests;
    /** Klines requests numbered from this one (1-based) fail; 0 = never. */
    volatile int failFrom;
    /** How many failing answers to give before recovering. */
    volatile int failTimes = Integer.MAX_VALUE;
    /** "500" or "drop" (close the connection without an answer). */
    volatile String failMode = "500";
    /** The first this-many requests of any kind get 429 with Retry-After. */
    volatile int rateLimited;
    volatile int retryAfterSeconds = 7;
    volatile int usedWeight = 10;
    private int failed;

    FakeBinance(String apiKey, String secret) throws IOException {
        this.apiKey = apiKey;
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fapi/v1/klines", this::klines);
        server.createContext("/fapi/v1/fundingRate", this::funding);
        server.createContext("/futures/data/openInterestHist", this::openInterest);
        server.createContext("/fapi/v1/leverageBracket", this::brackets);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The deterministic candle of the hour starting at t (prices as Binance strings). */
    static String[] candle(long t) {
        long k = t / HOUR;
        double o = 40_000 + (k % 97) * 10.1, c = o + ((k % 7) - 3) * 5.3;
        double h = Math.max(o, c) + 12.4, l = Math.min(o, c) - 9.8;
        return new String[]{p(o), p(h), p(l), p(c), String.format(Locale.ROOT, "%.3f", 100 + k % 13 * 1.5)};
    }

    private static String p(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private boolean rateLimit(HttpExchange x) throws IOException {
        if (rateLimited > 0) {
            rateLimited--;
            x.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
            send(x, 429, "{\"code\":-1003,\"msg\":\"Too many requests; current limit is 2400 requests per minute.\"}");
            return true;
        }
        return false;
    }

    private void klines(HttpExchange x) throws IOException {
        Map<String, String> q = query(x);
        int n;
        synchronized (this) {
            n = ++klineRequests;
        }
        if (rateLimit(x)) {
            return;
        }
        if (failFrom > 0 && n >= failFrom && failed < failTimes) {
            failed++;
            if (failMode.equals("drop")) {
                x.close();   // connection dropped without a response
            } else {
                send(x, 500, "{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}");
            }
            return;
        }
        long start = Long.parseLong(q.get("startTime"));
        long end = Long.parseLong(q.get("endTime"));
        int limit = Integer.parseInt(q.get("limit"));
        klineStarts.add(start);
        StringBuilder sb = new StringBuilder("[");
        long t = (start + HOUR - 1) / HOUR * HOUR;
        for (int i = 0; i < limit && t <= end; i++, t += HOUR) {
            String[] c = candle(t);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(t).append(",\"").append(c[0]).append("\",\"").append(c[1]).append("\",\"").append(c[2])
                    .append("\",\"").append(c[3]).append("\",\"").append(c[4]).append("\",").append(t + HOUR - 1)
                    .append(",\"4012345.67\",1234,\"50.123\",\"2005678.12\",\"0\"]");
        }
        send(x, 200, sb.append(']').toString());
    }

    private void funding(HttpExchange x) throws IOException {
        if (rateLimit(x)) {
            return;
        }
        Map<String, String> q = query(x);
        long start = Long.parseLong(q.get("startTime")), end = Long.parseLong(q.get("endTime"));
        int limit = Integer.parseInt(q.get("limit"));
        StringBuilder sb = new StringBuilder("[");
        long t = (start + 8 * HOUR - 1) / (8 * HOUR) * (8 * HOUR);
        for (int i = 0; i < limit && t + 7 <= end; i++, t += 8 * HOUR) {
            if (t + 7 < start) {
                continue;
            }
            sb.append(sb.length() > 1 ? "," : "").append("{\"symbol\":\"BTCUSDT\",\"fundingTime\":").append(t + 7)
                    .append(",\"fundingRate\":\"0.00010000\",\"markPrice\":\"42000.12345678\"}");
        }
        send(x, 200, sb.append(']').toString());
    }

    private void openInterest(HttpExchange x) throws IOException {
        if (rateLimit(x)) {
            return;
        }
        Map<String, String> q = query(x);
        long start = Long.parseLong(q.get("startTime")), end = Long.parseLong(q.get("endTime"));
        int limit = Integer.parseInt(q.get("limit"));
        StringBuilder sb = new StringBuilder("[");
        long t = (start + HOUR - 1) / HOUR * HOUR;
        for (int i = 0; i < limit && t <= end; i++, t += HOUR) {
            sb.append(i > 0 ? "," : "").append("{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":\"80000.123\",\"sumOpenInterestValue\":\"")
                    .append(3_400_000_000L + i).append(".5\",\"timestamp\":").append(t).append('}');
        }
        send(x, 200, sb.append(']').toString());
    }

    private void brackets(HttpExchange x) throws IOException {
        String raw = x.getRequestURI().getRawQuery();
        signedQueries.add(raw);
        int cut = raw.lastIndexOf("&signature=");
        String key = x.getRequestHeaders().getFirst("X-MBX-APIKEY");
        if (cut < 0 || !apiKey.equals(key)
                || !ApiKey.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), raw.substring(0, cut)).equals(raw.substring(cut + 11))) {
            send(x, 401, "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}");
            return;
        }
        send(x, 200, "{\"symbol\":\"BTCUSDT\",\"notionalCoef\":1.0,\"brackets\":["
                + "{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":50000,\"notionalFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0.0},"
                + "{\"bracket\":2,\"initialLeverage\":100,\"notionalCap\":600000,\"notionalFloor\":50000,\"maintMarginRatio\":0.005,\"cum\":50.0}]}");
    }

    private void send(HttpExchange x, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight));
        x.sendResponseHeaders(code, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> m = new LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
