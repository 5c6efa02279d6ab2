package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.FillReplay;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.StreamingConnector;
import io.perpguard.live.venue.VenueFill;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.WsConnection;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.market.CandleSeries;
import io.perpguard.venue.Exchange;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Binance's two futures APIs share — USDⓈ-M ({@code /fapi}) and COIN-M ({@code /dapi}): HMAC-SHA256 signing
 * ({@link BinanceSigner}), the key check on {@code /sapi/v1/account/apiRestrictions}, the listenKey's life (POST at every
 * (re)connect, PUT as keepalive, DELETE at close), the {@code markPriceUpdate}, {@code ACCOUNT_UPDATE} and
 * {@code ORDER_TRADE_UPDATE} frames, {@code premiumIndex}, {@code openInterest}, {@code klines}, {@code leverageBracket}
 * and the {@code {"code":..,"msg":..}} error body. A product names its hosts, paths and socket URLs and maps the venue's
 * sizes and wallets to the engine's ({@link #size}, {@link #snapshotOf}, {@link #updateOf}).
 */
public abstract class BinanceFuturesConnector extends StreamingConnector {
    public static final String DEFAULT_SAPI = "https://api.binance.com";

    protected final BinanceSigner signer;
    private final String sapi;
    /** The API's path root: {@code /fapi} or {@code /dapi}. */
    protected final String api;
    private final AtomicInteger requestId = new AtomicInteger();
    protected volatile String listenKey;

    protected BinanceFuturesConnector(Credentials credentials, ConnectorConfig config, String defaultRest, String defaultWs, String api) {
        super(credentials, config, defaultRest, defaultWs);
        this.signer = new BinanceSigner(credentials, config.recvWindow().toMillis());
        this.sapi = ConnectorConfig.base(config.accountUrl(), config.restUrl() != null ? rest : DEFAULT_SAPI);
        this.api = api;
    }

    //------------------------------------------------------------------------- what a product supplies
    /** Signed account read (wallets): {@code /fapi/v2/account}, {@code /dapi/v1/account}. */
    protected abstract String accountPath();

    /** Signed positions read: {@code /fapi/v2/positionRisk}, {@code /dapi/v1/positionRisk}. */
    protected abstract String positionRiskPath();

    /** Signed brackets read and the venue whose format it is. */
    protected abstract String bracketPath();

    protected abstract Exchange bracketExchange();

    /** The account socket's URL for this listenKey. */
    protected abstract String userSocketUrl(String listenKey);

    /** The mark socket's URL for these stream names ({@code btcusdt@markPrice@1s}). */
    protected abstract String marketSocketUrl(List<String> streams);

    /** The snapshot from the wallets by asset ({@code assets[].walletBalance}) and the account object itself. */
    protected abstract AccountSnapshot snapshotOf(long timeMs, Map<String, Double> wallets, JsonNode account, List<LivePosition> positions,
                                                  Map<String, Double> marks, Map<String, MarkUpdate> funding);

    /** An account push from the wallets it carries by asset ({@code B[].wb}). */
    protected abstract AccountUpdate updateOf(long eventTimeMs, Map<String, Double> wallets, List<LivePosition> positions, String reason);

    /** The engine's quantity of a venue position amount (signed): USDⓈ-M's base units as they are. */
    protected double size(String symbol, double amount) {
        return amount;
    }

    /** An isolated position's wallet in a positionRisk row. */
    protected double isolatedWallet(JsonNode p) {
        return num(p, "isolatedWallet");
    }

    /** Open interest in base units from the venue's figure (USDⓈ-M: base units already). */
    protected double openInterestInBase(String symbol, double venueFigure, double mark) {
        return venueFigure;
    }

    /** Called before a snapshot reads the account (COIN-M: the contract sizes). */
    protected void beforeSnapshot() {
    }

    //------------------------------------------------------------------------- key and REST
    @Override
    public String checkPermissions(boolean allowTrading) {
        JsonNode r = get(sapi, "/sapi/v1/account/apiRestrictions", "", true);
        boolean withdraw = r.path("enableWithdrawals").asBoolean(false);
        boolean trade = r.path("enableFutures").asBoolean(false) || r.path("enableSpotAndMarginTrading").asBoolean(false)
                || r.path("enableMargin").asBoolean(false) || r.path("enableVanillaOptions").asBoolean(false);
        String desc = "reading " + (r.path("enableReading").asBoolean(false) ? "on" : "off") + ", trading " + (trade ? "on" : "off")
                + ", withdrawals " + (withdraw ? "on" : "off");
        return refuseTradingKey("Binance", trade, withdraw, desc, allowTrading);
    }

