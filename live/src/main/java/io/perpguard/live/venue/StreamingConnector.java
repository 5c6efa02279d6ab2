package io.perpguard.live.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
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
 * What every venue's read-only connection shares: one supervisor thread that (re)connects — venue preparation, the
 * account socket, a REST snapshot, the mark socket, then the snapshot handed over — with exponential backoff and
 * jitter; a watchdog that drops a mark socket silent for {@link ConnectorConfig#silence()} or older than 23 h;
 * periodic keepalive, application ping and REST resync; and REST calls that stop after a rate-limit answer (429/418, or
 * the venue's code) for as long as the venue asks. Such a pause is told once by {@link #call} where it begins, whichever
 * call met it (a snapshot, a resync, or a side read: fees, candles, tiers), and its end once, when a snapshot after it
 * has been handed over.
 * A venue subclass supplies its URLs, signing, message parsing and subscribe format only.
 */
public abstract class StreamingConnector implements ExchangeConnector {
    private static final long MAX_SOCKET_AGE_NANOS = TimeUnit.HOURS.toNanos(23);   // venues drop at 24 h
    /** While REST is paused, the supervisor looks at the {@link ConnectorConfig#clock()} this often (ms). */
    private static final long PAUSE_POLL_MS = 1_000;

    protected final Credentials credentials;
    protected final ConnectorConfig config;
    /** REST base and WebSocket root: the configured hosts, else the venue's defaults (no trailing slash). */
    protected final String rest, ws;
    protected final HttpClient http;
    protected final ObjectMapper json = new ObjectMapper();
    protected final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService supervisor;
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    protected volatile ConnectorListener listener;
    private volatile WsConnection user;
    /** The open mark sockets by {@link #marketFeed feed} ("" where the venue has one public socket). */
    private final java.util.Map<String, WsConnection> markets = new ConcurrentHashMap<>();
    /** No REST call before this time on {@link ConnectorConfig#clock()} (ms): a venue's rate-limit pause. */
    private volatile long restNotBeforeMs;
    /** A rate-limit pause told to the listener whose end is not told yet (changed under {@link #pauseLock}). */
    private volatile boolean pauseOpen;
    /** One account read is owed as soon as the last rate-limit pause is over (then the periodic resync takes over). */
    private volatile boolean readAfterPause;
    private final Object pauseLock = new Object();
    private final RequestLimits limits;
    private volatile boolean healthy, closed, resyncFaulted;
    /** Local clock's offset to the venue's, found at the last (re)connect (ms): signed requests use the venue's time. */
    protected volatile long clockOffsetMs;

    protected StreamingConnector(Credentials credentials, ConnectorConfig config, String defaultRest, String defaultWs) {
        this.credentials = credentials;
        this.config = config;
        this.rest = ConnectorConfig.base(config.restUrl(), defaultRest);
        this.ws = ConnectorConfig.base(config.wsUrl(), defaultWs);
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.limits = requestLimits(config.clock());
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perpguard-" + getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
    }

    //------------------------------------------------------------------------- what a venue supplies
    /** Work before the sockets open on every (re)connect: clock sync, a user-stream key. */
    protected abstract void prepare();

    /** Opens the account socket (authenticated and subscribed). */
    protected abstract WsConnection openUserSocket(WsConnection.Handler handler);

    /** Opens the mark socket for these symbols (upper case, sorted; all of one {@link #marketFeed feed}). */
    protected abstract WsConnection openMarketSocket(List<String> symbols, WsConnection.Handler handler);

    /**
     * The public socket a symbol's marks come on, where a venue has more than one (Bybit: {@code linear} and
     * {@code inverse}); one mark socket is opened per feed held. Default "": one socket for every symbol.
     */
    protected String marketFeed(String symbol) {
        return "";
    }

    /** Subscribes an open mark socket to more symbols. */
    protected abstract void subscribe(WsConnection market, List<String> symbols);

    protected abstract void onMarketMessage(String text, long receivedNanos);

    protected abstract void onUserMessage(String text);

    /** Keeps the account stream alive (Binance's listenKey PUT); default nothing. */
    protected void keepalive() {
    }

    /**
     * The venue's application-level ping message, sent every {@link ConnectorConfig#pingEvery()} on both sockets; null
     * when the venue pings itself (Binance). A plain {@code pong} answer is consumed here.
     */
    protected String pingMessage() {
        return null;
    }

    /** A venue error in an HTTP answer (non-2xx, or 2xx with an error code in the body), or null when fine. */
    protected abstract VenueException error(int status, JsonNode body, String path);

    /**
     * The venue's published per-endpoint request limits, obeyed before every REST call (the calls wait on
     * {@code clock}); default none. Called from the constructor: the rules must not use the subclass's fields.
     */
    protected RequestLimits requestLimits(VenueClock clock) {
        return RequestLimits.NONE;
    }

    /**
     * The pause a rate-limit answer (HTTP 429 or 418) imposes, as the exception to report: by default as long as
     * {@code Retry-After} asks ({@code retryAfterMs}, -1 when the header is absent: 60 s). A venue whose limit locks the
     * account for a documented time (XT) says so here.
     */
    protected VenueException rateLimitAnswer(int status, long retryAfterMs, String path) {
        long after = retryAfterMs < 0 ? 60_000 : retryAfterMs;
        return new VenueException(Fault.Kind.RATE_LIMITED, "HTTP " + status + (status == 418 ? " (IP banned)" : " (rate limit)")
                + " on " + path + "; waiting " + (after + 999) / 1000 + " s " + (retryAfterMs < 0 ? "(no Retry-After given)" : "as Retry-After asks"), after);
    }

    /** How long REST stays paused after a rate-limit answer (ms on {@link ConnectorConfig#clock()}); 0 when it is not. */
    protected final long restPausedMs() {
        return Math.max(0, restNotBeforeMs - config.clock().millis());
    }

    /** Extra shutdown work (close the user-data key). */
    protected void onClose() {
    }

    //------------------------------------------------------------------------- lifecycle
    @Override
    public void start(ConnectorListener l) {
        this.listener = l;
        supervisor.execute(this::connect);
        long tick = Math.max(100, Math.min(1000, config.silence().toMillis() / 4));
        supervisor.scheduleWithFixedDelay(this::watchdog, tick, tick, TimeUnit.MILLISECONDS);
        long keep = config.keepaliveEvery().toMillis();
        supervisor.scheduleWithFixedDelay(this::keepaliveSafely, keep, keep, TimeUnit.MILLISECONDS);
        long resync = config.resyncEvery().toMillis();
        supervisor.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
        if (pingMessage() != null) {
            long ping = config.pingEvery().toMillis();
            supervisor.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void watchSymbols(Set<String> wanted) {
        List<String> fresh = new java.util.ArrayList<>();
        for (String s : new TreeSet<>(wanted)) {
            if (symbols.add(s.toUpperCase(Locale.ROOT))) {
                fresh.add(s.toUpperCase(Locale.ROOT));
            }
        }
        if (fresh.isEmpty() || listener == null) {
            return;
        }
        boolean open = false;
        for (java.util.Map.Entry<String, List<String>> e : byFeed(fresh).entrySet()) {
            WsConnection m = markets.get(e.getKey());
            if (m == null || m.ended()) {
                open = true;
            } else {
                subscribe(m, e.getValue());
            }
        }
        if (open) {
            supervisor.execute(this::openMarketIfNeeded);
        }
    }

    /** Symbols grouped by their {@link #marketFeed feed}, each group sorted. */
    private java.util.Map<String, List<String>> byFeed(java.util.Collection<String> syms) {
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String s : new TreeSet<>(syms)) {
            out.computeIfAbsent(marketFeed(s), k -> new java.util.ArrayList<>()).add(s);
        }
        return out;
    }

    private void connect() {
        if (closed) {
            return;
        }
        long paused = restPausedMs();
        if (paused > 0) {
            // a rate-limit pause (XT's lock: 10 min): said once when it began; no REST call until it is over
            supervisor.schedule(this::connect, Math.min(paused, PAUSE_POLL_MS), TimeUnit.MILLISECONDS);
            return;
        }
        reconnectPending.set(false);
        closeSockets();
        try {
            prepare();
            user = openUserSocket(handler(false));
            AccountSnapshot s = snapshot();
            for (LivePosition p : s.positions()) {
                symbols.add(p.symbol());
            }
            openMarket();   // before the snapshot is handed over: no mark between the two is lost
            listener.onSnapshot(s);
            attempts.set(0);
            healthy = true;
            if (closePauseIfOver() != Pause.LASTS) {   // a side read met a pause meanwhile: its end is told when it is over
                resyncFaulted = false;
                listener.onHealthy(s.timeMs());   // as of the snapshot's reads: a socket dropped since stays a fault
            }
        } catch (VenueException e) {
            if (!e.told()) {
                fault(e.kind(), e.getMessage());
            }
            scheduleReconnect(e.retryAfterMs());
        } catch (RuntimeException e) {
            fault(Fault.Kind.DISCONNECTED, credentials.redact(e.getMessage()));
            scheduleReconnect(0);
        }
    }

    private void openMarketIfNeeded() {
        if (!closed && healthy && !symbols.isEmpty()) {
            try {
                openMarket();
            } catch (RuntimeException e) {
                fault(Fault.Kind.DISCONNECTED, e.getMessage());
                scheduleReconnect(0);
            }
        }
    }

    /** Opens the mark socket of every feed held that has none open (all of them after a reconnect). */
    private void openMarket() {
        for (java.util.Map.Entry<String, List<String>> e : byFeed(symbols).entrySet()) {
            WsConnection m = markets.get(e.getKey());
            if (m == null || m.ended()) {
                markets.put(e.getKey(), openMarketSocket(List.copyOf(e.getValue()), handler(true)));
            }
        }
    }

    private WsConnection.Handler handler(boolean isMarket) {
        return new WsConnection.Handler() {
            @Override
            public void onMessage(String text, long receivedNanos) {
                if ("pong".equals(text)) {
                    return;   // the answer to a text ping (OKX, XT)
                }
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
        long paused = restPausedMs();
        if (paused > 0) {
            delay = Math.min(paused, PAUSE_POLL_MS);   // connect() waits out the pause on the connector's clock
        }
        supervisor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void watchdog() {
        if (readAfterPause && pauseOpen && healthy && !closed && restPausedMs() == 0) {
            readAfterPause = false;   // once: a read that fails otherwise waits for the periodic resync, not the next tick
            resync();   // a pause is over: read the account now, not at the next resync, and say the data is current again
        }
        for (WsConnection m : markets.values()) {
            if (closed || m == null || m.ended()) {
                continue;
            }
            if (m.silentNanos() > config.silence().toNanos()) {
                fault(Fault.Kind.SILENT, "mark feed connected but silent for " + TimeUnit.NANOSECONDS.toSeconds(m.silentNanos()) + " s; reconnecting");
                m.abort("silent");
            } else if (m.ageNanos() > MAX_SOCKET_AGE_NANOS) {
                m.abort("24 h connection limit");
            }
        }
    }

    private void keepaliveSafely() {
        if (closed || !healthy) {
            return;
        }
        try {
            keepalive();
        } catch (VenueException e) {
            if (e.kind() == Fault.Kind.RATE_LIMITED) {
                return;   // told where the pause began; the sockets stay open through it, and the keepalive is sent when next due
            }
            fault(e.kind(), "keepalive: " + e.getMessage());
            dropUserSocket("keepalive failed");
        }
    }

    private void ping() {
        String msg = pingMessage();
        List<WsConnection> open = new java.util.ArrayList<>(markets.values());
        open.add(user);
        for (WsConnection c : open) {
            if (!closed && msg != null && c != null && !c.ended()) {
                c.send(msg);
            }
        }
    }

    private void resync() {
        if (closed || !healthy || restPausedMs() > 0) {
            return;   // during a rate-limit pause the streams go on; the pause was reported when it began
        }
        try {
            AccountSnapshot s = snapshot();
            listener.onSnapshot(s);
            Pause p = closePauseIfOver();
            if (p == Pause.ENDED || p == Pause.NONE && resyncFaulted) {
                resyncFaulted = false;
                listener.onHealthy(s.timeMs());   // the REST view is back (after a rate limit, say)
            }
        } catch (VenueException e) {
            resyncFaulted = true;
            if (!e.told()) {
                fault(e.kind(), "periodic resync: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            resyncFaulted = true;
            fault(Fault.Kind.MALFORMED, "periodic resync: " + credentials.redact(e.getMessage()));
        }
    }

    /** Opens a socket at {@code <ws><path>} and subscribes it to these symbols' marks. */
    protected final WsConnection openAndSubscribe(String path, List<String> syms, WsConnection.Handler handler) {
        WsConnection c = WsConnection.open(http, uri(ws + path), config.timeout(), handler);
        subscribe(c, syms);
        return c;
    }

    /**
     * Measures {@link #clockOffsetMs} against the venue's time read over REST ({@code venueTimeMs}, taken as the
     * midpoint of the call); a skew beyond the window the venue accepts signed requests in is reported (CLOCK_SKEW).
     */
    protected final void syncClock(String venueName, long windowMs, java.util.function.LongSupplier venueTimeMs) {
        long t0 = System.currentTimeMillis();
        long venue = venueTimeMs.getAsLong();
        long t1 = System.currentTimeMillis();
        long offset = venue - (t0 + t1) / 2;
        clockOffsetMs = offset;
        if (Math.abs(offset) > windowMs) {
            fault(Fault.Kind.CLOCK_SKEW, String.format(Locale.ROOT, "this computer's clock is %.1f s %s %s's, beyond the %d ms window it accepts "
                    + "signed requests in; signing with %s's time, but fix the clock (NTP)", Math.abs(offset) / 1000.0,
                    offset > 0 ? "behind" : "ahead of", venueName, windowMs, venueName));
        }
    }

    /**
     * The key's permissions as one line; a key that can trade or withdraw is refused unless {@code allowTrading}.
     */
    protected static String refuseTradingKey(String venueName, boolean trade, boolean withdraw, String desc, boolean allowTrading) {
        if ((trade || withdraw) && !allowTrading) {
            throw new io.perpguard.live.keys.KeyException("the " + venueName + " key can " + (withdraw ? "withdraw" : "trade") + " (" + desc
                    + "); create a read-only key, or pass --allow-trading-key to use it anyway");
        }
        return desc;
    }

    /** Aborts the account socket: the connector reconnects and resynchronises. */
    protected void dropUserSocket(String reason) {
        WsConnection u = user;
        if (u != null) {
            u.abort(reason);
        }
    }

    protected void fault(Fault.Kind kind, String detail) {
        ConnectorListener l = listener;
        if (l != null) {
            l.onFault(new Fault(kind, venue() + ": " + detail, System.currentTimeMillis()));
        }
    }

    //------------------------------------------------------------------------- REST
    private enum Pause { NONE, ENDED, LASTS }

    /**
     * Called on the supervisor once a snapshot is handed over: a told pause that is over is closed ({@code ENDED}: its end is
     * to be told now); {@code LASTS} while one is still on (met by a side read meanwhile); {@code NONE} without one.
     */
    private Pause closePauseIfOver() {
        synchronized (pauseLock) {
            if (!pauseOpen) {
                return Pause.NONE;
            }
            if (restPausedMs() > 0) {
                return Pause.LASTS;
            }
            pauseOpen = false;
            return Pause.ENDED;
        }
    }

    /**
     * A rate-limit answer {@code e} met by any call: every REST call pauses as long as it asks, and a pause that begins here
     * is told once — on the supervisor, so it is ordered with the snapshot hand-over's "healthy" — whichever thread met it.
     */
    private VenueException paused(VenueException e) {
        boolean begins;
        synchronized (pauseLock) {
            restNotBeforeMs = Math.max(restNotBeforeMs, config.clock().millis() + e.retryAfterMs());
            begins = !pauseOpen;
            pauseOpen = true;
            readAfterPause = true;
        }
        if (begins) {
            String detail = e.getMessage();
            try {
                supervisor.execute(() -> fault(Fault.Kind.RATE_LIMITED, detail));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closed: nothing to tell
            }
        }
        return e.markTold();
    }

    /**
     * Sends a request; 429/418 (or the venue's rate-limit code) pause every REST call as long as the venue asks, told once
     * where the pause begins ({@link #paused}); venue errors become {@link VenueException}.
     */
    protected JsonNode call(HttpRequest.Builder b, String path) {
        long wait = restPausedMs();
        if (wait > 0) {
            throw new VenueException(Fault.Kind.RATE_LIMITED, "REST paused for " + (wait + 999) / 1000 + " s after a rate-limit answer", wait)
                    .markTold();   // the pause was told when it began
        }
        b.timeout(config.timeout());
        HttpRequest req = b.build();
        HttpResponse<String> r;
        try {
            String query = req.uri().getRawQuery();
            limits.acquire(path, query == null ? "" : query);   // the venue's per-endpoint limits: wait for a free slot
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VenueException(Fault.Kind.DISCONNECTED, "cannot reach " + req.uri().getHost() + " for " + path
                    + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VenueException(Fault.Kind.DISCONNECTED, "interrupted");
        }
        int status = r.statusCode();
        if (status == 429 || status == 418) {
            throw paused(rateLimitAnswer(status, retryAfterMs(r), path));
        }
        JsonNode body;
        VenueException err;
        try {
            body = json.readTree(r.body());
            err = error(status, body, path);
        } catch (IOException e) {
            // a status alone can be a rate limit (Bybit's IP ban: HTTP 403 "access too frequent", whatever the body)
            err = error(status, null, path);
            if (err == null || err.kind() != Fault.Kind.RATE_LIMITED) {
                throw new VenueException(Fault.Kind.MALFORMED, path + " answered HTTP " + status + " with a body that is not JSON");
            }
            body = null;
        }
        if (err != null && err.kind() == Fault.Kind.RATE_LIMITED) {
            // a rate limit in the body (Bybit 10006, OKX 50011, XT) pauses every REST call too, as long as the venue asks
            long after = Math.max(err.retryAfterMs(), rateLimitResetMs(r.headers()));
            throw paused(new VenueException(Fault.Kind.RATE_LIMITED, credentials.redact(err.getMessage()) + " " + (after + 999) / 1000 + " s", after));
        }
        if (err != null) {
            throw new VenueException(err.kind(), credentials.redact(err.getMessage()), err.retryAfterMs());
        }
        return body;
    }

    /** How long a venue's rate-limit answer asks to wait by its headers (ms); 0 when they say nothing. */
    protected long rateLimitResetMs(java.net.http.HttpHeaders headers) {
        return 0;
    }

    /** Retry-After in ms (seconds, or an HTTP-date against the wall clock); -1 when absent, 60 s when unreadable. */
    private static long retryAfterMs(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> io.perpguard.live.RetryAfter.millis(v, System.currentTimeMillis(), 60_000L))
                .orElse(-1L);
    }

    protected static URI uri(String s) {
        return URI.create(s);
    }

    /** A required number field (JSON number or numeric string). */
    protected static double num(JsonNode n, String field) {
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

    /** An optional number field: NaN when absent or empty. */
    protected static double optNum(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return Double.NaN;
        }
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    /** Parses a frame; a frame that is not a JSON object is reported (MALFORMED) and yields null. */
    protected JsonNode parse(String text, String where) {
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

    private void closeSockets() {
        List<WsConnection> ms = new java.util.ArrayList<>(markets.values());
        WsConnection u = user;
        markets.clear();
        user = null;
        for (WsConnection m : ms) {
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
        onClose();
    }

    /** Hourly candles from rows of [time, open, high, low, close, volume, …] (numbers as strings), listed newest first. */
    protected static io.perpguard.market.CandleSeries candlesNewestFirst(String symbol, JsonNode rows) {
        return candles(symbol, rows, true);
    }

    /** Hourly candles from rows of [time, open, high, low, close, volume, …] (numbers as strings), oldest first in the answer. */
    protected static io.perpguard.market.CandleSeries candles(String symbol, JsonNode rows, boolean newestFirst) {
        int n = rows.size();
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], lo = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode r = rows.get(newestFirst ? n - 1 - i : i);
            t[i] = r.get(0).asLong();
            o[i] = Double.parseDouble(r.get(1).asText());
            h[i] = Double.parseDouble(r.get(2).asText());
            lo[i] = Double.parseDouble(r.get(3).asText());
            c[i] = Double.parseDouble(r.get(4).asText());
            v[i] = Double.parseDouble(r.get(5).asText());
        }
        return new io.perpguard.market.CandleSeries(symbol, t, o, h, lo, c, v);
    }
}
