package io.perpguard.live.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyException;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.live.venue.RequestLimits;
import io.perpguard.live.venue.VenueClock;
import io.perpguard.live.venue.StreamingConnector;
import io.perpguard.live.venue.VenueException;
import io.perpguard.live.venue.VenueFill;
import io.perpguard.live.venue.WsConnection;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.market.CandleSeries;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OKX v5 perpetual swaps ({@code instType=SWAP}), read-only: USDT-margined linear swaps ({@code BTC-USDT-SWAP},
 * contracts of {@code ctVal} coin, margined by the USDT balance) and coin-margined inverse swaps
 * ({@code BTC-USD-SWAP}: {@code ctType} inverse, {@code settleCcy} BTC, contracts of {@code ctVal} USD, margined by the
 * BTC balance alone — the single-currency margin account, cross within each currency), in one watch per account. REST (signed with
 * {@code OK-ACCESS-*} headers): {@code /api/v5/account/config} (key permissions), {@code /account/balance},
 * {@code /account/positions}; public {@code /public/instruments} (contract value: positions are counted in
 * contracts), {@code /public/funding-rate}, {@code /public/open-interest}, {@code /public/position-tiers}. Public
 * socket {@code <ws>/ws/v5/public}: channels {@code mark-price}, {@code funding-rate}, {@code open-interest}; private
 * socket {@code <ws>/ws/v5/private}: {@code login}, then {@code account}, {@code positions} and {@code orders} (an
 * order of category {@code full_liquidation} or {@code partial_liquidation} is a liquidation; a fill's own figures,
 * {@code fillPnl} and {@code fillFee}, go to the close line of the position it closes). OKX drops a socket
 * that carries nothing for 30 s: the text {@code ping} every 20 s, answered {@code pong}.
 */
public final class OkxSwapConnector extends StreamingConnector {
    public static final String DEFAULT_REST = "https://www.okx.com";
    public static final String DEFAULT_WS = "wss://ws.okx.com:8443";
    /** OKX refuses a request whose timestamp is more than 30 s from its clock ("Timestamp request expired"). */
    static final long WINDOW_MS = 30_000;

