package io.perpguard.live.venue;

import java.time.Duration;

/**
 * Where and how a connector talks to its venue. Every host is overridable (tests point them at a fake exchange).
 *
 * @param restUrl        REST base, e.g. {@code https://fapi.binance.com}; null = the venue's default
 * @param wsUrl          WebSocket root, e.g. {@code wss://fstream.binance.com}; null = the venue's default
 * @param accountUrl     base of the venue's key-permission endpoint (Binance: {@code https://api.binance.com});
 *                       null = the venue's default, or {@code restUrl} when that was overridden
 * @param recvWindow     how far a signed request's timestamp may be from the venue's clock
 * @param silence        a market socket that pushes nothing this long is stale and is reconnected
 * @param resyncEvery    how often the REST snapshot is re-read to check the stream
 * @param keepaliveEvery how often the user-data stream is kept alive
 * @param timeout        HTTP and WebSocket handshake timeout
 * @param pingEvery      how often the application-level ping goes where the venue asks for one (Bybit, OKX, XT drop
 *                       a socket that carries nothing for 30 s)
 * @param clock          the clock of the rate-limit bookkeeping (a venue's pause, its per-endpoint spacing): the system
 *                       clock; a test's clock lets XT's 10-minute lock pass without waiting for it
 */
public record ConnectorConfig(String restUrl, String wsUrl, String accountUrl, Duration recvWindow, Duration silence,
                              Duration resyncEvery, Duration keepaliveEvery, Duration timeout, Duration pingEvery, VenueClock clock) {
    /** Venue defaults everywhere: 5 s receive window, 10 s silence, resync every minute, keepalive every 30 min, ping every 20 s. */
    public static ConnectorConfig defaults() {
        return new ConnectorConfig(null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ofSeconds(20), VenueClock.SYSTEM);
    }

    public ConnectorConfig withUrls(String rest, String ws) {
        return new ConnectorConfig(rest, ws, accountUrl, recvWindow, silence, resyncEvery, keepaliveEvery, timeout, pingEvery, clock);
    }

    public ConnectorConfig withAccountUrl(String url) {
        return new ConnectorConfig(restUrl, wsUrl, url, recvWindow, silence, resyncEvery, keepaliveEvery, timeout, pingEvery, clock);
    }

    public ConnectorConfig withSilence(Duration d) {
        return new ConnectorConfig(restUrl, wsUrl, accountUrl, recvWindow, d, resyncEvery, keepaliveEvery, timeout, pingEvery, clock);
    }

    public ConnectorConfig withResyncEvery(Duration d) {
        return new ConnectorConfig(restUrl, wsUrl, accountUrl, recvWindow, silence, d, keepaliveEvery, timeout, pingEvery, clock);
    }

    public ConnectorConfig withPingEvery(Duration d) {
        return new ConnectorConfig(restUrl, wsUrl, accountUrl, recvWindow, silence, resyncEvery, keepaliveEvery, timeout, d, clock);
    }

    public ConnectorConfig withClock(VenueClock c) {
        return new ConnectorConfig(restUrl, wsUrl, accountUrl, recvWindow, silence, resyncEvery, keepaliveEvery, timeout, pingEvery, c);
    }

    /** {@code url} without a trailing slash, or {@code fallback} when null/blank. */
    public static String base(String url, String fallback) {
        String u = url == null || url.isBlank() ? fallback : url.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
