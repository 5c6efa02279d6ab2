package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyException;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.ConnectorListener;
import io.perpguard.live.venue.ExchangeConnector;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.WsConnection;
import io.perpguard.margin.MarginMode;
import io.perpguard.market.CandleSeries;
import io.perpguard.margin.PositionSide;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binance USDⓈ-M futures, read-only. REST {@code /fapi} (signed account and positions, listenKey), the 2026 split
 * WebSocket bases: marks on {@code <ws>/market/stream?streams=<sym>@markPrice@1s/...}, user data on
 * {@code <ws>/private/ws?listenKey=..&events=..}. After every (re)connect: new listenKey, user socket, REST
 * snapshot, then marks — so nothing that changed while disconnected is missed. A market socket silent for
 * {@link ConnectorConfig#silence()} is dropped and reopened; HTTP 429/418 stop all REST calls until Retry-After.
 */
public final class BinanceUsdmConnector implements ExchangeConnector {
    public static final String DEFAULT_REST = "https://fapi.binance.com";
    public static final String DEFAULT_WS = "wss://fstream.binance.com";
    public static final String DEFAULT_SAPI = "https://api.binance.com";
    /** User-data events this connector reads (the private base treats {@code events} as an allow list). */
    static final String EVENTS = "ACCOUNT_UPDATE/ORDER_TRADE_UPDATE/MARGIN_CALL/listenKeyExpired";
    private static final long MAX_SOCKET_AGE_NANOS = TimeUnit.HOURS.toNanos(23);   // venue drops at 24 h

    private final Credentials credentials;
    private final BinanceSigner signer;
    private final ConnectorConfig config;
    private final String rest, ws, sapi;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService supervisor;
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger requestId = new AtomicInteger();
    private volatile ConnectorListener listener;
    private volatile WsConnection market, user;
    private volatile String listenKey;
    private volatile long clockOffsetMs;
    private volatile long restNotBeforeNanos = System.nanoTime();
    private volatile boolean healthy, closed;

    public BinanceUsdmConnector(Credentials credentials, ConnectorConfig config) {
        this.credentials = credentials;
        this.config = config;
        this.signer = new BinanceSigner(credentials, config.recvWindow().toMillis());
        this.rest = ConnectorConfig.base(config.restUrl(), DEFAULT_REST);
        this.ws = ConnectorConfig.base(config.wsUrl(), DEFAULT_WS);
        this.sapi = ConnectorConfig.base(config.accountUrl(), config.restUrl() != null ? rest : DEFAULT_SAPI);
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perpguard-binance-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String venue() {
        return "binance";
    }

    //-------------------------------------------------------------------------
    @Override
    public String checkPermissions(boolean allowTrading) {
        JsonNode r = get(sapi, "/sapi/v1/account/apiRestrictions", "", true);
        boolean withdraw = r.path("enableWithdrawals").asBoolean(false);
        boolean trade = r.path("enableFutures").asBoolean(false) || r.path("enableSpotAndMarginTrading").asBoolean(false)
                || r.path("enableMargin").asBoolean(false) || r.path("enableVanillaOptions").asBoolean(false);
        String desc = "reading " + (r.path("enableReading").asBoolean(false) ? "on" : "off") + ", trading " + (trade ? "on" : "off")
                + ", withdrawals " + (withdraw ? "on" : "off");
        if ((trade || withdraw) && !allowTrading) {
            throw new KeyException("the Binance key can " + (withdraw ? "withdraw" : "trade") + " (" + desc
                    + "); create a read-only key, or pass --allow-trading-key to use it anyway");
        }
        return desc;
    }

    @Override
    public AccountSnapshot snapshot() {
        long now = System.currentTimeMillis();
        JsonNode account = get(rest, "/fapi/v2/account", "", true);
        JsonNode risk = get(rest, "/fapi/v2/positionRisk", "", true);
        double wallet = Double.NaN;
        for (JsonNode a : account.path("assets")) {
            if ("USDT".equals(a.path("asset").asText())) {
                wallet = num(a, "walletBalance");
            }
        }
        if (Double.isNaN(wallet)) {
            wallet = num(account, "totalWalletBalance");
        }
        List<LivePosition> positions = new ArrayList<>();
        Map<String, Double> marks = new HashMap<>();
        for (JsonNode p : risk) {
            String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
            double mark = num(p, "markPrice");
            if (mark > 0) {
                marks.put(symbol, mark);
            }
            double amt = num(p, "positionAmt");
            if (amt == 0) {
                continue;
            }
            positions.add(new LivePosition(symbol, side(p.path("positionSide").asText("BOTH")), amt, num(p, "entryPrice"),
                    num(p, "leverage"), mode(p.path("marginType").asText()), num(p, "isolatedWallet")));
        }
        Map<String, MarkUpdate> funding = new HashMap<>();
        if (!positions.isEmpty()) {
            // all symbols at once (weight 10): funding rate and next funding time for the table and the funding rule
            for (JsonNode p : get(rest, "/fapi/v1/premiumIndex", "", false)) {
                String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
                if (marks.containsKey(symbol) && p.hasNonNull("lastFundingRate")) {
                    funding.put(symbol, new MarkUpdate(symbol, marks.get(symbol), optNum(p, "indexPrice"), optNum(p, "lastFundingRate"),
                            p.path("nextFundingTime").asLong(0), p.path("time").asLong(now), System.nanoTime()));
                }
            }
        }
        return new AccountSnapshot(now, wallet, positions, marks, funding);
    }

    /** The account's leverage brackets ({@code GET /fapi/v1/leverageBracket}); empty when the venue refuses. */
    @Override
    public Map<String, RiskTiers> tiers() {
        try {
            return TierTables.parseLeverageBrackets(get(rest, "/fapi/v1/leverageBracket", "", true), "Binance leverageBracket");
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** {@code GET /fapi/v1/klines?interval=1h} (public): rows of [openTime, open, high, low, close, volume, ...]. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            JsonNode rows = get(rest, "/fapi/v1/klines", "symbol=" + symbol + "&interval=1h&limit=" + count, false);
            int n = rows.size();
            long[] t = new long[n];
            double[] o = new double[n], h = new double[n], lo = new double[n], c = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                JsonNode r = rows.get(i);
                t[i] = r.get(0).asLong();
                o[i] = Double.parseDouble(r.get(1).asText());
                h[i] = Double.parseDouble(r.get(2).asText());
                lo[i] = Double.parseDouble(r.get(3).asText());
                c[i] = Double.parseDouble(r.get(4).asText());
                v[i] = Double.parseDouble(r.get(5).asText());
            }
            return new CandleSeries(symbol, t, o, h, lo, c, v);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty; marks and alerts do not depend on it
        }
    }

    //-------------------------------------------------------------------------
    @Override
    public void start(ConnectorListener l) {
        this.listener = l;
        supervisor.execute(this::connect);
        long tick = Math.max(100, Math.min(1000, config.silence().toMillis() / 4));
        supervisor.scheduleWithFixedDelay(this::watchdog, tick, tick, TimeUnit.MILLISECONDS);
        long keep = config.keepaliveEvery().toMillis();
        supervisor.scheduleWithFixedDelay(this::keepalive, keep, keep, TimeUnit.MILLISECONDS);
        long resync = config.resyncEvery().toMillis();
        supervisor.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
    }

    @Override
    public void watchSymbols(Set<String> wanted) {
        Set<String> fresh = new TreeSet<>();
        for (String s : wanted) {
            if (symbols.add(s.toUpperCase(Locale.ROOT))) {
                fresh.add(s.toLowerCase(Locale.ROOT) + "@markPrice@1s");
            }
        }
        WsConnection m = market;
        if (fresh.isEmpty() || listener == null) {
            return;
        }
        if (m == null || m.ended()) {
            supervisor.execute(this::openMarketIfNeeded);
            return;
        }
        m.send("{\"method\":\"SUBSCRIBE\",\"params\":[" + String.join(",", fresh.stream().map(s -> "\"" + s + "\"").toList())
                + "],\"id\":" + requestId.incrementAndGet() + "}");
    }

    private void connect() {
        reconnectPending.set(false);
        if (closed) {
            return;
        }
        closeSockets();
        try {
            syncClock();
            listenKey = post("/fapi/v1/listenKey").path("listenKey").asText();
            WsConnection u = WsConnection.open(http, URI.create(ws + "/private/ws?listenKey=" + listenKey + "&events=" + EVENTS),
                    config.timeout(), handler(false));
            user = u;
            AccountSnapshot s = snapshot();
            for (LivePosition p : s.positions()) {
                symbols.add(p.symbol());
            }
            openMarket();   // before the snapshot is handed over: no mark between the two is lost
            listener.onSnapshot(s);
            attempts.set(0);
            healthy = true;
            listener.onHealthy(System.currentTimeMillis());
        } catch (VenueException e) {
            fault(e.kind(), e.getMessage());
            scheduleReconnect(e.retryAfterMs());
        } catch (RuntimeException e) {
            fault(Fault.Kind.DISCONNECTED, credentials.redact(e.getMessage()));
            scheduleReconnect(0);
        }
    }

    private void openMarketIfNeeded() {
        if (!closed && healthy && (market == null || market.ended()) && !symbols.isEmpty()) {
            try {
                openMarket();
            } catch (RuntimeException e) {
                fault(Fault.Kind.DISCONNECTED, e.getMessage());
                scheduleReconnect(0);
            }
        }
    }

    private void openMarket() {
        if (symbols.isEmpty()) {
            return;
        }
        List<String> streams = new ArrayList<>();
        for (String s : new TreeSet<>(symbols)) {
            streams.add(s.toLowerCase(Locale.ROOT) + "@markPrice@1s");
        }
        market = WsConnection.open(http, URI.create(ws + "/market/stream?streams=" + String.join("/", streams)),
                config.timeout(), handler(true));
    }

    private WsConnection.Handler handler(boolean isMarket) {
        return new WsConnection.Handler() {
            @Override
            public void onMessage(String text, long receivedNanos) {
                if (isMarket) {
                    onMarketMessage(text, receivedNanos);
                } else {
                    onUserMessage(text);
                }
            }

            @Override
            public void onEnd(String reason) {
                if (!closed) {
                    fault(Fault.Kind.DISCONNECTED, (isMarket ? "mark feed " : "account stream ") + reason + "; reconnecting");
                    scheduleReconnect(0);
                }
            }
        };
    }

    private void scheduleReconnect(long atLeastMs) {
        healthy = false;
        if (closed || !reconnectPending.compareAndSet(false, true)) {
            return;
        }
        int n = attempts.getAndIncrement();
        // exponential backoff with jitter: 0.25 s, 0.5 s, 1 s ... capped at 30 s; never before Retry-After
        long backoff = Math.min(30_000, 250L << Math.min(n, 7));
        long delay = Math.max(atLeastMs, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        supervisor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void watchdog() {
        WsConnection m = market;
        if (closed || m == null || m.ended()) {
            return;
        }
        if (m.silentNanos() > config.silence().toNanos()) {
            fault(Fault.Kind.SILENT, "mark feed connected but silent for " + TimeUnit.NANOSECONDS.toSeconds(m.silentNanos()) + " s; reconnecting");
            m.abort("silent");
        } else if (m.ageNanos() > MAX_SOCKET_AGE_NANOS) {
            m.abort("24 h connection limit");
        }
    }

    private void keepalive() {
        if (closed || !healthy || listenKey == null) {
            return;
        }
        try {
            send("PUT", "/fapi/v1/listenKey");
        } catch (VenueException e) {
            fault(e.kind(), "listenKey keepalive: " + e.getMessage());
            WsConnection u = user;
            if (u != null) {
                u.abort("keepalive failed");
            }
        }
    }

    private void resync() {
        if (closed || !healthy) {
            return;
        }
        try {
            listener.onSnapshot(snapshot());
        } catch (VenueException e) {
            fault(e.kind(), "periodic resync: " + e.getMessage());
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "periodic resync: " + credentials.redact(e.getMessage()));
        }
    }

    private void fault(Fault.Kind kind, String detail) {
        ConnectorListener l = listener;
        if (l != null) {
            l.onFault(new Fault(kind, "binance: " + detail, System.currentTimeMillis()));
        }
    }

    //-------------------------------------------------------------------------
    void onMarketMessage(String text, long receivedNanos) {
        JsonNode n = parse(text, "mark feed");
        if (n == null) {
            return;
        }
        JsonNode d = n.has("data") ? n.get("data") : n;
        if (!"markPriceUpdate".equals(d.path("e").asText())) {
            return;   // subscribe acks, other events
        }
        try {
            MarkUpdate m = new MarkUpdate(d.path("s").asText().toUpperCase(Locale.ROOT), num(d, "p"), optNum(d, "i"),
                    optNum(d, "r"), d.path("T").asLong(0), d.path("E").asLong(0), receivedNanos);
            if (!(m.mark() > 0) || m.symbol().isEmpty()) {
                throw new NumberFormatException("mark " + d.path("p").asText());
            }
            listener.onMark(m);
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "mark feed frame unreadable (" + e.getMessage() + ")");
        }
    }

    void onUserMessage(String text) {
        JsonNode n = parse(text, "account stream");
        if (n == null) {
            return;
        }
        JsonNode d = n.has("data") ? n.get("data") : n;
        String event = d.path("e").asText();
        try {
            switch (event) {
                case "ACCOUNT_UPDATE" -> {
                    JsonNode a = d.path("a");
                    double wallet = Double.NaN;
                    for (JsonNode b : a.path("B")) {
                        if ("USDT".equals(b.path("a").asText())) {
                            wallet = num(b, "wb");
                        }
                    }
                    List<LivePosition> ps = new ArrayList<>();
                    for (JsonNode p : a.path("P")) {
                        ps.add(new LivePosition(p.path("s").asText().toUpperCase(Locale.ROOT), side(p.path("ps").asText("BOTH")),
                                num(p, "pa"), num(p, "ep"), Double.NaN, mode(p.path("mt").asText()), num(p, "iw")));
                    }
                    listener.onAccountUpdate(new AccountUpdate(d.path("E").asLong(), wallet, ps, a.path("m").asText("")));
                    Set<String> opened = new LinkedHashSet<>();
                    for (LivePosition p : ps) {
                        if (p.open()) {
                            opened.add(p.symbol());
                        }
                    }
                    watchSymbols(opened);
                }
                case "ORDER_TRADE_UPDATE" -> {
                    JsonNode o = d.path("o");
                    if ("LIQUIDATION".equals(o.path("o").asText()) && "FILLED".equals(o.path("X").asText())) {
                        listener.onLiquidation(o.path("s").asText().toUpperCase(Locale.ROOT), side(o.path("ps").asText("BOTH")).label(),
                                optNum(o, "ap"), d.path("E").asLong());
                    }
                }
                case "listenKeyExpired" -> {
                    WsConnection u = user;
                    if (u != null) {
                        u.abort("listenKey expired");
                    }
                }
                default -> {
                    // MARGIN_CALL and others: our own rules judge the margin ratio
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + event + " unreadable (" + e.getMessage() + ")");
        }
    }

    private JsonNode parse(String text, String where) {
        try {
            JsonNode n = json.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            fault(Fault.Kind.MALFORMED, where + " sent an unreadable frame (" + text.length() + " chars)");
            return null;
        }
    }

    //-------------------------------------------------------------------------
    private void syncClock() {
        long t0 = System.currentTimeMillis();
        JsonNode r = get(rest, "/fapi/v1/time", "", false);
        long t1 = System.currentTimeMillis();
        long offset = r.path("serverTime").asLong() - (t0 + t1) / 2;
        clockOffsetMs = offset;
        if (Math.abs(offset) > signer.recvWindowMs()) {
            fault(Fault.Kind.CLOCK_SKEW, String.format(Locale.ROOT, "this computer's clock is %.1f s %s Binance's, beyond the %d ms receive window; "
                    + "signing with Binance's time, but fix the clock (NTP)", Math.abs(offset) / 1000.0, offset > 0 ? "behind" : "ahead of",
                    signer.recvWindowMs()));
        }
    }

    /** Local-clock offset to Binance's clock found at the last (re)connect, ms. */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    private JsonNode get(String base, String path, String params, boolean signed) {
        String q = signed ? signer.signedQuery(params, System.currentTimeMillis() + clockOffsetMs) : params;
        return call(HttpRequest.newBuilder(URI.create(base + path + (q.isEmpty() ? "" : "?" + q))).GET(), path, signed);
    }

    private JsonNode post(String path) {
        return send("POST", path);
    }

    private JsonNode send(String method, String path) {
        return call(HttpRequest.newBuilder(URI.create(rest + path)).method(method, HttpRequest.BodyPublishers.noBody()), path, true);
    }

    private JsonNode call(HttpRequest.Builder b, String path, boolean withKey) {
        long wait = restNotBeforeNanos - System.nanoTime();
        if (wait > 0) {
            throw new VenueException(Fault.Kind.RATE_LIMITED, "REST paused for " + TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999)
                    + " s after a rate-limit answer", TimeUnit.NANOSECONDS.toMillis(wait));
        }
        b.timeout(config.timeout());
        if (withKey) {
            b.header("X-MBX-APIKEY", credentials.apiKey());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VenueException(Fault.Kind.DISCONNECTED, "cannot reach " + URI.create(rest).getHost() + " for " + path
                    + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VenueException(Fault.Kind.DISCONNECTED, "interrupted");
        }
        int status = r.statusCode();
        if (status == 429 || status == 418) {
            long after = retryAfterMs(r);
            restNotBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(after);
            throw new VenueException(Fault.Kind.RATE_LIMITED, "HTTP " + status + (status == 418 ? " (IP banned)" : " (rate limit)")
                    + " on " + path + "; waiting " + (after + 999) / 1000 + " s as Retry-After asks", after);
        }
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (IOException e) {
            throw new VenueException(Fault.Kind.MALFORMED, path + " answered HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 != 2) {
            int code = body == null ? 0 : body.path("code").asInt(0);
            String msg = credentials.redact(body == null ? "" : body.path("msg").asText(""));
            Fault.Kind kind = code == -1021 ? Fault.Kind.CLOCK_SKEW
                    : code == -2014 || code == -2015 || code == -1022 || status == 401 ? Fault.Kind.AUTH : Fault.Kind.DISCONNECTED;
            throw new VenueException(kind, path + " answered HTTP " + status + " " + code + " " + msg);
        }
        return body;
    }

    private static long retryAfterMs(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.max(0, (long) (Double.parseDouble(v.trim()) * 1000));
            } catch (NumberFormatException e) {
                return 60_000L;
            }
        }).orElse(60_000L);
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new NumberFormatException(field + " missing");
        }
        double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
        if (!Double.isFinite(d)) {
            throw new NumberFormatException(field + " is " + v.asText());
        }
        return d;
    }

    private static double optNum(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return Double.NaN;
        }
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    private static PositionSide side(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "LONG" -> PositionSide.LONG;
            case "SHORT" -> PositionSide.SHORT;
            default -> PositionSide.BOTH;
        };
    }

    private static MarginMode mode(String s) {
        return s.toLowerCase(Locale.ROOT).startsWith("isolated") ? MarginMode.ISOLATED : MarginMode.CROSS;
    }

    private void closeSockets() {
        WsConnection m = market, u = user;
        market = null;
        user = null;
        if (m != null) {
            m.close();
        }
        if (u != null) {
            u.close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        supervisor.shutdownNow();
        closeSockets();
        String lk = listenKey;
        if (lk != null) {
            try {
                send("DELETE", "/fapi/v1/listenKey");
            } catch (RuntimeException ignored) {
                // best effort: the key expires after 60 min anyway
            }
        }
    }
}