    @Override
    public AccountSnapshot snapshot() {
        long now = System.currentTimeMillis();
        beforeSnapshot();
        JsonNode account = get(rest, accountPath(), "", true);
        JsonNode risk = get(rest, positionRiskPath(), "", true);
        Map<String, Double> wallets = new LinkedHashMap<>();
        for (JsonNode a : account.path("assets")) {
            if (a.hasNonNull("walletBalance")) {
                wallets.put(a.path("asset").asText().toUpperCase(Locale.ROOT), num(a, "walletBalance"));
            }
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
            MarginMode mode = mode(p.path("marginType").asText());
            positions.add(LivePosition.signed(symbol, side(p.path("positionSide").asText("BOTH")), size(symbol, amt), num(p, "entryPrice"),
                    num(p, "leverage"), mode, mode == MarginMode.ISOLATED ? isolatedWallet(p) : 0));
        }
        Map<String, MarkUpdate> funding = new HashMap<>();
        if (!positions.isEmpty()) {
            // all symbols at once: funding rate and next funding time for the table and the funding rule
            for (JsonNode p : get(rest, api + "/v1/premiumIndex", "", false)) {
                String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
                if (marks.containsKey(symbol) && p.hasNonNull("lastFundingRate")) {
                    funding.put(symbol, new MarkUpdate(symbol, marks.get(symbol), optNum(p, "indexPrice"), optNum(p, "lastFundingRate"),
                            p.path("nextFundingTime").asLong(0), p.path("time").asLong(now), System.nanoTime(),
                            openInterest(symbol, marks.get(symbol))));
                }
            }
        }
        return snapshotOf(now, wallets, account, positions, marks, funding);
    }