    private final OkxSigner signer;
    private final Map<String, Contract> contracts = new ConcurrentHashMap<>();   // USDT and coin-margined swaps by instId
    private final Map<String, double[]> funding = new ConcurrentHashMap<>();    // instId → {rate, fundingTime}
    private final Map<String, Double> openInterest = new ConcurrentHashMap<>(); // instId → base units
    private volatile WsConnection userSocket;
    /** The fills told, by instId/tradeId, the newest {@value #TRADES_KEPT}. */
    private final Set<String> tradesSeen = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > TRADES_KEPT;
                }
            }));
    static final int TRADES_KEPT = 4_096;
    /**
     * Net-mode positions as last known, by instId: signed contracts and the last trade in them ({@code tradeId}, "Last trade
     * ID" of the positions channel and REST; a fill's once counted in). A fill that reverses one is split by it ({@link #fill}).
     */
    private final Map<String, Net> netHeld = new ConcurrentHashMap<>();
    /** Whether a snapshot was read: a swap not in {@link #netHeld} is then flat, not unknown. */
    private volatile boolean netKnown;

    record Net(double contracts, String tradeId) {
    }

    /** {@code acctLv} at the last snapshot, and whether its balances were priced as one pool (multi-currency, portfolio). */
    private volatile String accountLevel = "2";
    private volatile boolean pooled;

    public OkxSwapConnector(Credentials credentials, ConnectorConfig config) {
        super(credentials, config, DEFAULT_REST, DEFAULT_WS);
        this.signer = new OkxSigner(credentials);
    }

    @Override
    public String venue() {
        return "okx";
    }

    /**
     * OKX's per-endpoint limits ("The rate limit is different for each endpoint", 50011 when broken) of the endpoints this
     * connector reads, as each endpoint's section of the v5 docs states them: {@code account/positions} and
     * {@code account/balance} 10 requests per 2 seconds per user ID, {@code public/mark-price} 10 and
     * {@code public/funding-rate} 20 per 2 seconds per IP and instrument ID, {@code public/position-tiers} 10 per 2 seconds
     * per IP, {@code account/trade-fee} 5 per 2 seconds per user ID. A request that would break one waits for its slot: a start with many swaps reads every tier table instead of
     * meeting 50011 from the eleventh.
     */
    @Override
    protected RequestLimits requestLimits(VenueClock clock) {
        return new RequestLimits(okxLimits(), clock);
    }

    /**
     * OKX answers a broken limit with HTTP 429 and code 50011; its docs give no wait, and its limits are counted over 2
     * seconds: without a {@code Retry-After} REST pauses 2 s (the shared default, 60 s, kept an OKX account stale for a
     * minute after one 50011).
     */
    @Override
    protected VenueException rateLimitAnswer(int status, long retryAfterMs, String path) {
        long after = retryAfterMs >= 0 ? retryAfterMs : 2_000;
        return new VenueException(Fault.Kind.RATE_LIMITED, "HTTP " + status + " (rate limit, OKX 50011) on " + path + "; waiting "
                + (after + 999) / 1000 + " s" + (retryAfterMs >= 0 ? " as Retry-After asks" : ", OKX's 2-second limit window"), after);
    }

    public static List<RequestLimits.Rule> okxLimits() {
        return List.of(
                new RequestLimits.Rule("account/positions 10/2s per user", (p, q) -> p.equals("/api/v5/account/positions") ? "user" : null, 10, 2_000),
                new RequestLimits.Rule("account/balance 10/2s per user", (p, q) -> p.equals("/api/v5/account/balance") ? "user" : null, 10, 2_000),
                new RequestLimits.Rule("public/mark-price 10/2s per IP and instrument", (p, q) -> p.equals("/api/v5/public/mark-price")
                        ? RequestLimits.param(q, "instId") : null, 10, 2_000),
                new RequestLimits.Rule("public/funding-rate 20/2s per IP and instrument", (p, q) -> p.equals("/api/v5/public/funding-rate")
                        ? RequestLimits.param(q, "instId") : null, 20, 2_000),
                new RequestLimits.Rule("public/position-tiers 10/2s per IP", (p, q) -> p.equals("/api/v5/public/position-tiers") ? "ip" : null, 10, 2_000),
                new RequestLimits.Rule("account/trade-fee 5/2s per user", (p, q) -> p.equals("/api/v5/account/trade-fee") ? "user" : null, 5, 2_000));
    }

    /** {@code GET /api/v5/account/config}: {@code perm} lists {@code read_only}, {@code trade}, {@code withdraw}. */
    @Override
    public String checkPermissions(boolean allowTrading) {
        if (credentials.passphrase() == null) {
            throw new KeyException("no API passphrase: OKX keys have one; set PERPGUARD_OKX_PASSPHRASE next to the key, or passphrase=... in the key file");
        }
        JsonNode cfg = get("/api/v5/account/config", "", true).path("data").path(0);
        accountLevel = cfg.path("acctLv").asText("2");
        if (!cfg.has("perm")) {
            return "permissions not reported";
        }
        Set<String> perms = new TreeSet<>();
        for (String p : cfg.path("perm").asText("").split(",")) {
            if (!p.isBlank()) {
                perms.add(p.trim().toLowerCase(Locale.ROOT));
            }
        }
        boolean trade = perms.contains("trade"), withdraw = perms.contains("withdraw");
        String desc = "reading " + (perms.contains("read_only") ? "on" : "off") + ", trading " + (trade ? "on" : "off")
                + ", withdrawals " + (withdraw ? "on" : "off");
        return refuseTradingKey("OKX", trade, withdraw, desc, allowTrading);
    }

    /**
     * Portfolio margin ({@code acctLv} 4) is priced as the multi-currency pool: the same discounted equity, but each
     * position's maintenance margin from its own tiers — OKX's portfolio requirement (MR1–MR9 per risk unit, hedges
     * netted) is not in the engine.
     */
    @Override
    public String pricingNote() {
        return "4".equals(accountLevel) ? "OKX portfolio margin (acctLv 4) is priced as multi-currency margin: discounted equity as OKX counts it, "
                + "but each position's maintenance margin from its own tiers, not OKX's portfolio requirement (MR1-MR9 per risk unit); "
                + "an estimate, usually above OKX's for hedged positions" : null;
    }

    /** OKX multi-currency margin: the view's name for the account's one pool. */
    @Override
    public String poolMode() {
        return "multi-currency";
    }

    @Override
    public AccountSnapshot snapshot() {
        loadContracts();
        long now = System.currentTimeMillis();
        // acctLv 2 single-currency (a wallet per currency), 3 multi-currency (one pool), 4 portfolio margin (priced as 3)
        String level = get("/api/v5/account/config", "", true).path("data").path(0).path("acctLv").asText("2");
        accountLevel = level;
        List<JsonNode> details = new ArrayList<>();
        double wallet = Double.NaN;
        Map<String, Double> coinBalances = new HashMap<>();
        for (JsonNode acct : get("/api/v5/account/balance", "", true).path("data")) {
            for (JsonNode d : acct.path("details")) {
                details.add(d);
                String ccy = d.path("ccy").asText().toUpperCase(Locale.ROOT);
                if ("USDT".equals(ccy)) {
                    wallet = num(d, "cashBal");
                } else if (!ccy.isEmpty()) {
                    coinBalances.put(ccy, num(d, "cashBal"));
                }
            }
        }
        if (Double.isNaN(wallet)) {
            wallet = 0;   // no USDT in the trading account
        }
        List<LivePosition> positions = new ArrayList<>();
        Map<String, Double> marks = new HashMap<>();
        Set<String> netListed = new java.util.HashSet<>();
        for (JsonNode p : get("/api/v5/account/positions", "instType=SWAP", true).path("data")) {
            LivePosition lp = position(p);
            if (lp == null) {
                continue;
            }
            if (track(p)) {
                netListed.add(lp.symbol());
            }
            double mark = optNum(p, "markPx");
            if (mark > 0) {
                marks.put(lp.symbol(), mark);
            }
            if (lp.open()) {
                positions.add(lp);
            }
        }
        netHeld.keySet().retainAll(netListed);   // only open positions are listed: the rest are flat
        netKnown = true;
        Map<String, MarkUpdate> fund = new HashMap<>();
        for (String s : new TreeSet<>(marks.keySet())) {
            JsonNode f = get("/api/v5/public/funding-rate", "instId=" + s, false).path("data").path(0);
            double rate = optNum(f, "fundingRate");
            long next = f.path("fundingTime").asLong(0);
            funding.put(s, new double[]{rate, next});
            JsonNode oi = get("/api/v5/public/open-interest", "instType=SWAP&instId=" + s, false).path("data").path(0);
            double coins = optNum(oi, "oiCcy");
            if (!Double.isNaN(coins)) {
                openInterest.put(s, coins);
            }
            fund.put(s, new MarkUpdate(s, marks.get(s), Double.NaN, rate, next, now, System.nanoTime(), openInterest.getOrDefault(s, Double.NaN)));
        }
        Map<String, Double> wallets = new HashMap<>();
        for (LivePosition p : positions) {
            Contract c = contracts.get(p.symbol());
            String ccy = c != null ? c.settlementCurrency() : settleCoin(p.symbol());
            if (!"USDT".equals(ccy)) {
                wallets.put(ccy, coinBalances.getOrDefault(ccy, 0.0));   // a coin-margined swap draws on its coin's balance only
            }
        }
        coinBalances.forEach(wallets::putIfAbsent);
        if ("3".equals(level) || "4".equals(level)) {
            List<CollateralAsset> pool = collateral(details, positions, marks);
            pooled = !pool.isEmpty();
            if (pooled) {
                return new AccountSnapshot(now, wallet, positions, marks, fund, Map.of(), pool);
            }
        } else {
            pooled = false;
        }
        return new AccountSnapshot(now, wallet, positions, marks, fund, wallets);
    }

    /**
     * The multi-currency pool: every currency's cash balance at its USD price ({@code eqUsd / eq}; a currency with no
     * equity, the mark of a coin-margined swap settled in it; USDT and USDC at 1 when empty), valued by OKX's tiered
     * discount rates ({@code GET /api/v5/public/discount-rate-interest-free-quota}, public: per currency, tiers by
     * amount {@code minAmt}–{@code maxAmt} at {@code discountRate}). A currency OKX gives no rate for counts nothing but
     * what it owes. Empty (a wallet per currency kept) when the rates cannot be read.
     */
    private List<CollateralAsset> collateral(List<JsonNode> details, List<LivePosition> positions, Map<String, Double> marks) {
        Map<String, CollateralRule> rules = new HashMap<>();
        try {
            for (JsonNode c : get("/api/v5/public/discount-rate-interest-free-quota", "", false).path("data")) {
                List<double[]> rows = new ArrayList<>();
                for (JsonNode t : c.path("details")) {
                    String max = t.path("maxAmt").asText("");
                    rows.add(new double[]{optNum(t, "minAmt"), max.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(max), num(t, "discountRate")});
                }
                rows.sort(java.util.Comparator.comparingDouble(r -> Double.isNaN(r[0]) ? 0 : r[0]));
                if (rows.isEmpty()) {
                    continue;
                }
                if (!Double.isInfinite(rows.get(rows.size() - 1)[1])) {
                    rows.add(new double[]{rows.get(rows.size() - 1)[1], Double.POSITIVE_INFINITY, 0});   // beyond the last tier: nothing
                }
                double[] upTo = new double[rows.size()], rate = new double[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    upTo[i] = rows.get(i)[1];
                    rate[i] = rows.get(i)[2];
                }
                rules.put(c.path("ccy").asText().toUpperCase(Locale.ROOT), CollateralRule.okxDiscountTiers(upTo, rate));
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "OKX discount rates unreadable (" + e.getMessage() + "): each currency priced on its own wallet");
            return List.of();
        }
        Set<String> settle = new TreeSet<>();
        for (LivePosition p : positions) {
            Contract c = contracts.get(p.symbol());
            settle.add(c != null ? c.settlementCurrency() : settleCoin(p.symbol()));
        }
        CollateralRule none = CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0});
        List<CollateralAsset> out = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (JsonNode d : details) {
            String ccy = d.path("ccy").asText().toUpperCase(Locale.ROOT);
            double amount = optNum(d, "cashBal"), eq = optNum(d, "eq"), usd = optNum(d, "eqUsd");
            if (ccy.isEmpty() || Double.isNaN(amount)) {
                continue;
            }
            double index = eq != 0 && Double.isFinite(eq) && usd > 0 ? usd / eq : Double.NaN;
            for (LivePosition p : positions) {
                if (Double.isNaN(index) && p.symbol().endsWith("-USD-SWAP") && settleCoin(p.symbol()).equals(ccy) && marks.getOrDefault(p.symbol(), 0.0) > 0) {
                    index = marks.get(p.symbol());
                }
            }
            if (Double.isNaN(index) && amount == 0 && ccy.startsWith("USD")) {
                index = 1;   // an empty stablecoin balance: only its swaps' PnL, at par
            }
            if (!(index > 0)) {
                if (amount != 0 || settle.contains(ccy)) {
                    unpriced.add(ccy);
                }
                continue;
            }
            CollateralRule rule = rules.get(ccy);
            if (rule == null) {
                unpriced.add(ccy);
                rule = none;   // no published rate: counted as worth nothing (what it owes still counts)
            }
            out.add(new CollateralAsset(ccy, amount, index, rule));
            settle.remove(ccy);
        }
        for (String ccy : settle) {
            if (ccy.startsWith("USD")) {
                out.add(new CollateralAsset(ccy, 0, 1, rules.getOrDefault(ccy, none)));   // settles a swap, holds nothing: its PnL at par
            } else {
                fault(Fault.Kind.MALFORMED, "OKX: no price for " + ccy + ": each currency priced on its own wallet");
                return List.of();
            }
        }
        if (!unpriced.isEmpty()) {
            fault(Fault.Kind.MALFORMED, "OKX: no price or discount rate for " + String.join(", ", unpriced)
                    + ": not counted as margin (the liquidation price shown is without it)");
        }
        return out;
    }

    /** The position tiers of every bundled OKX swap and every held one ({@code /public/position-tiers}, sizes in contracts). */
    @Override
    public Map<String, RiskTiers> tiers() {
        Set<String> families = new TreeSet<>();
        try {
            loadContracts();
            for (JsonNode p : get("/api/v5/account/positions", "instType=SWAP", true).path("data")) {
                LivePosition lp = position(p);
                if (lp != null && lp.open()) {
                    families.add(family(lp.symbol()));
                }
            }
        } catch (RuntimeException e) {
            // the bundled families below still get their tiers
        }
        VenueInstruments.contracts(Exchange.OKX).values().forEach(c -> families.add(family(c.symbol())));
        return tiersOfFamilies(families);
    }

    @Override
    public Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        Set<String> families = new TreeSet<>();
        symbols.forEach(s -> families.add(family(s)));
        Map<String, RiskTiers> out = new LinkedHashMap<>(tiersOfFamilies(families));
        out.keySet().retainAll(symbols);
        return out;
    }

    private Map<String, RiskTiers> tiersOfFamilies(Set<String> families) {
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (String fam : families) {
            try {
                out.putAll(VenueTierFormats.readResponse(get("/api/v5/public/position-tiers", "instType=SWAP&tdMode=isolated&instFamily=" + fam, false),
                        Exchange.OKX, "OKX position-tiers " + fam));
            } catch (RuntimeException e) {
                // this family is priced without its tiers (the start note says so)
            }
        }
        return out;
    }

    /** The USDT and coin-margined swaps OKX lists, with their contract values (positions are counted in contracts of ctVal coin, or USD). */
    @Override
    public Map<String, Contract> contracts() {
        try {
            loadContracts();
        } catch (RuntimeException e) {
            return Map.of();
        }
        return Map.copyOf(contracts);
    }

    /** Re-reads the instrument list when a swap is not in it (listed after start). */
    @Override
    public Map<String, Contract> contractsOf(Set<String> symbols) {
        try {
            if (!contracts.keySet().containsAll(symbols)) {
                loadContracts(true);
            }
        } catch (RuntimeException e) {
            // the ones already known are still answered
        }
        Map<String, Contract> out = new LinkedHashMap<>();
        symbols.stream().filter(contracts::containsKey).forEach(s -> out.put(s, contracts.get(s)));
        return out;
    }

    /** {@code GET /api/v5/market/candles?bar=1H} (public): rows [ts, o, h, l, c, vol, ...], newest first. */
    @Override
    public CandleSeries hourlyCandles(String symbol, int count) {
        try {
            JsonNode rows = get("/api/v5/market/candles", "instId=" + symbol + "&bar=1H&limit=" + count, false).path("data");
            return candlesNewestFirst(symbol, rows);
        } catch (RuntimeException e) {
            return null;   // the ATR column stays empty
        }
    }

    /** Whether a swap is watched: USDT-margined ({@code -USDT-SWAP}) or coin-margined ({@code -USD-SWAP}). */
    static boolean watched(String instId) {
        return instId.endsWith("-USDT-SWAP") || instId.endsWith("-USD-SWAP");
    }

    /**
     * A v5 position (REST or the {@code positions} channel) of a USDT or coin-margined swap, or null for anything else.
     * {@code pos} is in contracts: signed in net mode, positive with {@code posSide} long/short in long/short mode;
     * × {@code ctVal} it is coins (linear) or the USD face (inverse). An isolated {@code margin} is in the settlement currency.
     */
    private LivePosition position(JsonNode p) {
        String symbol = p.path("instId").asText().toUpperCase(Locale.ROOT);
        if (!"SWAP".equals(p.path("instType").asText("SWAP")) || !watched(symbol)) {
            return null;
        }
        double ctVal = contractValue(symbol);
        double pos = optNum(p, "pos");
        pos = Double.isNaN(pos) ? 0 : pos;
        PositionSide leg;
        double amount;
        switch (p.path("posSide").asText("net")) {
            case "long" -> {
                leg = PositionSide.LONG;
                amount = Math.abs(pos) * ctVal;
            }
            case "short" -> {
                leg = PositionSide.SHORT;
                amount = -Math.abs(pos) * ctVal;
            }
            default -> {
                leg = PositionSide.BOTH;
                amount = pos * ctVal;
            }
        }
        MarginMode mode = "isolated".equals(p.path("mgnMode").asText()) ? MarginMode.ISOLATED : MarginMode.CROSS;
        double entry = optNum(p, "avgPx");
        double margin = mode == MarginMode.ISOLATED ? optNum(p, "margin") : 0;
        // cTime: when this holding was opened (a position closed and opened again has a new one)
        return LivePosition.signed(symbol, leg, amount, Double.isNaN(entry) ? 0 : entry, optNum(p, "lever"), mode, Double.isNaN(margin) ? 0 : margin,
                amount != 0 ? p.path("cTime").asText("") : "");
    }

    private double contractValue(String symbol) {
        Contract c = contracts.get(symbol);
        double v = c != null ? c.contractSize() : VenueInstruments.contractSize(Exchange.OKX, symbol);
        if (!(v > 0)) {
            throw new VenueException(Fault.Kind.MALFORMED, "no contract value for " + symbol + " (not in /api/v5/public/instruments)");
        }
        return v;
    }

    /** {@code GET /api/v5/public/instruments?instType=SWAP}, once: the USDT-settled linear swaps and the coin-margined inverse ones. */
    private void loadContracts() {
        loadContracts(false);
    }

    private void loadContracts(boolean again) {
        if (!again && !contracts.isEmpty()) {
            return;
        }
        Map<String, Contract> bundled = VenueInstruments.contracts(Exchange.OKX);
        for (JsonNode i : get("/api/v5/public/instruments", "instType=SWAP", false).path("data")) {
            String id = i.path("instId").asText().toUpperCase(Locale.ROOT);
            String settle = i.path("settleCcy").asText().toUpperCase(Locale.ROOT);
            String ctType = i.path("ctType").asText("linear");
            ContractType type;
            if ("USDT".equals(settle) && "linear".equals(ctType) && id.endsWith("-USDT-SWAP")) {
                type = ContractType.LINEAR;
            } else if ("inverse".equals(ctType) && id.endsWith("-USD-SWAP") && !settle.isEmpty()) {
                type = ContractType.INVERSE;   // ctVal is USD (ctValCcy USD), settled and margined in settleCcy
            } else {
                continue;   // USDC swaps and the like: not watched
            }
            try {
                double ctVal = num(i, "ctVal"), lot = num(i, "lotSz"), min = optNum(i, "minSz");
                Contract b = bundled.get(id);
                contracts.put(id, new Contract(id, num(i, "tickSz"), lot * ctVal, Double.isNaN(min) ? lot * ctVal : min * ctVal, 0,
                        b != null ? b.takerFee() : 0.0005, b != null ? b.makerFee() : 0.0002, b != null ? b.fundingIntervalHours() : 8, 0,
                        Exchange.OKX, type, ctVal, settle));
            } catch (RuntimeException e) {
                // an instrument row without usable sizes: the bundled contract (if any) stands in
            }
        }
    }

    /** The settlement currency a swap's spelling implies: USDT for {@code BTC-USDT-SWAP}, the coin for {@code BTC-USD-SWAP}. */
    static String settleCoin(String instId) {
        return instId.endsWith("-USD-SWAP") ? instId.substring(0, instId.indexOf('-')) : "USDT";
    }

    /** OKX instrument family of a swap: {@code BTC-USDT-SWAP} → {@code BTC-USDT}. */
    static String family(String instId) {
        return instId.replaceAll("-SWAP$", "");
    }

    //-------------------------------------------------------------------------
    @Override
    protected void prepare() {
        syncClock("OKX", WINDOW_MS, () -> get("/api/v5/public/time", "", false).path("data").path(0).path("ts").asLong());
        loadContracts();
    }

    @Override
    protected WsConnection openUserSocket(WsConnection.Handler handler) {
        WsConnection c = WsConnection.open(http, uri(ws + "/ws/v5/private"), config.timeout(), handler);
        userSocket = c;
        long ts = (System.currentTimeMillis() + clockOffsetMs) / 1000;
        c.send("{\"op\":\"login\",\"args\":[{\"apiKey\":\"" + credentials.apiKey() + "\",\"passphrase\":\"" + credentials.passphrase()
                + "\",\"timestamp\":\"" + ts + "\",\"sign\":\"" + signer.signLogin(ts) + "\"}]}");
        return c;   // the channels are subscribed once the login is confirmed
    }

    @Override
    protected WsConnection openMarketSocket(List<String> syms, WsConnection.Handler handler) {
        return openAndSubscribe("/ws/v5/public", syms, handler);
    }

    @Override
    protected void subscribe(WsConnection market, List<String> syms) {
        for (int i = 0; i < syms.size(); i += 10) {
            List<String> args = new ArrayList<>();
            for (String s : syms.subList(i, Math.min(syms.size(), i + 10))) {
                for (String ch : List.of("mark-price", "funding-rate", "open-interest")) {
                    args.add("{\"channel\":\"" + ch + "\",\"instId\":\"" + s + "\"}");
                }
            }
            market.send("{\"op\":\"subscribe\",\"args\":[" + String.join(",", args) + "]}");
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
        if (n.has("event")) {
            event(n, "mark feed");
            return;
        }
        String channel = n.path("arg").path("channel").asText("");
        try {
            for (JsonNode d : n.path("data")) {
                String s = d.path("instId").asText(n.path("arg").path("instId").asText()).toUpperCase(Locale.ROOT);
                switch (channel) {
                    case "mark-price" -> {
                        double mark = num(d, "markPx");
                        if (!(mark > 0)) {
                            throw new NumberFormatException("markPx " + d.path("markPx").asText());
                        }
                        double[] f = funding.get(s);
                        listener.onMark(new MarkUpdate(s, mark, Double.NaN, f == null ? Double.NaN : f[0], f == null ? 0 : (long) f[1],
                                d.path("ts").asLong(System.currentTimeMillis()), receivedNanos, openInterest.getOrDefault(s, Double.NaN)));
                    }
                    case "funding-rate" -> funding.put(s, new double[]{num(d, "fundingRate"), d.path("fundingTime").asLong(0)});
                    case "open-interest" -> openInterest.put(s, num(d, "oiCcy"));
                    default -> {
                        // another channel's data
                    }
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "mark feed " + channel + " frame unreadable (" + e.getMessage() + ")");
        }
    }

    /** {@code login}, {@code subscribe}, {@code error} and {@code notice} events. */
    private void event(JsonNode n, String where) {
        switch (n.path("event").asText()) {
            case "error" -> {
                String msg = credentials.redact(n.path("msg").asText("")) + " (code " + n.path("code").asText() + ")";
                if (where.startsWith("account")) {
                    fault(Fault.Kind.AUTH, "the private stream refused the key: " + msg);
                    dropUserSocket("login refused");
                } else {
                    fault(Fault.Kind.MALFORMED, where + " refused a subscription: " + msg);
                }
            }
            case "notice" -> {
                // OKX warns 30 s before a service-upgrade disconnect: reconnect now rather than lose the stream then
                fault(Fault.Kind.DISCONNECTED, where + ": " + n.path("msg").asText("OKX will close the connection") + "; reconnecting");
                dropUserSocket("service upgrade notice");
            }
            default -> {
                // subscribe acknowledgements, channel-conn-count
            }
        }
    }

    @Override
    protected void onUserMessage(String text) {
        JsonNode n = parse(text, "account stream");
        if (n == null) {
            return;
        }
        if ("login".equals(n.path("event").asText())) {
            if ("0".equals(n.path("code").asText())) {
                WsConnection u = userSocket;
                if (u != null) {
                    u.send("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"account\"},"
                            + "{\"channel\":\"positions\",\"instType\":\"SWAP\"},{\"channel\":\"orders\",\"instType\":\"SWAP\"}]}");
                }
            } else {
                event(((com.fasterxml.jackson.databind.node.ObjectNode) n).put("event", "error"), "account stream");
            }
            return;
        }
        if (n.has("event")) {
            event(n, "account stream");
            return;
        }
        String channel = n.path("arg").path("channel").asText("");
        long t = System.currentTimeMillis();
        try {
            switch (channel) {
                case "positions" -> {
                    AccountUpdate u = positionsPush(n, t);
                    if (!u.positions().isEmpty()) {
                        Set<String> opened = new LinkedHashSet<>();
                        u.positions().stream().filter(LivePosition::open).forEach(p -> opened.add(p.symbol()));
                        listener.onAccountUpdate(u);
                        watchSymbols(opened);
                    }
                }
                case "account" -> {
                    // every currency's balance (subscribed without ccy): USDT margins the linear swaps, each coin its inverse ones;
                    // in multi-currency mode every currency is a wallet of the one pool
                    for (JsonNode a : n.path("data")) {
                        double usdt = Double.NaN;
                        Map<String, Double> coins = new HashMap<>();
                        for (JsonNode d : a.path("details")) {
                            String ccy = d.path("ccy").asText().toUpperCase(Locale.ROOT);
                            if ("USDT".equals(ccy)) {
                                usdt = num(d, "cashBal");
                            } else if (!ccy.isEmpty()) {
                                coins.put(ccy, num(d, "cashBal"));
                            }
                        }
                        if (pooled && (!Double.isNaN(usdt) || !coins.isEmpty())) {
                            Map<String, Double> all = new HashMap<>(coins);
                            if (!Double.isNaN(usdt)) {
                                all.put("USDT", usdt);
                            }
                            listener.onAccountUpdate(new AccountUpdate(a.path("uTime").asLong(t), usdt, List.of(), "account", Map.of(), all));
                        } else if (!Double.isNaN(usdt) || !coins.isEmpty()) {
                            listener.onAccountUpdate(new AccountUpdate(a.path("uTime").asLong(t), usdt, List.of(), "account", coins));
                        }
                    }
                }
                case "orders" -> {
                    for (JsonNode o : n.path("data")) {
                        VenueFill fill = fill(o, t);
                        if (fill != null) {
                            // told first, as Binance's: a liquidation reported after the update that closed the position
                            // relabels that close's line, which this trade's figures go on first
                            listener.onFill(fill);
                        }
                        String cat = o.path("category").asText("");
                        if ((cat.equals("full_liquidation") || cat.equals("partial_liquidation")) && "filled".equals(o.path("state").asText())) {
                            String side = o.path("posSide").asText("net");
                            listener.onLiquidation(o.path("instId").asText().toUpperCase(Locale.ROOT),
                                    (side.equals("long") ? PositionSide.LONG : side.equals("short") ? PositionSide.SHORT : PositionSide.BOTH).label(),
                                    optNum(o, "fillPx"), o.path("uTime").asLong(t));
                        }
                    }
                }
                default -> {
                    // other channels
                }
            }
        } catch (RuntimeException e) {
            fault(Fault.Kind.MALFORMED, "account stream " + channel + " unreadable (" + credentials.redact(e.getMessage()) + ")");
        }
    }

    /**
     * An {@code orders} channel row that reports a fill (a non-empty {@code tradeId}, {@code fillSz} &gt; 0): {@code fillSz}
     * contracts, in the position's units as its {@code pos} ({@code ctVal} coin, or USD face); {@code fillPnl} the fill's
     * realized profit, in the settlement currency (OKX's {@code pnl}, "excluding the fee"); {@code fillFee} in
     * {@code fillFeeCcy}, OKX's sign — negative a fee charged, positive a rebate — negated to the fee paid; {@code side},
     * {@code posSide}, {@code fillTime}. Null for any other row, a swap not watched, or a fill without {@code fillPnl} (no
     * figures to give: the row's other news — a liquidation — is read all the same); no fee where {@code fillFee} or its
     * currency is missing (0, no asset). A fill already told (its {@code tradeId}) is not told again. It traded at
     * {@code fillPx} (NaN where missing or 0: the close line keeps the mark), the closed part of a reversal too.
     */
    VenueFill fill(JsonNode o, long receivedMs) {
        String symbol = o.path("instId").asText().toUpperCase(Locale.ROOT);
        if (o.path("tradeId").asText("").isEmpty() || !watched(symbol)) {
            return null;
        }
        double contracts, pnl, fee, ctVal, price;
        try {
            contracts = optNum(o, "fillSz");
            price = optNum(o, "fillPx");   // "Last filled price": OKX v5 WebSocket "Order channel" (orders)
            pnl = optNum(o, "fillPnl");
            fee = optNum(o, "fillFee");
            ctVal = contractValue(symbol);
        } catch (RuntimeException e) {
            return null;   // not numbers, or a swap whose contract value is not known
        }
        if (!(contracts > 0) || !Double.isFinite(contracts) || !Double.isFinite(pnl)) {
            return null;
        }
        if (!tradesSeen.add(symbol + "/" + o.path("tradeId").asText())) {
            return null;   // told once: an order's later update (a cancel after a partial fill) may repeat its last fill's fields
        }
        String ccy = o.path("fillFeeCcy").asText("").toUpperCase(Locale.ROOT);
        boolean charged = Double.isFinite(fee) && !ccy.isEmpty();
        String side = o.path("posSide").asText("net");
        boolean buy = "buy".equalsIgnoreCase(o.path("side").asText());
        double closes = contracts;
        if ("net".equals(side)) {
            double before = netBefore(symbol, buy ? contracts : -contracts, o.path("tradeId").asText());
            if (before * (buy ? 1 : -1) < 0 && Math.abs(before) < contracts) {
                // a one-way position reversed: fillPnl is the closed part's; OKX gives no closedSize, so that part is
                // min(fillSz, |pos before|) and the rest opened the other side
                closes = Math.abs(before);
                fee *= closes / contracts;   // the fee split pro rata by size: the opened part's share is the new position's
            }
        }
        return new VenueFill(symbol, (side.equals("long") ? PositionSide.LONG : side.equals("short") ? PositionSide.SHORT : PositionSide.BOTH).label(),
                buy, closes * ctVal, pnl, charged && fee != 0 ? -fee : 0, charged ? ccy : null,
                o.path("fillTime").asLong(o.path("uTime").asLong(receivedMs)), price > 0 ? price : Double.NaN);
    }

    /**
     * The net position a fill of {@code signedContracts} (a buy +) traded, in contracts, before it (NaN: not known), and the
     * position after it kept: the one last known if its last trade is older, less this fill if it is this fill's (the
     * positions push came first); not known if it holds later trades or no snapshot was read.
     */
    private double netBefore(String symbol, double signedContracts, String tradeId) {
        Net held = netHeld.get(symbol);
        if (held == null) {
            if (!netKnown) {
                return Double.NaN;
            }
            held = new Net(0, null);
        }
        if (tradeId.equals(held.tradeId())) {
            return held.contracts() - signedContracts;
        }
        if (older(tradeId, held.tradeId())) {
            return Double.NaN;
        }
        netHeld.put(symbol, new Net(held.contracts() + signedContracts, tradeId));   // what the rest opened is held from now
        return held.contracts();
    }

    /**
     * Keeps a net-mode position row ({@code pos} signed contracts, {@code tradeId}) unless what is kept holds a later trade
     * (a push older than a fill already counted); true for a net row.
     */
    private boolean track(JsonNode p) {
        if (!"net".equals(p.path("posSide").asText("net"))) {
            return false;
        }
        String symbol = p.path("instId").asText().toUpperCase(Locale.ROOT);
        double pos = optNum(p, "pos");
        String tradeId = p.path("tradeId").asText("");
        Net held = netHeld.get(symbol);
        if (held == null || !older(tradeId, held.tradeId())) {
            netHeld.put(symbol, new Net(Double.isNaN(pos) ? 0 : pos, tradeId.isEmpty() ? null : tradeId));
        }
        return true;
    }

    /** Whether trade {@code a} came before {@code b}: OKX's trade ids of an instrument are increasing numbers; false when either is not one. */
    static boolean older(String a, String b) {
        try {
            return a != null && b != null && Long.parseLong(a) < Long.parseLong(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A {@code positions} channel push: the watched swaps' positions in it (USDT and coin-margined), at its last {@code uTime}. */
    AccountUpdate positionsPush(JsonNode n, long receivedMs) {
        List<LivePosition> ps = new ArrayList<>();
        long when = receivedMs;
        for (JsonNode p : n.path("data")) {
            LivePosition lp = position(p);
            if (lp != null) {
                track(p);
                ps.add(lp);
                when = p.path("uTime").asLong(when);
            }
        }
        return new AccountUpdate(when, Double.NaN, ps, n.path("eventType").asText("positions"));
    }

    /**
     * The account's fee rates on a swap's family: {@code GET /api/v5/account/trade-fee?instType=SWAP&instFamily=BTC-USDT},
     * signed, 5 requests / 2 s per user. OKX gives a charge as a negative number and a rebate as a positive one ({@code
     * "takerU":"-0.0005"} is 0.05 % paid), so each is negated; USDT-margined swaps read {@code takerU}/{@code makerU},
     * coin-margined ones {@code taker}/{@code maker} (the fields' meanings since OKX's fee-rate change of 2022-05-07).
     */
    @Override
    public io.perpguard.live.venue.FeeRates accountFees(String symbol) {
        String path = "/api/v5/account/trade-fee";
        String family = symbol.endsWith("-SWAP") ? symbol.substring(0, symbol.length() - "-SWAP".length()) : symbol;
        JsonNode d = get(path, "instType=SWAP&instFamily=" + family, true).path("data").path(0);
        String suffix = "USDT".equals(settleCoin(symbol)) ? "U" : "";
        return new io.perpguard.live.venue.FeeRates(-num(d, "taker" + suffix), -num(d, "maker" + suffix), "GET " + path);
    }

    //-------------------------------------------------------------------------
    private JsonNode get(String path, String query, boolean signed) {
        String requestPath = path + (query.isEmpty() ? "" : "?" + query);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(rest + requestPath)).GET();
        if (signed) {
            String ts = OkxSigner.timestamp(System.currentTimeMillis() + clockOffsetMs);
            b.header("OK-ACCESS-KEY", credentials.apiKey()).header("OK-ACCESS-SIGN", signer.sign(ts, "GET", requestPath, ""))
                    .header("OK-ACCESS-TIMESTAMP", ts).header("OK-ACCESS-PASSPHRASE", credentials.passphrase() == null ? "" : credentials.passphrase());
        }
        return call(b, path);
    }

    /** OKX answers {@code code} "0" when fine; 50011 is its rate limit, 501xx its key and signature errors. */
    @Override
    protected VenueException error(int status, JsonNode body, String path) {
        String code = body == null ? "" : body.path("code").asText(status / 100 == 2 ? "0" : "");
        if (status / 100 == 2 && "0".equals(code)) {
            return null;
        }
        String msg = path + " answered HTTP " + status + " code " + code + " " + (body == null ? "" : body.path("msg").asText(""));
        return switch (code) {
            case "50011", "50061" -> new VenueException(Fault.Kind.RATE_LIMITED, msg + "; waiting", 2_000);
            case "50102", "50112" -> new VenueException(Fault.Kind.CLOCK_SKEW, msg);
            case "50100", "50101", "50103", "50104", "50105", "50110", "50111", "50113", "50114" -> new VenueException(Fault.Kind.AUTH, msg);
            default -> new VenueException(status == 401 ? Fault.Kind.AUTH : Fault.Kind.DISCONNECTED, msg);
        };
    }
}
