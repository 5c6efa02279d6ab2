package io.perpguard.live.bybit;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.perpguard.margin.PositionSide;
import io.perpguard.market.CandleSeries;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bybit V5 USDT perpetuals (category {@code linear}, unified trading account), read-only. REST: wallet balance,
 * account margin mode, positions (signed headers), tickers for funding. Public socket
 * {@code <ws>/v5/public/linear} with {@code tickers.<SYMBOL>} (a snapshot, then deltas merged into it: "if a field is
 * not in the message, it has not changed"); private socket {@code <ws>/v5/private} authenticated with
 * {@code GET/realtime}, topics {@code position}, {@code wallet}, {@code execution} (a {@code BustTrade} execution is a
 * liquidation). Bybit asks for a {@code ping} every 20 s.
 */
public final class BybitLinearConnector extends StreamingConnector {
    public static final String DEFAULT_REST = "https://api.bybit.com";
    public static final String DEFAULT_WS = "wss://stream.bybit.com";

    private final BybitSigner signer;
    private final Map<String, JsonNode> tickers = new ConcurrentHashMap<>();   // last merged ticker per symbol
    private volatile MarginMode accountMode = MarginMode.CROSS;

    public BybitLinearConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS);
        this.signer = new BybitSigner(credentials, config.recvWindow().toMillis());
    }

    @Override
    public String venue() {
        return "bybit";
    }

    /** {@code GET /v5/user/query-api}: {@code readOnly} 1 = read only; a {@code Withdraw} wallet permission can withdraw. */
    @Override
    public String checkPermissions(boolean allowTrading) {
        JsonNode r = get("/v5/user/query-api", "", true).path("result");
        boolean readOnly = r.path("readOnly").asInt(0) == 1;
        boolean withdraw = false;
        for (JsonNode p : r.path("permissions").path("Wallet")) {
            withdraw |= p.asText().equalsIgnoreCase("Withdraw");
        }
        String desc = "read-only " + (readOnly ? "yes" : "no") + ", withdrawals " + (withdraw ? "on" : "off");
        return refuseTradingKey("Bybit", !readOnly, withdraw, desc, allowTrading);
    }

    @Override
    public AccountSnapshot snapshot() {
        long now = System.currentTimeMillis();
        String mode = get("/v5/account/info", "", true).path("result").path("marginMode").asText("REGULAR_MARGIN");
        accountMode = mode.equals("ISOLATED_MARGIN") ? MarginMode.ISOLATED : MarginMode.CROSS;
        JsonNode wb = get("/v5/account/wallet-balance", "accountType=UNIFIED", true).path("result").path("list");
        double wallet = Double.NaN;
        for (JsonNode acct : wb) {
            for (JsonNode c : acct.path("coin")) {
                if ("USDT".equals(c.path("coin").asText())) {
                    wallet = num(c, "walletBalance");
                }
            }
            if (Double.isNaN(wallet)) {
                wallet = num(acct, "totalWalletBalance");
            }
        }
        List<LivePosition> positions = new ArrayList<>();
        Map<String, Double> marks = new HashMap<>();
        String cursor = "";
        do {
            JsonNode res = get("/v5/position/list", "category=linear&settleCoin=USDT&limit=200" + (cursor.isEmpty() ? "" : "&cursor=" + cursor), true)
                    .path("result");
            for (JsonNode p : res.path("list")) {
                LivePosition lp = position(p);
                double mark = optNum(p, "markPrice");
                if (mark > 0) {
                    marks.put(lp.symbol(), mark);
                }
                if (lp.open()) {
                    positions.add(lp);
                }
            }
            cursor = res.path("nextPageCursor").asText("");
        } while (!cursor.isEmpty());
        Map<String, MarkUpdate> funding = new HashMap<>();
        if (!positions.isEmpty()) {
            for (JsonNode t : get("/v5/market/tickers", "category=linear", false).path("result").path("list")) {
                String s = t.path("symbol").asText();
                if (marks.containsKey(s)) {
                    funding.put(s, new MarkUpdate(s, marks.get(s), optNum(t, "indexPrice"), optNum(t, "fundingRate"),
                            t.path("nextFundingTime").asLong(0), now, System.nanoTime()));
                }
            }
        }
        return new AccountSnapshot(now, wallet, positions, marks, funding);
    }

    /**
     * Bybit's own risk limits ({@code GET /v5/market/risk-limit?category=linear}, public) of every held and bundled
     * USDT perpetual, read with the venue tier reader (fractions vs percent decided per row); empty when unreadable.
     */
    @Override
    public Map<String, RiskTiers> tiers() {
        Set<String> wanted = new java.util.TreeSet<>(held());
        VenueInstruments.contracts(Exchange.BYBIT_UTA).values().stream().filter(c -> c.type() == ContractType.LINEAR).forEach(c -> wanted.add(c.symbol()));
        return tiersOf(wanted);
    }

    @Override
    public Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        Map<String, RiskTiers> out = new java.util.LinkedHashMap<>();
        for (String s : symbols) {
            try {
                out.putAll(VenueTierFormats.readResponse(get("/v5/market/risk-limit", "category=linear&symbol=" + s, false), Exchange.BYBIT_UTA,
                        "Bybit risk-limit " + s));
            } catch (RuntimeException e) {
                // this symbol keeps the estimate (the start note says so)
            }
        }
        return out;
    }

    /**
     * Contract rules of held USDT perpetuals perpguard does not bundle ({@code GET /v5/market/instruments-info}, public:
     * tick, quantity step, minimum quantity, funding interval); Bybit linear quantities are base units.
     */
    @Override
    public Map<String, Contract> contracts() {
        return contractsOf(held());
    }

    @Override
    public Map<String, Contract> contractsOf(Set<String> symbols) {
        Map<String, Contract> bundled = VenueInstruments.contracts(Exchange.BYBIT_UTA);
        Map<String, Contract> out = new java.util.LinkedHashMap<>();
        for (String s : symbols) {
            if (bundled.containsKey(s)) {
                continue;
            }
            try {
                JsonNode i = get("/v5/market/instruments-info", "category=linear&symbol=" + s, false).path("result").path("list").path(0);
                double step = num(i.path("lotSizeFilter"), "qtyStep");
                double minQty = optNum(i.path("lotSizeFilter"), "minOrderQty");
                int fundingHours = Math.max(1, Math.min(24, i.path("fundingInterval").asInt(480) / 60));
                out.put(s, new Contract(s, num(i.path("priceFilter"), "tickSize"), step, Double.isNaN(minQty) ? step : minQty, 0, 0.00055, 0.0002,
                        fundingHours, 0, Exchange.BYBIT_UTA, ContractType.LINEAR, 0, "USDT"));
            } catch (RuntimeException e) {
                // without its rules the symbol is shown unpriced
            }
        }
        return out;
    }

    /** Symbols of the open USDT-perpetual positions (empty when the list cannot be read). */
    private Set<String> held() {
        Set<String> out = new java.util.TreeSet<>();
        try {
            for (JsonNode p : get("/v5/position/list", "category=linear&settleCoin=USDT&limit=200", true).path("result").path("list")) {
                if (optNum(p, "size") > 0) {
                    out.add(p.path("symbol").asText().toUpperCase(Locale.ROOT));
                }
            }
        } catch (RuntimeException e) {
            // the bundled symbols still count
        }
        return out;
    }

    /** {@code GET /v5/market/kline?interval=60} (public): rows [start, open, high, low, close, volume, turnover], newest first. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            JsonNode rows = get("/v5/market/kline", "category=linear&symbol=" + symbol + "&interval=60&limit=" + count, false)
                    .path("result").path("list");
            return candlesNewestFirst(symbol, rows);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty
        }
    }

    /** A V5 position (REST list or the {@code position} topic): signed size from side, leg from positionIdx. */
    private LivePosition position(JsonNode p) {
        String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
        double size = optNum(p, "size");
        double signed = "Sell".equalsIgnoreCase(p.path("side").asText()) ? -size : size;
        PositionSide leg = switch (p.path("positionIdx").asInt(0)) {
            case 1 -> PositionSide.LONG;
            case 2 -> PositionSide.SHORT;
            default -> PositionSide.BOTH;
        };
        double entry = p.hasNonNull("avgPrice") ? optNum(p, "avgPrice") : optNum(p, "entryPrice");
        // tradeMode (1 = isolated) is deprecated for the unified account, where the account's margin mode decides
        MarginMode mode = p.path("tradeMode").asInt(0) == 1 ? MarginMode.ISOLATED : accountMode;
        double margin = mode == MarginMode.ISOLATED ? optNum(p, "positionBalance") : 0;
        return LivePosition.signed(symbol, leg, Double.isNaN(signed) ? 0 : signed, Double.isNaN(entry) ? 0 : entry, optNum(p, "leverage"), mode,
                Double.isNaN(margin) ? 0 : margin);
    }

    //-------------------------------------------------------------------------
    @Override
    protected void prepare() {
        syncClock("Bybit", signer.recvWindowMs(), () -> get("/v5/market/time", "", false).path("time").asLong());
        tickers.clear();
    }

    @Override
    protected WsConnection openUserSocket(WsConnection.Handler handler) {
        WsConnection c = WsConnection.open(http, uri(ws + "/v5/private"), config.timeout(), handler);
        long expires = System.currentTimeMillis() + clockOffsetMs + 10_000;
        c.send("{\"req_id\":\"auth\",\"op\":\"auth\",\"args\":[\"" + credentials.apiKey() + "\"," + expires + ",\"" + signer.signRealtime(expires) + "\"]}");
        c.send("{\"req_id\":\"sub\",\"op\":\"subscribe\",\"args\":[\"position\",\"wallet\",\"execution\"]}");
        return c;
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return openAndSubscribe("/v5/public/linear", syms, handler);
    }

    @Override
    protected void subscribe(WsConnection market, List<String> syms) {
        // the public args array is limited per connection; 10 topics per request keeps requests small
        for (int i = 0; i < syms.size(); i += 10) {
            List<String> part = syms.subList(i, Math.min(syms.size(), i + 10));
            market.send("{\"op\":\"subscribe\",\"args\":[" + String.join(",", part.stream().map(s -> "\"tickers." + s + "\"").toList()) + "]}");
        }
    }

    @Override
    protected String pingMessage() {
        return "{\"op\":\"ping\"}";
    }

    @Override
    protected void onMarketMessage(String text, long receivedNanos) {
        JsonNode n = parse(text, "mark feed");
        if (n == null || !n.path("topic").asText().startsWith("tickers.")) {
            return;   // pong, subscribe acks
        }
        try {
            JsonNode d = n.path("data");
            String symbol = d.path("symbol").asText(n.path("topic").asText().substring(8)).toUpperCase(Locale.ROOT);
            JsonNode merged = "snapshot".equals(n.path("type").asText()) || !tickers.containsKey(symbol) ? d.deepCopy()
                    : ((com.fasterxml.jackson.databind.node.ObjectNode) tickers.get(symbol).deepCopy()).setAll((com.fasterxml.jackson.databind.node.ObjectNode) d);
            tickers.put(symbol, merged);
            if (!d.has("markPrice")) {
                return;   // a delta without a new mark
            }
            double mark = num(merged, "markPrice");
            if (!(mark > 0)) {
                throw new NumberFormatException("markPrice " + merged.path("markPrice").asText());
            }
            listener.onMark(new MarkUpdate(symbol, mark, optNum(merged, "indexPrice"), optNum(merged, "fundingRate"),
                    merged.path("nextFundingTime").asLong(0), n.path("ts").asLong(System.currentTimeMillis()), receivedNanos,
                    optNum(merged, "openInterest")));
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
        if ("auth".equals(n.path("op").asText()) && !n.path("success").asBoolean(false)) {
            fault(Fault.Kind.AUTH, "the private stream refused the key (" + credentials.redact(n.path("ret_msg").asText("")) + ")");
            dropUserSocket("auth refused");
            return;
        }
        String topic = n.path("topic").asText("");
        long t = n.path("creationTime").asLong(System.currentTimeMillis());
        try {
            switch (topic) {
                case "position" -> {
                    List<LivePosition> ps = new ArrayList<>();
                    Set<String> opened = new LinkedHashSet<>();
                    for (JsonNode p : n.path("data")) {
                        if (!"linear".equals(p.path("category").asText("linear"))) {
                            continue;
                        }
                        LivePosition lp = position(p);
                        ps.add(lp);
                        if (lp.open()) {
                            opened.add(lp.symbol());
                        }
                    }
                    listener.onAccountUpdate(new AccountUpdate(t, Double.NaN, ps, "position"));
                    watchSymbols(opened);
                }
                case "wallet" -> {
                    double wallet = Double.NaN;
                    for (JsonNode a : n.path("data")) {
                        for (JsonNode c : a.path("coin")) {
                            if ("USDT".equals(c.path("coin").asText())) {
                                wallet = num(c, "walletBalance");
                            }
                        }
                    }
                    if (!Double.isNaN(wallet)) {
                        listener.onAccountUpdate(new AccountUpdate(t, wallet, List.of(), "wallet"));
                    }
                }
                case "execution" -> {
                    for (JsonNode e : n.path("data")) {
                        if ("BustTrade".equals(e.path("execType").asText()) && "linear".equals(e.path("category").asText("linear"))) {
                            int idx = e.path("positionIdx").asInt(0);
                            listener.onLiquidation(e.path("symbol").asText().toUpperCase(Locale.ROOT),
                                    (idx == 1 ? PositionSide.LONG : idx == 2 ? PositionSide.SHORT : PositionSide.BOTH).label(),
                                    optNum(e, "execPrice"), e.path("execTime").asLong(t));
                        }
                    }
                }
                default -> {
                    // pong, auth and subscribe acknowledgements
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + topic + " unreadable (" + e.getMessage() + ")");
        }
    }

    //-------------------------------------------------------------------------
    private JsonNode get(String path, String query, boolean signed) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(rest + path + (query.isEmpty() ? "" : "?" + query))).GET();
        if (signed) {
            long ts = System.currentTimeMillis() + clockOffsetMs;
            b.header("X-BAPI-API-KEY", credentials.apiKey()).header("X-BAPI-TIMESTAMP", Long.toString(ts))
                    .header("X-BAPI-RECV-WINDOW", Long.toString(signer.recvWindowMs())).header("X-BAPI-SIGN", signer.sign(ts, query));
        }
        return call(b, path);
    }

    /** Bybit's per-UID limit says when it resets: {@code X-Bapi-Limit-Reset-Timestamp}, in Bybit's ms (rate-limit docs). */
    @Override
    protected long rateLimitResetMs(java.net.http.HttpHeaders headers) {
        return headers.firstValue("X-Bapi-Limit-Reset-Timestamp").map(v -> {
            try {
                return Math.max(0, Long.parseLong(v.trim()) - (System.currentTimeMillis() + clockOffsetMs));
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    /** Bybit answers HTTP 200 with {@code retCode} ≠ 0 for most errors; 403 means "access too frequent". */
    @Override
    protected VenueException error(int status, JsonNode body, String path) {
        int code = body == null ? -1 : body.path("retCode").asInt(status / 100 == 2 ? 0 : -1);
        if (status / 100 == 2 && code == 0) {
            return null;
        }
        String msg = path + " answered HTTP " + status + " retCode " + code + " " + (body == null ? "" : body.path("retMsg").asText(""));
        if (status == 403) {   // "terminate all HTTP sessions and wait for at least 10 minutes" (rate-limit docs)
            return new VenueException(Fault.Kind.RATE_LIMITED, path + " answered HTTP 403 (access too frequent, an IP ban); waiting", 600_000);
        }
        if (code == 10006) {
            return new VenueException(Fault.Kind.RATE_LIMITED, msg + "; waiting", 1_000);
        }
        Fault.Kind kind = code == 10002 ? Fault.Kind.CLOCK_SKEW
                : code == 10003 || code == 10004 || code == 10005 || code == 33004 || status == 401 ? Fault.Kind.AUTH : Fault.Kind.DISCONNECTED;
        return new VenueException(kind, msg);
    }
}
