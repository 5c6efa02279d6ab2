package io.perpguard.live.xt;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.FillReplay;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.RequestLimits;
import io.perpguard.live.venue.VenueClock;
import io.perpguard.live.venue.StreamingConnector;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.WsConnection;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.market.CandleSeries;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * XT.com USDT-M perpetual futures ({@code fapi}), read-only. REST signed with the {@code validate-*} headers:
 * {@code /future/user/v1/account/info} (the key works; XT does not report key permissions),
 * {@code /future/user/v1/balance/detail}, {@code /future/user/v1/position/list}, {@code /future/user/v1/user/listen-key},
 * {@code /future/trade/v1/order/list-history} (only to tell a holding found larger after a gap, {@link #reopenedSince});
 * public {@code /future/market/v1/public/...}: time, symbol detail (contract size: XT counts contracts), mark price,
 * funding rate, open interest, leverage brackets, klines. Sockets {@code <ws>/ws/market} ({@code mark_price@s},
 * {@code fund_rate@s}) and {@code <ws>/ws/user} ({@code position}, {@code balance}, {@code notify} with the listenKey;
 * a {@code notify} of type LIQUIDATION or PARTIAL is a liquidation). XT drops a socket without a text {@code ping}
 * for 30 s: one every 20 s. Positions are always two-sided (LONG/SHORT legs).
 * No trade figures on close lines: XT documents no per-trade realized PnL (the {@code trade} push has {@code fee}, no fee
 * coin; {@code order/trade-list} {@code fee}, {@code feeCoin}; the position's {@code realizedProfit} is cumulative, net of fees).
 */
public final class XtUsdtConnector extends StreamingConnector {
    public static final String DEFAULT_REST = "https://fapi.xt.com";
    public static final String DEFAULT_WS = "wss://fstream.xt.com";
    private static final long LISTEN_KEY_RENEW_MS = TimeUnit.HOURS.toMillis(7);   // a listenKey lasts 8 h
    /**
     * XT's frequency rules (API docs, "Frequency Limiting Rules"): "Get assets 3 times per second, other methods 10 times
     * per second for each single user, 1000 times per minute for each single IP, exceeding the requested times, account
     * will be locked for 10 minutes."
     */
    public static final long LOCK_MS = TimeUnit.MINUTES.toMillis(10);
    private static final String USER = "/future/user/", TRADE = "/future/trade/";

    private final XtSigner signer;
    private final Map<String, Contract> contracts = new ConcurrentHashMap<>();   // upper-case symbol → rules
    private final Map<String, double[]> funding = new ConcurrentHashMap<>();    // symbol → {rate, nextCollectionTime, interval ms}
    private final Map<String, Double> openInterest = new ConcurrentHashMap<>();
    private final Map<String, Double> lastMark = new ConcurrentHashMap<>();     // for the price of a liquidation notice
    private volatile String listenKey;
    private volatile long listenKeyAtMs;

    public XtUsdtConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS);
        this.signer = new XtSigner(credentials);
    }

    @Override
    public String venue() {
        return "xt";
    }

    /**
     * XT's published limits, obeyed so the 10-minute lock is never earned: "get assets" (the balance reads) 3 per second,
     * the user's other (signed) methods 10 per second, 1,000 per minute per IP for all; and the per-endpoint "Limit Flow
     * Rules" that are tighter: {@code q/funding-rate} and {@code contract/open-interest} 1 per second per IP (the signed
     * endpoints' own 200/s/apikey is looser than the 10/s rule).
     */
    @Override
    protected RequestLimits requestLimits(VenueClock clock) {
        return new RequestLimits(xtLimits(), clock);
    }

    /** XT's limits as rules (the fake exchange holds requests to the same ones). */
    public static List<RequestLimits.Rule> xtLimits() {
        return List.of(
                new RequestLimits.Rule("get assets 3/s per user", (path, q) -> path.startsWith(USER) && path.contains("/balance/") ? "user" : null, 3, 1_000),
                new RequestLimits.Rule("other methods 10/s per user", (path, q) -> path.startsWith(USER) || path.startsWith(TRADE) ? "user" : null, 10, 1_000),
                new RequestLimits.Rule("1000/min per IP", (path, q) -> "ip", 1_000, 60_000),
                new RequestLimits.Rule("funding-rate 1/s/ip", (path, q) -> path.endsWith("/public/q/funding-rate") ? "ip" : null, 1, 1_000),
                new RequestLimits.Rule("open-interest 1/s/ip", (path, q) -> path.endsWith("/public/contract/open-interest") ? "ip" : null, 1, 1_000));
    }

    /**
     * XT answers an exceeded limit with HTTP 429 ("The request is too frequent", XT's HTTP status table) and locks the
     * account for 10 minutes; it sends no Retry-After. REST pauses for the whole lock (any call during it would meet the
     * lock again); the sockets stay open, so marks and account pushes go on.
     */
    @Override
    protected VenueException rateLimitAnswer(int status, long retryAfterMs, String path) {
        return lock(path + " answered HTTP " + status, retryAfterMs);
    }

    private VenueException lock(String what, long retryAfterMs) {
        long after = Math.max(LOCK_MS, retryAfterMs);
        String until = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(config.clock().millis() + after));
        return new VenueException(Fault.Kind.RATE_LIMITED, what + " (too many requests): XT locks the account for 10 minutes when its "
                + "request limits are exceeded; no REST call until " + until + " UTC (the streams stay open), then a resync", after);
    }

    /** XT reports no key permissions: the key is checked to work ({@code account/info}) and the trader is told to keep it read-only. */
    @Override
    public String checkPermissions(boolean allowTrading) {
        get("/future/user/v1/account/info", Map.of(), true);
        return "XT does not report key permissions: make sure the key has read permission only";
    }

    @Override
    public AccountSnapshot snapshot() {
        long now = System.currentTimeMillis();
        JsonNode bal = get("/future/user/v1/balance/detail", Map.of("coin", "usdt"), true).path("result");
        double wallet = bal.isNull() || bal.isMissingNode() ? 0 : num(bal, "walletBalance");
        List<LivePosition> positions = new ArrayList<>();
        for (JsonNode p : get("/future/user/v1/position/list", Map.of(), true).path("result")) {
            LivePosition lp = position(p);
            if (lp != null && lp.open()) {
                positions.add(lp);
            }
        }
        Map<String, Double> marks = new HashMap<>();
        Map<String, MarkUpdate> fund = new HashMap<>();
        Set<String> held = new TreeSet<>(positions.stream().map(LivePosition::symbol).toList());
        Map<String, JsonNode> summary = held.isEmpty() ? Map.of() : contractsSummary();
        for (String s : held) {
            String lower = s.toLowerCase(Locale.ROOT);
            JsonNode m = get("/future/market/v1/public/q/symbol-mark-price", Map.of("symbol", lower), false).path("result");
            double mark = num(m, "p");
            marks.put(s, mark);
            JsonNode cg = summary.get(lower);
            if (!fundingFromSummary(s, cg)) {
                fundingOf(s);
            }
            double contractsOpen = cg == null ? Double.NaN : optNum(cg, "open_interest");
            if (Double.isNaN(contractsOpen)) {
                contractsOpen = optNum(get("/future/market/v1/public/contract/open-interest", Map.of("symbol", lower), false).path("result"), "openInterest");
            }
            if (!Double.isNaN(contractsOpen)) {
                openInterest.put(s, contractsOpen * contractSize(s));   // XT counts open interest in contracts (as every size)
            }
            double[] fr = funding.get(s);
            fund.put(s, new MarkUpdate(s, mark, Double.NaN, fr[0], nextFunding(fr, now), now, System.nanoTime(), openInterest.getOrDefault(s, Double.NaN)));
        }
        return new AccountSnapshot(now, wallet, positions, marks, fund);
    }

    /** {@code q/funding-rate} of one symbol (1 per second per IP): {rate, nextCollectionTime, interval}; the interval is in hours. */
    private double[] fundingOf(String symbol) {
        JsonNode f = get("/future/market/v1/public/q/funding-rate", Map.of("symbol", symbol.toLowerCase(Locale.ROOT)), false).path("result");
        double interval = f.path("collectionInternal").asDouble(8) * 3_600_000;
        double[] out = {optNum(f, "fundingRate"), f.path("nextCollectionTime").asLong(0), interval};
        funding.put(symbol, out);
        return out;
    }

    /**
     * XT's all-contracts summary, {@code GET /future/market/v1/public/cg/contracts} (the CoinGecko-style feed: per contract
     * {@code funding_rate}, {@code next_funding_rate_timestamp}, {@code open_interest} "in contracts", {@code index_price},
     * {@code last_price} — no mark price), by lower-case symbol. One request under the 1,000/min IP rule only, where the
     * per-symbol {@code q/funding-rate} and {@code contract/open-interest} are held to 1 per second each: a snapshot of N
     * held symbols took about N seconds. Empty when it cannot be read (then every symbol is read on its own). XT's docs and
     * the JKorf fixture show it as a bare array; an enveloped {@code result} is taken too. A rate-limit answer (XT's lock)
     * is not swallowed: it stops the snapshot as any other read's would.
     */
    private Map<String, JsonNode> contractsSummary() {
        try {
            JsonNode n = get("/future/market/v1/public/cg/contracts", Map.of(), false);
            JsonNode rows = n.isArray() ? n : n.path("result");
            Map<String, JsonNode> out = new HashMap<>();
            for (JsonNode r : rows) {
                String sym = r.path("symbol").asText("").toLowerCase(Locale.ROOT);
                if (!sym.isEmpty()) {
                    out.put(sym, r);
                }
            }
            return out;
        } catch (VenueException e) {
            if (e.kind() == Fault.Kind.RATE_LIMITED) {
                throw e;   // XT's lock (or a pause it asked for) is the snapshot's answer, told as such: no read would pass it
            }
            return Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The decimal places the summary's {@code funding_rate} is shifted by to be a fraction: 2 when it is in percent
     * (CoinGecko's convention; XT's example {@code "-0.03"} reads so), 0 when it is a fraction as {@code q/funding-rate}'s
     * {@code fundingRate}; -1 until known. XT does not state it, so it is measured once: the first held symbol with a
     * non-zero summary rate is also read from {@code q/funding-rate}, and the ratio of the two (about 100 or about 1,
     * same sign) decides. Anything else leaves it unknown and funding is read per symbol.
     */
    private volatile int summaryFundingShift = -1;

    /** Funding of {@code symbol} from its summary row; false when the row lacks it or its unit is not known (yet). */
    private boolean fundingFromSummary(String symbol, JsonNode cg) {
        java.math.BigDecimal rate;
        try {
            rate = cg == null || !cg.hasNonNull("funding_rate") ? null : new java.math.BigDecimal(cg.path("funding_rate").asText().trim());
        } catch (NumberFormatException e) {
            rate = null;
        }
        long next = cg == null ? 0 : cg.path("next_funding_rate_timestamp").asLong(0);
        if (rate == null || next <= 0) {
            return false;
        }
        if (summaryFundingShift < 0) {
            if (rate.signum() == 0) {
                return false;   // no ratio to read the unit from: this symbol is read on its own
            }
            double own = fundingOf(symbol)[0];
            summaryFundingShift = shiftOf(rate.doubleValue(), own);
            return true;   // read on its own this time
        }
        double[] before = funding.get(symbol);
        // the summary gives no interval: keep the one read or pushed before (8 h until then); it only rolls a passed time on
        funding.put(symbol, new double[]{rate.movePointLeft(summaryFundingShift).doubleValue(), next,
                before != null && before[2] > 0 ? before[2] : 8 * 3_600_000});
        return true;
    }

    /** 2 when {@code summary} is {@code fraction} in percent, 0 when it is the fraction itself, -1 when it is neither. */
    static int shiftOf(double summary, double fraction) {
        if (!(fraction != 0) || Double.isNaN(fraction) || Math.signum(summary) != Math.signum(fraction)) {
            return -1;
        }
        double ratio = summary / fraction;
        return ratio > 30 && ratio < 300 ? 2 : ratio > 0.3 && ratio < 3 ? 0 : -1;
    }

    @Override
    public String pricingNote() {
        return "xt: XT publishes no cross liquidation formula and no margin-ratio definition: cross liquidation prices and margin ratios "
                + "are perpguard's estimates by XT's isolated rule (maintenance = notional × the tier's rate, no fees)";
    }

    /** XT's leverage brackets ({@code leverage/bracket/detail}, public) of every held and bundled USDT-M symbol. */
    @Override
    public Map<String, RiskTiers> tiers() {
        return tiersOf(symbolsOfInterest());
    }

    @Override
    public Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (String s : symbols) {
            try {
                out.putAll(VenueTierFormats.readResponse(get("/future/market/v1/public/leverage/bracket/detail", Map.of("symbol", s.toLowerCase(Locale.ROOT)), false),
                        Exchange.XT, "XT leverage/bracket " + s));
            } catch (RuntimeException e) {
                // priced without its tiers: the start note says so
            }
        }
        return out;
    }

    /** Contract rules of every held and bundled USDT-M symbol ({@code symbol/detail}: contract size, tick, fees). */
    @Override
    public Map<String, Contract> contracts() {
        symbolsOfInterest().forEach(this::contract);
        return Map.copyOf(contracts);
    }

    @Override
    public Map<String, Contract> contractsOf(Set<String> symbols) {
        Map<String, Contract> out = new LinkedHashMap<>();
        for (String s : symbols) {
            Contract c = contract(s);
            if (c != null) {
                out.put(s, c);
            }
        }
        return out;
    }

    /** {@code GET /future/market/v1/public/q/kline?interval=1h}: [{t, o, c, h, l, a, v}], oldest first. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            JsonNode rows = get("/future/market/v1/public/q/kline", Map.of("symbol", symbol.toLowerCase(Locale.ROOT), "interval", "1h",
                    "limit", Integer.toString(count)), false).path("result");
            List<JsonNode> sorted = new ArrayList<>();
            rows.forEach(sorted::add);
            sorted.sort((a, b) -> Long.compare(a.path("t").asLong(), b.path("t").asLong()));
            int n = sorted.size();
            long[] t = new long[n];
            double[] o = new double[n], h = new double[n], lo = new double[n], c = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                JsonNode r = sorted.get(i);
                t[i] = r.path("t").asLong();
                o[i] = num(r, "o");
                h[i] = num(r, "h");
                lo[i] = num(r, "l");
                c[i] = num(r, "c");
                v[i] = num(r, "a");
            }
            return new CandleSeries(symbol, t, o, h, lo, c, v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Orders read from {@code order/list-history} at once; more since the position was last known tell nothing (null). */
    static final int ORDERS_PAGE = 100;

    /**
     * XT's position list and push carry no opening time and no position id, and its fills ({@code order/trade-list}: orderId,
     * execId, price, quantity, fee, timestamp) carry no side or leg; its orders do. {@code GET /future/trade/v1/order/list-history}
     * (signed; {@code symbol}, {@code startTime}, {@code limit}: {@code {hasNext, items:[{orderId, orderSide BUY|SELL,
     * positionSide LONG|SHORT, executedQty (contracts), createdTime, updatedTime, forceClose …}]}}) lists the account's
     * finished orders from {@link FillReplay#CLOCK_MARGIN_MS} before the moment the position was last known (each order once,
     * those within the margin of that moment tried both in and out of the size last known, {@link FillReplay#reopened});
     * replayed on its leg from the size it had (BUY adds to the
     * signed size, SELL takes away: a long leg's buys and a short leg's sells open), in the order they were last updated, a
     * running size through 0 is a close, and the holding read since is another one. An order created before that moment
     * and filled after it, one still open, a liquidation or ADL that left no order, or a record otherwise incomplete make
     * the orders end elsewhere than the size read: they tell nothing (null), as a page that does not hold them all
     * ({@code hasNext}) or a read that fails — then the watcher tells it by the entry against the candles, as before.
     */
    @Override
    public Boolean reopenedSince(LivePosition earlier, LivePosition now, long sinceMs) {
        String symbol = earlier.symbol();
        long bound = sinceMs + clockOffsetMs;
        double eps = 1e-9 * Math.max(1, Math.max(earlier.qty(), now.qty()));
        try {
            JsonNode r = get(TRADE + "v1/order/list-history", Map.of("symbol", symbol.toLowerCase(Locale.ROOT), "startTime",
                    Long.toString(FillReplay.readFrom(bound)), "limit", Integer.toString(ORDERS_PAGE)), true).path("result");
            if (r.path("hasNext").asBoolean(false)) {
                return null;
            }
            List<JsonNode> orders = new ArrayList<>();
            for (JsonNode o : r.path("items")) {
                if (o.path("positionSide").asText("").equalsIgnoreCase(earlier.positionSide().label()) && optNum(o, "executedQty") > 0) {
                    orders.add(o);
                }
            }
            // in the order they were last updated (FillReplay keeps this order among equal stamps)
            orders.sort(java.util.Comparator.<JsonNode>comparingLong(XtUsdtConnector::updatedAt).thenComparingLong(o -> o.path("createdTime").asLong())
                    .thenComparing(o -> o.path("orderId").asText()));
            double contract = contractSize(symbol);
            List<FillReplay.Fill> fills = new ArrayList<>();
            for (JsonNode o : orders) {
                double q = optNum(o, "executedQty") * contract;
                fills.add(new FillReplay.Fill(o.path("orderId").asText(), updatedAt(o), "SELL".equalsIgnoreCase(o.path("orderSide").asText()) ? -q : q));
            }
            return FillReplay.reopened(fills, bound, earlier.signedQty(), now.signedQty(), eps, true);
        } catch (RuntimeException e) {
            return null;   // told apart by its entry and the prices traded meanwhile instead (the watcher's fallback)
        }
    }

    /** When an order was last updated ({@code updatedTime}, else its {@code createdTime}), on XT's clock. */
    private static long updatedAt(JsonNode o) {
        return o.hasNonNull("updatedTime") ? o.path("updatedTime").asLong() : o.path("createdTime").asLong();
    }

    private Set<String> symbolsOfInterest() {
        Set<String> out = new TreeSet<>();
        VenueInstruments.contracts(Exchange.XT).values().stream().filter(c -> c.type() == ContractType.LINEAR).forEach(c -> out.add(c.symbol()));
        try {
            for (JsonNode p : get("/future/user/v1/position/list", Map.of(), true).path("result")) {
                LivePosition lp = position(p);
                if (lp != null && lp.open()) {
                    out.add(lp.symbol());
                }
            }
        } catch (RuntimeException e) {
            // the bundled symbols still count
        }
        return out;
    }

    /** A USDT-M position (REST list or the {@code position} push), or null for a coin-M one. Sizes are contracts. */
    private LivePosition position(JsonNode p) {
        String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
        if (!symbol.endsWith("_USDT") || "COIN_BASED".equals(p.path("underlyingType").asText())) {
            return null;
        }
        double size = optNum(p, "positionSize");
        size = Double.isNaN(size) ? 0 : Math.abs(size) * contractSize(symbol);
        boolean shortLeg = "SHORT".equalsIgnoreCase(p.path("positionSide").asText());
        MarginMode mode = "ISOLATED".equalsIgnoreCase(p.path("positionType").asText()) ? MarginMode.ISOLATED : MarginMode.CROSS;
        double entry = optNum(p, "entryPrice");
        double margin = mode == MarginMode.ISOLATED ? optNum(p, "isolatedMargin") : 0;
        return LivePosition.signed(symbol, shortLeg ? PositionSide.SHORT : PositionSide.LONG, shortLeg ? -size : size,
                Double.isNaN(entry) ? 0 : entry, optNum(p, "leverage"), mode, Double.isNaN(margin) ? 0 : margin);
    }

    private double contractSize(String symbol) {
        Contract c = contract(symbol);
        if (c == null || !(c.contractSize() > 0)) {
            throw new VenueException(Fault.Kind.MALFORMED, "no contract size for " + symbol + " (symbol/detail)");
        }
        return c.contractSize();
    }

    /** Bundled rules, else {@code GET /future/market/v1/public/symbol/detail} once per symbol. */
    private Contract contract(String symbol) {
        Contract c = contracts.get(symbol);
        if (c != null) {
            return c;
        }
        c = VenueInstruments.contracts(Exchange.XT).get(symbol);
        if (c == null) {
            try {
                JsonNode d = get("/future/market/v1/public/symbol/detail", Map.of("symbol", symbol.toLowerCase(Locale.ROOT)), false).path("result");
                double size = num(d, "contractSize");
                double tick = optNum(d, "minStepPrice");
                double taker = optNum(d, "takerFee"), maker = optNum(d, "makerFee"), liq = optNum(d, "liquidationFee");
                c = new Contract(symbol, Double.isNaN(tick) ? Math.pow(10, -d.path("pricePrecision").asInt(2)) : tick, size, size * Math.max(1, optNum(d, "minQty")),
                        0, Double.isNaN(taker) ? 0.0006 : taker, Double.isNaN(maker) ? 0.0004 : maker, 8, Double.isNaN(liq) ? 0 : liq,
                        Exchange.XT, ContractType.LINEAR, size, "USDT");
            } catch (RuntimeException e) {
                return null;
            }
        }
        contracts.put(symbol, c);
        return c;
    }

    /** The next funding time: XT's nextCollectionTime, moved on by the interval once it has passed. */
    private static long nextFunding(double[] f, long now) {
        long next = (long) f[1];
        if (next <= 0) {
            return 0;
        }
        while (next < now && f[2] > 0) {
            next += (long) f[2];
        }
        return next;
    }

    //-------------------------------------------------------------------------
    @Override
    protected void prepare() {
        syncClock("XT", config.recvWindow().toMillis(), () -> get("/future/market/v1/public/time", Map.of(), false).path("result").asLong());
        listenKey = get("/future/user/v1/user/listen-key", Map.of(), true).path("result").asText();
        listenKeyAtMs = System.currentTimeMillis();
        if (listenKey.isBlank()) {
            throw new VenueException(Fault.Kind.MALFORMED, "listen-key answered without a key");
        }
    }

    /** A listenKey lasts 8 h: after 7 the account socket is renewed (reconnect, new key, REST resync). */
    @Override
    protected void keepalive() {
        if (System.currentTimeMillis() - listenKeyAtMs > LISTEN_KEY_RENEW_MS) {
            dropUserSocket("listenKey renewal");
        }
    }

    @Override
    protected WsConnection openUserSocket(WsConnection.Handler handler) {
        WsConnection c = WsConnection.open(http, uri(ws + "/ws/user"), config.timeout(), handler);
        String k = listenKey;
        c.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"position@" + k + "\",\"balance@" + k + "\",\"notify@" + k + "\"],\"id\":\"user\"}");
        return c;
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return openAndSubscribe("/ws/market", syms, handler);
    }

    @Override
    protected void subscribe(WsConnection market, List<String> syms) {
        for (int i = 0; i < syms.size(); i += 10) {
            List<String> params = new ArrayList<>();
            for (String s : syms.subList(i, Math.min(syms.size(), i + 10))) {
                String lower = s.toLowerCase(Locale.ROOT);
                params.add("\"mark_price@" + lower + "\"");
                params.add("\"fund_rate@" + lower + "\"");
            }
            market.send("{\"method\":\"subscribe\",\"params\":[" + String.join(",", params) + "],\"id\":\"m" + i + "\"}");
        }
    }

    @Override
    protected String pingMessage() {
        return "ping";
    }

    @Override
    protected void onMarketMessage(String text, long receivedNanos) {
        JsonNode n = parse(text, "mark feed");
        if (n == null) {
            return;
        }
        String topic = n.path("topic").asText("");
        if (topic.isEmpty()) {
            if (n.has("code") && n.path("code").asInt(0) != 0) {
                fault(Fault.Kind.MALFORMED, "mark feed refused a subscription (" + n.path("msg").asText("") + ")");
            }
            return;   // subscribe acknowledgement
        }
        try {
            JsonNode d = n.path("data");
            String s = d.path("s").asText().toUpperCase(Locale.ROOT);
            switch (topic) {
                case "mark_price" -> {
                    double mark = num(d, "p");
                    if (!(mark > 0)) {
                        throw new NumberFormatException("p " + d.path("p").asText());
                    }
                    long t = d.path("t").asLong(System.currentTimeMillis());
                    lastMark.put(s, mark);
                    double[] f = funding.get(s);
                    listener.onMark(new MarkUpdate(s, mark, Double.NaN, f == null ? Double.NaN : f[0], f == null ? 0 : nextFunding(f, t), t,
                            receivedNanos, openInterest.getOrDefault(s, Double.NaN)));
                }
                case "fund_rate" -> {
                    double[] f = funding.get(s);
                    funding.put(s, new double[]{num(d, "r"), f == null ? 0 : f[1], f == null ? 8 * 3_600_000 : f[2]});
                }
                default -> {
                    // other topics
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "mark feed " + topic + " frame unreadable (" + e.getMessage() + ")");
        }
    }

    @Override
    protected void onUserMessage(String text) {
        if (text.contains("invalid_listen_key")) {
            fault(Fault.Kind.AUTH, "the account stream's listenKey expired; renewing");
            dropUserSocket("listenKey invalid");
            return;
        }
        JsonNode n = parse(text, "account stream");
        if (n == null) {
            return;
        }
        String topic = n.path("topic").asText("");
        if (topic.isEmpty()) {
            int code = n.path("code").asInt(0);
            if (code != 0) {
                fault(Fault.Kind.AUTH, "the account stream refused the subscription (" + credentials.redact(n.path("msg").asText("")) + ")");
                dropUserSocket("subscription refused");
            }
            return;
        }
        long t = System.currentTimeMillis();
        JsonNode d = n.path("data");
        try {
            switch (topic) {
                case "position" -> {
                    LivePosition lp = position(d);
                    if (lp != null) {
                        listener.onAccountUpdate(new AccountUpdate(t, Double.NaN, List.of(lp), "position"));
                        if (lp.open()) {
                            watchSymbols(Set.of(lp.symbol()));
                        }
                    }
                }
                case "balance" -> {
                    if ("usdt".equalsIgnoreCase(d.path("coin").asText()) && d.path("underlyingType").asInt(2) == 2) {
                        listener.onAccountUpdate(new AccountUpdate(t, num(d, "walletBalance"), List.of(), "balance"));
                    }
                }
                case "notify" -> {
                    String type = d.path("notifyType").asText("");
                    if (type.equals("LIQUIDATION") || type.equals("PARTIAL")) {
                        String s = d.path("symbol").asText().toUpperCase(Locale.ROOT);
                        PositionSide leg = "SHORT".equalsIgnoreCase(d.path("positionSide").asText()) ? PositionSide.SHORT : PositionSide.LONG;
                        listener.onLiquidation(s, leg.label(), lastMark.getOrDefault(s, Double.NaN), t);
                    }
                }
                default -> {
                    // order, trade
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + topic + " unreadable (" + credentials.redact(e.getMessage()) + ")");
        }
    }

    /**
     * The account's fee rates: {@code GET /future/user/v1/user/step-rate}, signed, 200/s per key (SPEC.md §3.2: "user fee
     * rate"); {@code result} {@code {makerFee, takerFee}}, fractions, one pair for the whole account (every symbol).
     */
    @Override
    public io.perpguard.live.venue.FeeRates accountFees(String symbol) {
        String path = USER + "v1/user/step-rate";
        JsonNode r = get(path, Map.of(), true).path("result");
        return new io.perpguard.live.venue.FeeRates(num(r, "takerFee"), num(r, "makerFee"), "GET " + path);
    }

    /** step-rate has no symbol: one read serves every symbol of the account. */
    @Override
    public String feeScope(String symbol) {
        return "";
    }

    //-------------------------------------------------------------------------
    private JsonNode get(String path, Map<String, String> params, boolean signed) {
        String query = XtSigner.sortedQuery(params);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(rest + path + (query.isEmpty() ? "" : "?" + query))).GET();
        if (signed) {
            long ts = System.currentTimeMillis() + clockOffsetMs;
            b.header("validate-appkey", credentials.apiKey()).header("validate-timestamp", Long.toString(ts))
                    .header("validate-recvwindow", Long.toString(config.recvWindow().toMillis())).header("validate-algorithms", "HmacSHA256")
                    .header("validate-signature", signer.sign(ts, path, query, ""));
        }
        return call(b, path);
    }

    /** XT's envelope: {@code returnCode} 0 when fine, else {@code error.code} / {@code error.msg}. */
    @Override
    protected VenueException error(int status, JsonNode body, String path) {
        int rc = body == null ? -1 : body.path("returnCode").asInt(status / 100 == 2 ? 0 : -1);
        if (status / 100 == 2 && rc == 0) {
            return null;
        }
        String code = body == null ? "" : body.path("error").path("code").asText("");
        String text = body == null ? "" : body.path("error").path("msg").asText(body.path("msgInfo").asText(""));
        String msg = path + " answered HTTP " + status + " " + code + " " + text;
        String lower = (code + " " + text).toLowerCase(Locale.ROOT);
        if (lower.contains("timestamp") || lower.contains("recvwindow")) {
            return new VenueException(Fault.Kind.CLOCK_SKEW, msg);
        }
        if (status == 401 || status == 403 || lower.contains("signature") || lower.contains("apikey") || lower.contains("auth")
                || code.equals("401") || code.equals("403")) {
            return new VenueException(Fault.Kind.AUTH, msg);
        }
        if (status == 429 || code.equals("429") || lower.contains("too_many") || lower.contains("frequent")) {
            return lock(path + " answered HTTP " + status + " " + code, 0);   // in the envelope (ccxt maps XT's code "429" so)
        }
        return new VenueException(Fault.Kind.DISCONNECTED, msg);
    }
}
