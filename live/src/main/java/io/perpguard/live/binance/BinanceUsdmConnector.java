package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.StreamingConnector;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.WsConnection;
import io.perpguard.margin.MarginMode;
import io.perpguard.market.CandleSeries;
import io.perpguard.margin.PositionSide;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binance USDⓈ-M futures, read-only. REST {@code /fapi} (signed account and positions, listenKey), the 2026 split
 * WebSocket bases: marks on {@code <ws>/market/stream?streams=<sym>@markPrice@1s/...}, user data on
 * {@code <ws>/private/ws?listenKey=..&events=..}. After every (re)connect: new listenKey, user socket, REST
 * snapshot, then marks — so nothing that changed while disconnected is missed. A market socket silent for
 * {@link ConnectorConfig#silence()} is dropped and reopened; HTTP 429/418 stop all REST calls until Retry-After.
 */
public final class BinanceUsdmConnector extends StreamingConnector {
    public static final String DEFAULT_REST = "https://fapi.binance.com";
    public static final String DEFAULT_WS = "wss://fstream.binance.com";
    public static final String DEFAULT_SAPI = "https://api.binance.com";
    /** User-data events this connector reads (the private base treats {@code events} as an allow list). */
    static final String EVENTS = "ACCOUNT_UPDATE/ORDER_TRADE_UPDATE/MARGIN_CALL/listenKeyExpired";

    private final BinanceSigner signer;
    private final String sapi;
    private final AtomicInteger requestId = new AtomicInteger();
    private volatile String listenKey;

    public BinanceUsdmConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS);
        this.signer = new BinanceSigner(credentials, config.recvWindow().toMillis());
        this.sapi = ConnectorConfig.base(config.accountUrl(), config.restUrl() != null ? rest : DEFAULT_SAPI);
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
        return refuseTradingKey("Binance", trade, withdraw, desc, allowTrading);
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
            positions.add(LivePosition.signed(symbol, side(p.path("positionSide").asText("BOTH")), amt, num(p, "entryPrice"),
                    num(p, "leverage"), mode(p.path("marginType").asText()), num(p, "isolatedWallet")));
        }
        Map<String, MarkUpdate> funding = new HashMap<>();
        if (!positions.isEmpty()) {
            // all symbols at once (weight 10): funding rate and next funding time for the table and the funding rule
            for (JsonNode p : get(rest, "/fapi/v1/premiumIndex", "", false)) {
                String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
                if (marks.containsKey(symbol) && p.hasNonNull("lastFundingRate")) {
                    funding.put(symbol, new MarkUpdate(symbol, marks.get(symbol), optNum(p, "indexPrice"), optNum(p, "lastFundingRate"),
                            p.path("nextFundingTime").asLong(0), p.path("time").asLong(now), System.nanoTime(), openInterest(symbol)));
                }
            }
        }
        return new AccountSnapshot(now, wallet, positions, marks, funding);
    }

    /** Open interest in base units ({@code GET /fapi/v1/openInterest}, weight 1; the mark stream has none); NaN when refused. */
    private double openInterest(String symbol) {
        try {
            return optNum(get(rest, "/fapi/v1/openInterest", "symbol=" + symbol, false), "openInterest");
        } catch (VenueException e) {
            return Double.NaN;
        }
    }

    /** The account's leverage brackets ({@code GET /fapi/v1/leverageBracket}); empty when the venue refuses. */
    @Override
    public Map<String, RiskTiers> tiers() {
        try {
            // a live response: fields Binance adds later are ignored, not refused
            return io.perpguard.data.instrument.VenueTierFormats.readResponse(get(rest, "/fapi/v1/leverageBracket", "", true),
                    io.perpguard.venue.Exchange.BINANCE, "Binance leverageBracket");
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** {@code GET /fapi/v1/klines?interval=1h} (public): rows of [openTime, open, high, low, close, volume, ...]. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            return candles(symbol, get(rest, "/fapi/v1/klines", "symbol=" + symbol + "&interval=1h&limit=" + count, false), false);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty; marks and alerts do not depend on it
        }
    }

    //-------------------------------------------------------------------------
    @Override
    protected void prepare() {
        syncClock("Binance", signer.recvWindowMs(), () -> get(rest, "/fapi/v1/time", "", false).path("serverTime").asLong());
        listenKey = send("POST", "/fapi/v1/listenKey").path("listenKey").asText();
    }

    @Override
    protected WsConnection openUserSocket(WsConnection.Handler handler) {
        return WsConnection.open(http, uri(ws + "/private/ws?listenKey=" + listenKey + "&events=" + EVENTS), config.timeout(), handler);
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return WsConnection.open(http, uri(ws + "/market/stream?streams=" + String.join("/", syms.stream().map(BinanceUsdmConnector::stream).toList())),
                config.timeout(), handler);
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
            send("PUT", "/fapi/v1/listenKey");
        }
    }

    @Override
    protected void onClose() {
        if (listenKey != null) {
            try {
                send("DELETE", "/fapi/v1/listenKey");
            } catch (RuntimeException ignored) {
                // best effort: the key expires after 60 min anyway
            }
        }
    }

    //-------------------------------------------------------------------------
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
                    JsonNode a = d.path("a");
                    double wallet = Double.NaN;
                    for (JsonNode b : a.path("B")) {
                        if ("USDT".equals(b.path("a").asText())) {
                            wallet = num(b, "wb");
                        }
                    }
                    List<LivePosition> ps = new ArrayList<>();
                    for (JsonNode p : a.path("P")) {
                        ps.add(LivePosition.signed(p.path("s").asText().toUpperCase(Locale.ROOT), side(p.path("ps").asText("BOTH")),
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
                case "listenKeyExpired" -> dropUserSocket("listenKey expired");
                default -> {
                    // MARGIN_CALL and others: our own rules judge the margin ratio
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + event + " unreadable (" + e.getMessage() + ")");
        }
    }

    //-------------------------------------------------------------------------
    /** Local-clock offset to Binance's clock found at the last (re)connect, ms. */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    private JsonNode get(String base, String path, String params, boolean signed) {
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
}
