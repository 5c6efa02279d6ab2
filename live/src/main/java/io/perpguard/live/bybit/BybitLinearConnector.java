package io.perpguard.live.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.venue.CollateralRule;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.StreamingConnector;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.VenueFill;
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
 * Bybit V5 perpetuals of a unified trading account, read-only, in one watch: USDT perpetuals (category
 * {@code linear}, margined by the USDT wallet) and inverse ones (category {@code inverse}: {@code BTCUSD}, contracts of
 * 1 USD, margined and settled in the coin — each coin its own wallet, cross within it). REST: wallet balance (every
 * coin), account margin mode, positions of both categories (signed headers), tickers for funding. Public sockets
 * {@code <ws>/v5/public/linear} and {@code <ws>/v5/public/inverse} (one per category held) with
 * {@code tickers.<SYMBOL>} (a snapshot, then deltas merged into it: "if a field is not in the message, it has not
 * changed"); private socket {@code <ws>/v5/private} authenticated with {@code GET/realtime}, the all-in-one topics
 * {@code position}, {@code wallet}, {@code execution} (a {@code BustTrade} execution is a liquidation; a trade's
 * own figures, {@code execPnl} and {@code execFee}, go to the close line of the position it closes). Bybit asks for
 * a {@code ping} every 20 s. (The class keeps its first name; it reads the inverse category too.)
 */
public final class BybitLinearConnector extends StreamingConnector {
    public static final String DEFAULT_REST = "https://api.bybit.com";
    public static final String DEFAULT_WS = "wss://stream.bybit.com";

    private final BybitSigner signer;
    private final Map<String, JsonNode> tickers = new ConcurrentHashMap<>();   // last merged ticker per symbol
    private volatile MarginMode accountMode = MarginMode.CROSS;
    /** Bybit's category of each symbol seen ({@code linear}, {@code inverse}), as its answers say; else by its spelling. */
    private final Map<String, String> categories = new ConcurrentHashMap<>();
    /** Symbols whose positions last came in hedge mode (positionIdx 1 or 2): an execution without positionIdx is told by its side. */
    private final Set<String> hedged = ConcurrentHashMap.newKeySet();
    static final String LINEAR = "linear", INVERSE = "inverse";

    public BybitLinearConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS);
        this.signer = new BybitSigner(credentials, config.recvWindow().toMillis());
    }

    @Override
    public String venue() {
        return "bybit";
    }

    @Override
    public String poolMode() {
        return "unified-cross";
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
        JsonNode info = get("/v5/account/info", "", true).path("result");
        String mode = info.path("marginMode").asText("REGULAR_MARGIN");
        accountMode = mode.equals("ISOLATED_MARGIN") ? MarginMode.ISOLATED : MarginMode.CROSS;
        JsonNode wb = get("/v5/account/wallet-balance", "accountType=UNIFIED", true).path("result").path("list");
        double wallet = Double.NaN;
        Map<String, Double> coins = new HashMap<>();
        for (JsonNode acct : wb) {
            wallet = wallets(acct, coins);
            if (Double.isNaN(wallet)) {
                wallet = num(acct, "totalWalletBalance");
            }
        }
        List<LivePosition> positions = new ArrayList<>();
        Map<String, Double> marks = new HashMap<>();
        Set<String> held = new java.util.TreeSet<>();
        for (String category : List.of(LINEAR, INVERSE)) {
            String cursor = "";
            do {
                JsonNode res = get("/v5/position/list", positionQuery(category) + (cursor.isEmpty() ? "" : "&cursor=" + cursor), true).path("result");
                for (JsonNode p : res.path("list")) {
                    LivePosition lp = position(p, category);
                    double mark = optNum(p, "markPrice");
                    if (mark > 0) {
                        marks.put(lp.symbol(), mark);
                    }
                    if (lp.open()) {
                        positions.add(lp);
                        held.add(category);
                    }
                }
                cursor = res.path("nextPageCursor").asText("");
            } while (!cursor.isEmpty());
        }
        Map<String, MarkUpdate> funding = new HashMap<>();
        for (String category : held) {
            for (JsonNode t : get("/v5/market/tickers", "category=" + category, false).path("result").path("list")) {
                String s = t.path("symbol").asText();
                if (marks.containsKey(s)) {
                    funding.put(s, funding(t, marks.get(s), now));
                }
            }
        }
        Map<String, Double> wallets = new HashMap<>(coins);
        for (LivePosition p : positions) {
            if (INVERSE.equals(category(p.symbol()))) {
                wallets.putIfAbsent(settleCoin(p.symbol()), 0.0);   // an inverse position draws on its coin's wallet alone
            }
        }
        // UTA 2.0 (unifiedMarginStatus 5 and 6) in cross margin: every collateral coin backs every position, linear and inverse
        if ("REGULAR_MARGIN".equals(mode) && info.path("unifiedMarginStatus").asInt(0) >= 5 && wb.size() > 0) {
            List<CollateralAsset> pool = collateral(wb.get(0), positions, funding);
            if (!pool.isEmpty()) {
                return new AccountSnapshot(now, wallet, positions, marks, funding, Map.of(), pool);
            }
        }
        return new AccountSnapshot(now, wallet, positions, marks, funding, wallets);
    }

    /**
     * The unified cross pool: every coin's wallet at its USD index ({@code usdValue / equity}; a coin with no equity, the
     * index of an inverse contract settled in it; USDT and USDC at 1 when empty) valued by Bybit's tiered collateral value
     * ratios ({@code GET /v5/spot-margin-trade/collateral}, public); a coin whose collateral switch is off counts nothing
     * but what it owes. Empty (per-coin wallets kept) when the ratios cannot be read.
     */
    private List<CollateralAsset> collateral(JsonNode acct, List<LivePosition> positions, Map<String, MarkUpdate> funding) {
        Map<String, CollateralRule> rules = new HashMap<>();
        try {
            for (JsonNode c : get("/v5/spot-margin-trade/collateral", "", false).path("result").path("list")) {
                List<double[]> rows = new ArrayList<>();
                for (JsonNode t : c.path("collateralRatioList")) {
                    String max = t.path("maxQty").asText("");
                    rows.add(new double[]{optNum(t, "minQty"), max.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(max), num(t, "collateralRatio")});
                }
                rows.sort(java.util.Comparator.comparingDouble(r -> r[0]));
                if (rows.isEmpty()) {
                    continue;
                }
                if (!Double.isInfinite(rows.get(rows.size() - 1)[1])) {
                    rows.add(new double[]{rows.get(rows.size() - 1)[1], Double.POSITIVE_INFINITY, 0});   // beyond the last tier: nothing
                }
                double[] upTo = new double[rows.size()], ratio = new double[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    upTo[i] = rows.get(i)[1];
                    ratio[i] = rows.get(i)[2];
                }
                rules.put(c.path("currency").asText().toUpperCase(Locale.ROOT), CollateralRule.bybitTiers(upTo, ratio));
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "Bybit tiered collateral ratios unreadable (" + e.getMessage() + "): each coin priced on its own wallet");
            return List.of();
        }
        Set<String> settle = new java.util.TreeSet<>();
        for (LivePosition p : positions) {
            settle.add(INVERSE.equals(category(p.symbol())) ? settleCoin(p.symbol()) : "USDT");
        }
        CollateralRule none = CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0});
        List<CollateralAsset> out = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (JsonNode c : acct.path("coin")) {
            String coin = c.path("coin").asText().toUpperCase(Locale.ROOT);
            double amount = optNum(c, "walletBalance"), equity = optNum(c, "equity"), usd = optNum(c, "usdValue");
            if (coin.isEmpty() || Double.isNaN(amount)) {
                continue;
            }
            double index = equity != 0 && Double.isFinite(equity) && usd > 0 ? usd / equity : Double.NaN;
            for (LivePosition p : positions) {
                if (Double.isNaN(index) && INVERSE.equals(category(p.symbol())) && settleCoin(p.symbol()).equals(coin)
                        && funding.containsKey(p.symbol()) && funding.get(p.symbol()).index() > 0) {
                    index = funding.get(p.symbol()).index();
                }
            }
            if (Double.isNaN(index) && amount == 0 && coin.startsWith("USD")) {
                index = 1;   // an empty stablecoin wallet: only its positions' PnL, at par
            }
            if (!(index > 0)) {
                if (amount != 0 || settle.contains(coin)) {
                    unpriced.add(coin);
                }
                continue;
            }
            boolean on = c.path("marginCollateral").asBoolean(true) && c.path("collateralSwitch").asBoolean(true);
            CollateralRule rule = on ? rules.get(coin) : none;
            if (rule == null && on && coin.equals("USDT")) {
                rule = CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1});   // Bybit's collateral value ratio table: USDT >0 at 1
            }
            if (rule == null) {
                unpriced.add(coin);
                rule = none;   // no published ratio: counted as worth nothing (what it owes still counts)
            }
            out.add(new CollateralAsset(coin, amount, index, rule));
            settle.remove(coin);
        }
        if (!settle.isEmpty()) {
            fault(Fault.Kind.MALFORMED, "Bybit: no index for " + String.join(", ", settle) + ": each coin priced on its own wallet");
            return List.of();
        }
        if (!unpriced.isEmpty()) {
            fault(Fault.Kind.MALFORMED, "Bybit: no index or collateral ratio for " + String.join(", ", unpriced)
                    + ": not counted as margin (the liquidation price shown is without it)");
        }
        return out;
    }

    /** A {@code /v5/market/tickers} row's index, funding rate and next funding time, at the position list's mark. */
    static MarkUpdate funding(JsonNode t, double mark, long nowMs) {
        return new MarkUpdate(t.path("symbol").asText(), mark, optNum(t, "indexPrice"), optNum(t, "fundingRate"),
                t.path("nextFundingTime").asLong(0), nowMs, System.nanoTime());
    }

    /** {@code /v5/position/list}'s query of a category: linear needs a settle coin (USDT), inverse lists every open position. */
    private static String positionQuery(String category) {
        return LINEAR.equals(category) ? "category=linear&settleCoin=USDT&limit=200" : "category=inverse&limit=200";
    }

    /** A wallet-balance account (REST list row or {@code wallet} topic data): the USDT wallet (NaN if absent); every other coin's into {@code coins}. */
    static double wallets(JsonNode acct, Map<String, Double> coins) {
        double usdt = Double.NaN;
        for (JsonNode c : acct.path("coin")) {
            String coin = c.path("coin").asText().toUpperCase(Locale.ROOT);
            if ("USDT".equals(coin)) {
                usdt = num(c, "walletBalance");
            } else if (!coin.isEmpty()) {
                coins.put(coin, num(c, "walletBalance"));
            }
        }
        return usdt;
    }

    /** A symbol's category: as Bybit's answers said, else by its spelling (core's {@code Exchange.typeOf}: {@code BTCUSD} is inverse). */
    String category(String symbol) {
        String c = categories.get(symbol);
        return c != null ? c : Exchange.BYBIT_UTA.typeOf(symbol) == ContractType.INVERSE ? INVERSE : LINEAR;
    }

    /** The coin an inverse symbol settles in: the bundled or read contract's, else its base ({@code BTCUSD} → BTC). */
    private String settleCoin(String symbol) {
        Contract c = VenueInstruments.contract(Exchange.BYBIT_UTA, symbol);
        if (c != null) {
            return c.settlementCurrency();
        }
        int usd = symbol.indexOf("USD");
        return usd > 0 ? symbol.substring(0, usd) : symbol;
    }

    /**
     * Bybit's own risk limits ({@code GET /v5/market/risk-limit?category=linear|inverse}, public) of every held and
     * bundled perpetual, read with the venue tier reader (fractions for linear, percent for inverse, decided per row);
     * empty when unreadable.
     */
    @Override
    public Map<String, RiskTiers> tiers() {
        Set<String> wanted = new java.util.TreeSet<>(held());
        VenueInstruments.contracts(Exchange.BYBIT_UTA).values().forEach(c -> wanted.add(c.symbol()));
        return tiersOf(wanted);
    }

    @Override
    public Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        Map<String, RiskTiers> out = new java.util.LinkedHashMap<>();
        for (String s : symbols) {
            try {
                out.putAll(VenueTierFormats.readResponse(get("/v5/market/risk-limit", "category=" + category(s) + "&symbol=" + s, false), Exchange.BYBIT_UTA,
                        "Bybit risk-limit " + s));
            } catch (RuntimeException e) {
                // this symbol keeps the estimate (the start note says so)
            }
        }
        return out;
    }

    /**
     * Contract rules of held perpetuals perpguard does not bundle ({@code GET /v5/market/instruments-info}, public:
     * tick, quantity step, minimum quantity, funding interval, settle coin); linear quantities are base units, inverse
     * ones contracts of 1 USD.
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
                String category = category(s);
                JsonNode i = get("/v5/market/instruments-info", "category=" + category + "&symbol=" + s, false).path("result").path("list").path(0);
                double step = num(i.path("lotSizeFilter"), "qtyStep");
                double minQty = optNum(i.path("lotSizeFilter"), "minOrderQty");
                int fundingHours = Math.max(1, Math.min(24, i.path("fundingInterval").asInt(480) / 60));
                boolean inverse = INVERSE.equals(category);
                // inverse: contracts of 1 USD (step and minimum in contracts are USD face), settled in the settle coin
                out.put(s, new Contract(s, num(i.path("priceFilter"), "tickSize"), step, Double.isNaN(minQty) ? step : minQty, 0, 0.00055, 0.0002,
                        fundingHours, 0, Exchange.BYBIT_UTA, inverse ? ContractType.INVERSE : ContractType.LINEAR, inverse ? 1 : 0,
                        inverse ? i.path("settleCoin").asText(settleCoin(s)).toUpperCase(Locale.ROOT) : "USDT"));
            } catch (RuntimeException e) {
                // without its rules the symbol is shown unpriced
            }
        }
        return out;
    }

    /** Symbols of the open USDT and inverse perpetual positions (a category that cannot be read adds none). */
    private Set<String> held() {
        Set<String> out = new java.util.TreeSet<>();
        for (String category : List.of(LINEAR, INVERSE)) {
            try {
                for (JsonNode p : get("/v5/position/list", positionQuery(category), true).path("result").path("list")) {
                    if (optNum(p, "size") > 0) {
                        String s = p.path("symbol").asText().toUpperCase(Locale.ROOT);
                        categories.put(s, category);
                        out.add(s);
                    }
                }
            } catch (RuntimeException e) {
                // the bundled symbols still count
            }
        }
        return out;
    }

    /** {@code GET /v5/market/kline?interval=60} (public): rows [start, open, high, low, close, volume, turnover], newest first. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            JsonNode rows = get("/v5/market/kline", "category=" + category(symbol) + "&symbol=" + symbol + "&interval=60&limit=" + count, false)
                    .path("result").path("list");
            return candlesNewestFirst(symbol, rows);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty
        }
    }

    /**
     * A V5 position of {@code category} (REST list or the {@code position} topic): signed size from side, leg from
     * positionIdx. An inverse size is contracts of 1 USD (× the contract's face: the engine's USD face); its isolated
     * margin is in the coin.
     */
    LivePosition position(JsonNode p, String category) {
        String symbol = p.path("symbol").asText().toUpperCase(Locale.ROOT);
        categories.put(symbol, category);
        double size = optNum(p, "size");
        if (INVERSE.equals(category) && !Double.isNaN(size)) {
            double face = VenueInstruments.contractSize(Exchange.BYBIT_UTA, symbol);
            size *= face > 0 ? face : 1;
        }
        double signed = "Sell".equalsIgnoreCase(p.path("side").asText()) ? -size : size;
        PositionSide leg = switch (p.path("positionIdx").asInt(0)) {
            case 1 -> PositionSide.LONG;
            case 2 -> PositionSide.SHORT;
            default -> PositionSide.BOTH;
        };
        if (leg == PositionSide.BOTH) {
            hedged.remove(symbol);
        } else {
            hedged.add(symbol);
        }
        double entry = p.hasNonNull("avgPrice") ? optNum(p, "avgPrice") : optNum(p, "entryPrice");
        // tradeMode (1 = isolated) is deprecated for the unified account, where the account's margin mode decides
        MarginMode mode = p.path("tradeMode").asInt(0) == 1 ? MarginMode.ISOLATED : accountMode;
        double margin = mode == MarginMode.ISOLATED ? optNum(p, "positionBalance") : 0;
        // the opening mark is openTime, "position open timestamp (ms), default 0" (V5 position list and position topic): a
        // holding closed and opened again has a new one. Not createdTime: "the first time a position was created on this
        // symbol", kept across holdings. Where openTime is missing or 0 (older answers) a holding is told by side, entry and
        // the prices traded meanwhile (LivePosition.sameHolding, addedWithin)
        long open = p.path("openTime").asLong(0);
        return LivePosition.signed(symbol, leg, Double.isNaN(signed) ? 0 : signed, Double.isNaN(entry) ? 0 : entry, optNum(p, "leverage"), mode,
                Double.isNaN(margin) ? 0 : margin, signed != 0 && open > 0 ? Long.toString(open) : "");
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

    /** Linear and inverse marks come on their own public sockets. */
    @Override
    protected String marketFeed(String symbol) {
        return category(symbol);
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return openAndSubscribe("/v5/public/" + marketFeed(syms.get(0)), syms, handler);
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
                        String category = p.path("category").asText(LINEAR);
                        if (!LINEAR.equals(category) && !INVERSE.equals(category)) {
                            continue;   // options
                        }
                        LivePosition lp = position(p, category);
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
                    Map<String, Double> coins = new HashMap<>();
                    for (JsonNode a : n.path("data")) {
                        double usdt = wallets(a, coins);
                        wallet = Double.isNaN(usdt) ? wallet : usdt;
                    }
                    if (!Double.isNaN(wallet) || !coins.isEmpty()) {
                        listener.onAccountUpdate(new AccountUpdate(t, wallet, List.of(), "wallet", coins));
                    }
                }
                case "execution" -> {
                    for (JsonNode e : n.path("data")) {
                        String category = e.path("category").asText(LINEAR);
                        VenueFill fill = fill(e, t);
                        if (fill != null) {
                            // told first, as Binance's: a liquidation reported after the update that closed the position
                            // relabels that close's line, which this trade's figures go on first
                            listener.onFill(fill);
                        }
                        if ("BustTrade".equals(e.path("execType").asText()) && (LINEAR.equals(category) || INVERSE.equals(category))) {
                            listener.onLiquidation(e.path("symbol").asText().toUpperCase(Locale.ROOT), leg(e).label(),
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

    /** The executions that trade the position: the trader's own ({@code Trade}), a takeover liquidation's, an auto-deleveraging's (not {@code Funding}). */
    private static final Set<String> TRADES = Set.of("Trade", "BustTrade", "AdlTrade");

    /**
     * An {@code execution} topic row of a trade ({@link #TRADES}) of a linear or inverse contract: {@code execQty}, or
     * {@code closedSize} where it closed part of it (an execution that reverses a one-way position opens the rest), in the
     * position's units as its size (an inverse one's × the contract's face); {@code execPnl} its realized profit ("Profit
     * and Loss for each close position execution", equal to the transaction log's {@code cashFlow}, which "does not include
     * trading fee"); {@code execFee} the fee, Bybit's sign (positive charged, negative a rebate), in the settle coin (USDT or
     * USDC for linear, the coin for inverse); {@code side}, {@code positionIdx}, {@code execTime}. Null for any other row
     * or a trade without {@code execPnl} (older streams: no figures to give; its liquidation is read all the same); no fee
     * where {@code execFee} is missing (0, no asset). {@code execPrice} ("Execution price") is the price it traded at: the close
     * line's, not the mark (NaN where missing).
     */
    VenueFill fill(JsonNode e, long receivedMs) {
        String category = e.path("category").asText(LINEAR);
        if (!TRADES.contains(e.path("execType").asText()) || !(LINEAR.equals(category) || INVERSE.equals(category))) {
            return null;
        }
        String symbol = e.path("symbol").asText().toUpperCase(Locale.ROOT);
        double qty, closed, pnl, fee, price;
        try {
            qty = optNum(e, "execQty");
            price = optNum(e, "execPrice");
            closed = optNum(e, "closedSize");
            pnl = optNum(e, "execPnl");
            fee = optNum(e, "execFee");
        } catch (NumberFormatException bad) {
            return null;
        }
        if (closed > 0 && closed < qty) {
            qty = closed;
        }
        if (!(qty > 0) || !Double.isFinite(qty) || !Double.isFinite(pnl)) {
            return null;
        }
        if (INVERSE.equals(category)) {
            double face = VenueInstruments.contractSize(Exchange.BYBIT_UTA, symbol);
            qty *= face > 0 ? face : 1;   // as position(): contracts of 1 USD
        }
        boolean charged = Double.isFinite(fee);
        return new VenueFill(symbol, leg(e).label(),
                "Buy".equalsIgnoreCase(e.path("side").asText()), qty, pnl, charged ? fee : 0,
                charged ? INVERSE.equals(category) ? settleCoin(symbol) : linearSettleCoin(symbol) : null, e.path("execTime").asLong(receivedMs),
                price > 0 ? price : Double.NaN);
    }

    /**
     * The position an execution trades: its {@code positionIdx} (1 the long leg, 2 the short one, 0 one-way). The topic's
     * documented fields do not name it; where a row has none, a symbol whose positions come in hedge mode (positionIdx 1
     * and 2) is told by the side: a sell that closes ({@code closedSize} &gt; 0, a liquidation, an auto-deleveraging)
     * reduces the long, one that does not opens the short, and the other way round for a buy.
     */
    PositionSide leg(JsonNode e) {
        if (e.hasNonNull("positionIdx") || !hedged.contains(e.path("symbol").asText().toUpperCase(Locale.ROOT))) {
            int idx = e.path("positionIdx").asInt(0);
            return idx == 1 ? PositionSide.LONG : idx == 2 ? PositionSide.SHORT : PositionSide.BOTH;
        }
        String type = e.path("execType").asText();
        double closed;
        try {
            closed = optNum(e, "closedSize");
        } catch (NumberFormatException bad) {
            closed = Double.NaN;
        }
        boolean closes = "BustTrade".equals(type) || "AdlTrade".equals(type) || closed > 0;
        boolean buy = "Buy".equalsIgnoreCase(e.path("side").asText());
        return buy == closes ? PositionSide.SHORT : PositionSide.LONG;
    }

    /** A linear contract's settle coin: USDT for {@code ...USDT}, else USDC (Bybit's linear category holds the USDT and USDC contracts). */
    static String linearSettleCoin(String symbol) {
        return symbol.endsWith("USDT") ? "USDT" : "USDC";
    }

    /** The account's fee rates on {@code symbol}, from the read of its whole category ({@link #scopeFees}). */
    @Override
    public io.perpguard.live.venue.FeeRates accountFees(String symbol) {
        io.perpguard.live.venue.FeeRates f = scopeFees(symbol).get(symbol);
        if (f == null) {
            throw new NumberFormatException("/v5/account/fee-rate lists no " + symbol);
        }
        return f;
    }

    /** One fee read answers for every symbol of a category ({@code linear}, {@code inverse}). */
    @Override
    public String feeScope(String symbol) {
        return category(symbol);
    }

    /**
     * The account's fee rates on every symbol of {@code symbol}'s category, in one call: {@code GET /v5/account/fee-rate?category=}
     * without a symbol (optional for linear and inverse: the answer then lists them all), signed; {@code result.list[]} of
     * {@code {symbol, baseCoin, takerFeeRate, makerFeeRate}}, fractions. A row that does not read is left out.
     */
    @Override
    public Map<String, io.perpguard.live.venue.FeeRates> scopeFees(String symbol) {
        String path = "/v5/account/fee-rate";
        Map<String, io.perpguard.live.venue.FeeRates> out = new HashMap<>();
        for (JsonNode r : get(path, "category=" + category(symbol), true).path("result").path("list")) {
            try {
                out.put(r.path("symbol").asText().toUpperCase(Locale.ROOT),
                        new io.perpguard.live.venue.FeeRates(num(r, "takerFeeRate"), num(r, "makerFeeRate"), "GET " + path));
            } catch (RuntimeException bad) {
                // a symbol not held is no reason to refuse the others; a held one missing is said by the watcher
            }
        }
        return out;
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