    /** Open interest in base units ({@code GET <api>/v1/openInterest}, weight 1; the mark stream has none); NaN when refused. */
    private double openInterest(String symbol, double mark) {
        try {
            return openInterestInBase(symbol, optNum(get(rest, api + "/v1/openInterest", "symbol=" + symbol, false), "openInterest"), mark);
        } catch (VenueException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The account's leverage brackets; empty when the venue refuses. */
    @Override
    public Map<String, RiskTiers> tiers() {
        try {
            // a live response: fields Binance adds later are ignored, not refused
            return io.perpguard.data.instrument.VenueTierFormats.readResponse(get(rest, bracketPath(), "", true), bracketExchange(),
                    "Binance " + api.substring(1) + " leverageBracket");
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The account's commission on {@code symbol}: {@code GET /fapi/v1/commissionRate} (USDⓈ-M) or {@code /dapi/v1/commissionRate}
     * (COIN-M), signed, weight 20: {@code {"symbol","makerCommissionRate","takerCommissionRate"}}, fractions (0.0002 = 0.02 %).
     */
    @Override
    public io.perpguard.live.venue.FeeRates accountFees(String symbol) {
        String path = api + "/v1/commissionRate";
        JsonNode r = get(rest, path, "symbol=" + symbol, true);
        return new io.perpguard.live.venue.FeeRates(num(r, "takerCommissionRate"), num(r, "makerCommissionRate"), "GET " + path);
    }

    /** exchangeInfo's symbol entries by symbol (upper case), as listed: {@code GET <api>/v1/exchangeInfo}, public, weight 1. */
    protected final Map<String, JsonNode> exchangeInfoSymbols() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode s : get(rest, api + "/v1/exchangeInfo", "", false).path("symbols")) {
            String symbol = s.path("symbol").asText().toUpperCase(Locale.ROOT);
            if (!symbol.isEmpty()) {
                out.put(symbol, s);
            }
        }
        return out;
    }

    /**
     * One exchangeInfo symbol's trading rules from its {@code filters}, alike on USDⓈ-M and COIN-M: the tick
     * ({@code PRICE_FILTER.tickSize}), the step and minimum quantity ({@code LOT_SIZE.stepSize}, {@code minQty}: COIN-M's in
     * contracts) and the minimum notional ({@code MIN_NOTIONAL.notional}, USDⓈ-M only); NaN where the symbol lists no such filter.
     */
    record Filters(double tick, double step, double minQty, double minNotional) {
        static Filters of(JsonNode symbol) {
            double tick = Double.NaN, step = Double.NaN, minQty = Double.NaN, minNotional = Double.NaN;
            for (JsonNode f : symbol.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> tick = num(f, "tickSize");
                    case "LOT_SIZE" -> {
                        step = num(f, "stepSize");
                        minQty = num(f, "minQty");
                    }
                    case "MIN_NOTIONAL" -> minNotional = num(f, "notional");
                    default -> {
                    }
                }
            }
            return new Filters(tick, step, minQty, minNotional);
        }

        /** {@code v}, or {@code absent} where its filter was not listed. */
        static double or(double v, double absent) {
            return Double.isNaN(v) ? absent : v;
        }
    }

    /** userTrades' page size: Binance's most per request. */
    static final int TRADES_PAGE = 1_000;

    /**
     * Binance reports no opening time (positionRisk's {@code updateTime} is the last change, an add's as well as a reopening's):
     * the account's own fills tell it. {@code GET <api>/v1/userTrades?symbol=&startTime=} (signed, weight 5; 7 days at most,
     * 1,000 fills a page, then {@code fromId}) lists every fill from {@link FillReplay#CLOCK_MARGIN_MS} before the position was
     * last known (its local moment plus the measured clock offset: a fill made just after it can be stamped just before);
     * replayed on its leg ({@code positionSide}) from the size it had ({@code BUY} adds, {@code SELL} takes away), each trade
     * {@code id} once, those within the margin of that moment tried both in and out of the size last known
     * ({@link FillReplay#reopened}): a running size through 0 is a close, and the holding read since is another one. Fills
     * that end elsewhere than the size read (the record incomplete here), splits near the moment that disagree, a gap beyond
     * 7 days or a read that fails tell nothing: null.
     */
    @Override
    public Boolean reopenedSince(LivePosition earlier, LivePosition now, long sinceMs) {
        long venueNow = System.currentTimeMillis() + clockOffsetMs;
        long bound = sinceMs + clockOffsetMs;
        long start = FillReplay.readFrom(bound);
        if (venueNow - start > 7 * 86_400_000L) {
            return null;
        }
        String symbol = earlier.symbol();
        double eps = 1e-9 * Math.max(1, Math.max(earlier.qty(), now.qty()));
        List<FillReplay.Fill> fills = new ArrayList<>();
        try {
            long fromId = -1;
            for (int page = 0; page < 5; page++) {
                JsonNode read = get(rest, api + "/v1/userTrades", "symbol=" + symbol
                        + (fromId < 0 ? "&startTime=" + start : "&fromId=" + fromId) + "&limit=" + TRADES_PAGE, true);
                for (JsonNode t : read) {
                    if (side(t.path("positionSide").asText("BOTH")) == earlier.positionSide()) {
                        double q = Math.abs(size(symbol, num(t, "qty")));
                        fills.add(new FillReplay.Fill(t.path("id").asText(), t.path("time").asLong(),
                                "SELL".equalsIgnoreCase(t.path("side").asText()) ? -q : q));
                    }
                }
                if (read.size() < TRADES_PAGE) {
                    return FillReplay.reopened(fills, bound, earlier.signedQty(), now.signedQty(), eps, true);
                }
                fromId = read.get(read.size() - 1).path("id").asLong() + 1;
            }
        } catch (RuntimeException e) {
            return null;   // told apart by its entry and the prices traded meanwhile instead (the watcher's fallback)
        }
        return FillReplay.reopened(fills, bound, earlier.signedQty(), now.signedQty(), eps, false);   // more than 5 pages: a crossing tells
    }

    /** {@code GET <api>/v1/klines?interval=1h} (public): rows of [openTime, open, high, low, close, volume, ...]. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            return candles(symbol, get(rest, api + "/v1/klines", "symbol=" + symbol + "&interval=1h&limit=" + count, false), false);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty; marks and alerts do not depend on it
        }
    }

    //------------------------------------------------------------------------- sockets
    @Override
    protected void prepare() {
        syncClock("Binance", signer.recvWindowMs(), () -> get(rest, api + "/v1/time", "", false).path("serverTime").asLong());
        listenKey = send("POST", api + "/v1/listenKey").path("listenKey").asText();
    }

    @Override
    protected WsConnection openUserSocket(WsConnection.Handler handler) {
        return WsConnection.open(http, uri(userSocketUrl(listenKey)), config.timeout(), handler);
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return WsConnection.open(http, uri(marketSocketUrl(syms.stream().map(BinanceFuturesConnector::stream).toList())), config.timeout(), handler);
    }

    @Override
    protected void subscribe(WsConnection market, List<String> syms) {
        market.send("{\"method\":\"SUBSCRIBE\",\"params\":[" + String.join(",", syms.stream().map(s -> "\"" + stream(s) + "\"").toList())
                + "],\"id\":" + requestId.incrementAndGet() + "}");
    }

    private static String stream(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@markPrice@1s";
    }

    /** listenKey keepalive (PUT), every {@link ConnectorConfig#keepaliveEvery()}. */
    @Override
    protected void keepalive() {
        if (listenKey != null) {
            send("PUT", api + "/v1/listenKey");
        }
    }

    @Override
    protected void onClose() {
        if (listenKey != null) {
            try {
                send("DELETE", api + "/v1/listenKey");
            } catch (RuntimeException ignored) {
                // best effort: the key expires after 60 min anyway
            }
        }
    }

    //------------------------------------------------------------------------- frames
    @Override
    protected void onMarketMessage(String text, long receivedNanos) {
        JsonNode n = parse(text, "mark feed");
        if (n == null) {
            return;
        }
        JsonNode d = n.has("data") ? n.get("data") : n;
        if (!"markPriceUpdate".equals(d.path("e").asText())) {
            return;   // subscribe acks, other events
        }
        try {
            MarkUpdate m = markUpdate(d, receivedNanos);
            listener.onMark(m);
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "mark feed frame unreadable (" + e.getMessage() + ")");
        }
    }

    /** A {@code markPriceUpdate} frame's data ({@code r} is "" and {@code T} 0 for a delivery contract: no funding). */
    static MarkUpdate markUpdate(JsonNode d, long receivedNanos) {
        MarkUpdate m = new MarkUpdate(d.path("s").asText().toUpperCase(Locale.ROOT), num(d, "p"), optNum(d, "i"),
                optNum(d, "r"), d.path("T").asLong(0), d.path("E").asLong(0), receivedNanos);
        if (!(m.mark() > 0) || m.symbol().isEmpty()) {
            throw new NumberFormatException("mark " + d.path("p").asText());
        }
        return m;
    }

    @Override
    protected void onUserMessage(String text) {
        JsonNode n = parse(text, "account stream");
        if (n == null) {
            return;
        }
        JsonNode d = n.has("data") ? n.get("data") : n;
        String event = d.path("e").asText();
        try {
            switch (event) {
                case "ACCOUNT_UPDATE" -> {
                    AccountUpdate u = accountUpdate(d);
                    listener.onAccountUpdate(u);
                    Set<String> opened = new LinkedHashSet<>();
                    for (LivePosition p : u.positions()) {
                        if (p.open()) {
                            opened.add(p.symbol());
                        }
                    }
                    watchSymbols(opened);
                }
                case "ORDER_TRADE_UPDATE" -> {
                    JsonNode o = d.path("o");
                    VenueFill fill = "TRADE".equals(o.path("x").asText()) ? fill(o, d.path("E").asLong()) : null;
                    if (fill != null) {
                        // told first: a liquidation reported after the update that closed the position relabels that close's
                        // line, which this trade's figures go on first
                        listener.onFill(fill);
                    }
                    if ("LIQUIDATION".equals(o.path("o").asText()) && "FILLED".equals(o.path("X").asText())) {
                        listener.onLiquidation(o.path("s").asText().toUpperCase(Locale.ROOT), side(o.path("ps").asText("BOTH")).label(),
                                optNum(o, "ap"), d.path("E").asLong());
                    }
                }
                case "listenKeyExpired" -> dropUserSocket("listenKey expired");
                default -> {
                    // MARGIN_CALL and others: our own rules judge the margin ratio
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + event + " unreadable (" + e.getMessage() + ")");
        }
    }

    /**
     * An {@code ORDER_TRADE_UPDATE}'s order ({@code o}) of execution type {@code TRADE}: its last fill {@code l}, the trade's
     * realized profit {@code rp}, its commission {@code n} in {@code N} (both absent where none was charged; a commission
     * is a fee paid, as Binance's Event: Order Update lists them), the trade time {@code T}. The size in the position's
     * units ({@link #size}: contracts on COIN-M, as its positions). Null where the frame lacks the quantity or the realized
     * profit, or where they are not numbers (no figures to give; the order's other news — a liquidation — is read all the same).
     * The price it traded at is this fill's {@code L}, not the order's average {@code ap} (NaN where missing or 0).
     */
    VenueFill fill(JsonNode o, long eventTimeMs) {
        String symbol = o.path("s").asText().toUpperCase(Locale.ROOT);
        double qty, rp, fee, price;
        try {
            qty = optNum(o, "l");
            price = optNum(o, "L");   // "Last Filled Price": Binance USDⓈ-M / COIN-M user data stream, "Event: Order Update"
            rp = optNum(o, "rp");
            fee = optNum(o, "n");
        } catch (NumberFormatException e) {
            return null;
        }
        if (!(qty > 0) || !Double.isFinite(qty) || !Double.isFinite(rp)) {
            return null;
        }
        return new VenueFill(symbol, side(o.path("ps").asText("BOTH")).label(), "BUY".equalsIgnoreCase(o.path("S").asText()),
                Math.abs(size(symbol, qty)), rp, Double.isFinite(fee) ? fee : 0,
                Double.isFinite(fee) && o.hasNonNull("N") ? o.path("N").asText().toUpperCase(Locale.ROOT) : null, o.path("T").asLong(eventTimeMs),
                price > 0 ? price : Double.NaN);
    }

    /** An {@code ACCOUNT_UPDATE} event's data: wallets by asset ({@code B}) and the positions it carries ({@code P}). */
    AccountUpdate accountUpdate(JsonNode d) {
        JsonNode a = d.path("a");
        Map<String, Double> wallets = new LinkedHashMap<>();
        for (JsonNode b : a.path("B")) {
            wallets.put(b.path("a").asText().toUpperCase(Locale.ROOT), num(b, "wb"));
        }
        List<LivePosition> ps = new ArrayList<>();
        for (JsonNode p : a.path("P")) {
            String symbol = p.path("s").asText().toUpperCase(Locale.ROOT);
            MarginMode mode = mode(p.path("mt").asText());
            ps.add(LivePosition.signed(symbol, side(p.path("ps").asText("BOTH")), size(symbol, num(p, "pa")), num(p, "ep"), Double.NaN,
                    mode, mode == MarginMode.ISOLATED ? num(p, "iw") : 0));
        }
        return updateOf(d.path("E").asLong(), wallets, ps, a.path("m").asText(""));
    }

    //------------------------------------------------------------------------- REST plumbing
    /** Local-clock offset to Binance's clock found at the last (re)connect, ms. */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    protected JsonNode get(String base, String path, String params, boolean signed) {
        String q = signed ? signer.signedQuery(params, System.currentTimeMillis() + clockOffsetMs) : params;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(base + path + (q.isEmpty() ? "" : "?" + q))).GET();
        if (signed) {
            b.header("X-MBX-APIKEY", credentials.apiKey());
        }
        return call(b, path);
    }

    /** USER_STREAM calls: the key header, no signature. */
    private JsonNode send(String method, String path) {
        return call(HttpRequest.newBuilder(uri(rest + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-MBX-APIKEY", credentials.apiKey()), path);
    }

    /** Binance errors: {@code {"code":-1021,"msg":...}} with a non-2xx status. */
    @Override
    protected VenueException error(int status, JsonNode body, String path) {
        if (status / 100 == 2) {
            return null;
        }
        int code = body == null ? 0 : body.path("code").asInt(0);
        String msg = body == null ? "" : body.path("msg").asText("");
        Fault.Kind kind = code == -1021 ? Fault.Kind.CLOCK_SKEW
                : code == -2014 || code == -2015 || code == -1022 || status == 401 ? Fault.Kind.AUTH : Fault.Kind.DISCONNECTED;
        return new VenueException(kind, path + " answered HTTP " + status + " " + code + " " + msg);
    }

    static PositionSide side(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "LONG" -> PositionSide.LONG;
            case "SHORT" -> PositionSide.SHORT;
            default -> PositionSide.BOTH;
        };
    }

    static MarginMode mode(String s) {
        return s.toLowerCase(Locale.ROOT).startsWith("isolated") ? MarginMode.ISOLATED : MarginMode.CROSS;
    }
}
