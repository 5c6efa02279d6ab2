package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsContext;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Binance USDⓈ-M for tests: the documented REST and WebSocket message shapes (signed account, positionRisk,
 * leverageBracket, listenKey, apiRestrictions; {@code /market/stream} mark prices and {@code /private/ws} user data,
 * the 2026 split), driven by a script: marks, account updates, liquidations; and faults: dropped sockets, silence,
 * 429 with Retry-After, malformed frames, a skewed clock. Loopback, port 0.
 */
public final class FakeBinance extends FakeBinanceFutures {

    /** A position on the fake venue. */
    public static final class Pos {
        public final String symbol, side;   // side: BOTH / LONG / SHORT
        public volatile double amount, entry, leverage, isolatedWallet;
        public final boolean isolated;

        public Pos(String symbol, String side, double amount, double entry, double leverage, boolean isolated, double isolatedWallet) {
            this.symbol = symbol;
            this.side = side;
            this.amount = amount;
            this.entry = entry;
            this.leverage = leverage;
            this.isolated = isolated;
            this.isolatedWallet = isolatedWallet;
        }
    }

    private final Map<String, Pos> positions = new ConcurrentHashMap<>();
    /** The account's fills, oldest first, as {@code /fapi/v1/userTrades} lists them. */
    private final java.util.List<ObjectNode> fills = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger userTradesReads = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Double> marks = new ConcurrentHashMap<>();
    private final Map<String, Double> funding = new ConcurrentHashMap<>();
    private final Map<String, Long> nextFunding = new ConcurrentHashMap<>();
    private final Map<String, double[][]> candles = new ConcurrentHashMap<>();   // symbol → scripted {open, high, low, close}, oldest first
    private final BinanceMarketStreams marketStreams = new BinanceMarketStreams(market);
    private volatile double wallet;
    private volatile boolean canTrade, canWithdraw;
    private volatile String leverageBrackets;
    private volatile boolean multiAssets;
    /** Multi-Assets mode: asset → {index, bidBuffer, askBuffer} served by /fapi/v1/assetIndex as {@code <ASSET>USD} (USDT at 1 unless set). */
    private final Map<String, double[]> assetIndex = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Margin assets other than USDT (whose wallet is {@link #wallet}), by asset. */
    private final Map<String, Double> otherWallets = new java.util.concurrent.ConcurrentSkipListMap<>();

    public FakeBinance(String apiKey, String secret) {
        super(apiKey, secret, "/fapi", "Too many requests; current limit of IP is 2400 requests per minute.", "lk", true);
        this.leverageBrackets = bundledBrackets();
        app.get("/fapi/v1/time", ctx -> rest(ctx, false, () -> JSON.createObjectNode().put("serverTime", now())));
        app.get("/fapi/v2/account", ctx -> rest(ctx, true, this::account));
        app.get("/fapi/v2/positionRisk", ctx -> {
            JsonNode asAsked = positionRisk();   // the positions when the request came
            java.util.concurrent.CountDownLatch held = positionRiskHeld;
            if (held != null) {
                positionRiskHeldReads.incrementAndGet();
                held.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            rest(ctx, true, () -> asAsked);
        });
        app.get("/fapi/v1/assetIndex", ctx -> rest(ctx, false, () -> {
            ArrayNode all = JSON.createArrayNode();
            Map<String, double[]> rates = new java.util.TreeMap<>(assetIndex);
            rates.putIfAbsent("USDT", new double[]{1, 0, 0});
            rates.forEach((asset, r) -> all.addObject().put("symbol", asset + "USD").put("time", now()).put("index", Double.toString(r[0]))
                    .put("bidBuffer", Double.toString(r[1])).put("askBuffer", Double.toString(r[2]))
                    .put("bidRate", Double.toString(r[0] * (1 - r[1]))).put("askRate", Double.toString(r[0] * (1 + r[2])))
                    .put("autoExchangeBidBuffer", "0.05").put("autoExchangeAskBuffer", "0.05")
                    .put("autoExchangeBidRate", Double.toString(r[0] * 0.95)).put("autoExchangeAskRate", Double.toString(r[0] * 1.05)));
            return all;
        }));
        app.get("/fapi/v1/exchangeInfo", ctx -> rest(ctx, false, () -> {
            // Binance's exchangeInfo symbols (the fields perpguard reads): marginAsset USDC for the USDC-margined ones
            ObjectNode info = JSON.createObjectNode().put("timezone", "UTC").put("serverTime", now());
            ArrayNode syms = info.putArray("symbols");
            java.util.Set<String> names = new java.util.TreeSet<>();
            positions.values().forEach(p -> names.add(p.symbol));
            names.add("BTCUSDT");
            names.add("ETHUSDT");
            for (String s : names) {
                syms.addObject().put("symbol", s).put("pair", s).put("contractType", "PERPETUAL").put("status", "TRADING")
                        .put("baseAsset", s.replaceAll("USD[TC]$", "")).put("quoteAsset", s.endsWith("USDC") ? "USDC" : "USDT")
                        .put("marginAsset", s.endsWith("USDC") ? "USDC" : "USDT");
                // Binance's filters as its exchangeInfo lists them (the ticks and steps of the real contracts)
                String base = s.replaceAll("USD[TC]$", "");
                String tick = base.equals("BTC") ? "0.10" : base.equals("DOGE") ? "0.000010" : "0.01";
                String step = base.equals("SOL") || base.equals("DOGE") ? "1" : "0.001";
                ArrayNode filters = ((ObjectNode) syms.get(syms.size() - 1)).putArray("filters");
                filters.addObject().put("filterType", "PRICE_FILTER").put("tickSize", tick).put("minPrice", tick).put("maxPrice", "4529764");
                filters.addObject().put("filterType", "LOT_SIZE").put("stepSize", step).put("minQty", step).put("maxQty", "1000");
                filters.addObject().put("filterType", "MIN_NOTIONAL").put("notional", "5");
            }
            return info;
        }));
        app.get("/fapi/v1/userTrades", ctx -> rest(ctx, true, () -> {
            // the account's fills of one symbol, oldest first: from startTime (or from the fill id fromId), at most limit
            String symbol = ctx.queryParam("symbol");
            long start = ctx.queryParam("startTime") == null ? Long.MIN_VALUE : Long.parseLong(ctx.queryParam("startTime"));
            long fromId = ctx.queryParam("fromId") == null ? Long.MIN_VALUE : Long.parseLong(ctx.queryParam("fromId"));
            int limit = ctx.queryParam("limit") == null ? 500 : Integer.parseInt(ctx.queryParam("limit"));
            userTradesReads.incrementAndGet();
            ArrayNode out = JSON.createArrayNode();
            synchronized (fills) {
                for (ObjectNode f : fills) {
                    if (out.size() < limit && f.path("symbol").asText().equals(symbol) && f.path("time").asLong() >= start
                            && f.path("id").asLong() >= fromId) {
                        out.add(f);
                    }
                }
            }
            return out;
        }));
        app.get("/fapi/v1/leverageBracket", ctx -> rest(ctx, true, () -> JSON.readTree(leverageBrackets)));
        app.get("/fapi/v1/premiumIndex", ctx -> rest(ctx, false, () -> {
            String symbol = ctx.queryParam("symbol");
            if (symbol != null) {
                return premium(symbol);
            }
            ArrayNode all = JSON.createArrayNode();   // no symbol: every symbol
            marks.keySet().forEach(s -> all.add(premium(s)));
            return all;
        }));
        app.get("/fapi/v1/openInterest", ctx -> rest(ctx, false, () -> JSON.createObjectNode()
                .put("openInterest", "10659.509").put("symbol", ctx.queryParam("symbol")).put("time", now())));
        app.get("/fapi/v1/klines", ctx -> rest(ctx, false, () -> {
            // hourly candles around the current mark, each 2 % high to low: ATR = 2 % of the mark
            String symbol = ctx.queryParam("symbol");
            double m = marks.getOrDefault(symbol, 100.0);
            int limit = Integer.parseInt(ctx.queryParam("limit") == null ? "500" : ctx.queryParam("limit"));
            long t0 = (now() / 3_600_000 - limit) * 3_600_000;
            ArrayNode rows = JSON.createArrayNode();
            double[][] scripted = candles.get(symbol);
            if (scripted != null) {   // the scripted bars, the newest ending at this hour (the last `limit` of them)
                int n = scripted.length, from = Math.max(0, n - limit);
                long first = (now() / 3_600_000 - (n - from) + 1) * 3_600_000;
                for (int i = from; i < n; i++) {
                    double[] b = scripted[i];
                    long t = first + (i - from) * 3_600_000L;
                    rows.addArray().add(t).add(Double.toString(b[0])).add(Double.toString(b[1])).add(Double.toString(b[2]))
                            .add(Double.toString(b[3])).add("100").add(t + 3_600_000L - 1);
                }
                return rows;
            }
            for (int i = 0; i < limit; i++) {
                rows.addArray().add(t0 + i * 3_600_000L).add(Double.toString(m)).add(Double.toString(m * 1.01)).add(Double.toString(m * 0.99))
                        .add(Double.toString(m)).add("100").add(t0 + (i + 1) * 3_600_000L - 1);
            }
            return rows;
        }));
        app.get("/sapi/v1/account/apiRestrictions", ctx -> rest(ctx, true, () -> JSON.createObjectNode()
                .put("ipRestrict", false).put("createTime", 1698645219000L).put("enableReading", true)
                .put("enableWithdrawals", canWithdraw).put("enableInternalTransfer", false).put("enableMargin", false)
                .put("enableFutures", canTrade).put("permitsUniversalTransfer", false).put("enableVanillaOptions", false)
                .put("enableSpotAndMarginTrading", false)));
        marketStreams.mount(app, "/market/stream");
        app.ws("/private/ws", ws -> {
            ws.onConnect(ctx -> acceptUserSocket(ctx, ctx.queryParam("listenKey")));
            ws.onClose(ctx -> user.remove(ctx));
            ws.onError(ctx -> user.remove(ctx));
        });
        listen();
    }

    //-------------------------------------------------------------------------
    public FakeBinance wallet(double w) {
        this.wallet = w;
        return this;
    }

    /** Multi-Assets mode on or off ({@code multiAssetsMargin} of the account). */
    public FakeBinance multiAssets(boolean on) {
        this.multiAssets = on;
        return this;
    }

    /** A margin asset: its wallet (USDT: {@link #wallet}) and its assetIndex row (index, bid and ask buffer). */
    public FakeBinance asset(String asset, double walletBalance, double index, double bidBuffer, double askBuffer) {
        assetIndex.put(asset, new double[]{index, bidBuffer, askBuffer});
        if (asset.equals("USDT")) {
            wallet = walletBalance;
        } else {
            otherWallets.put(asset, walletBalance);
        }
        return this;
    }

    /** Changes an asset's wallet and pushes an ACCOUNT_UPDATE (reason DEPOSIT) carrying it. */
    public void transfer(String asset, double walletBalance) {
        if (asset.equals("USDT")) {
            wallet = walletBalance;
        } else {
            otherWallets.put(asset, walletBalance);
        }
        ObjectNode o = JSON.createObjectNode();
        long e = now();
        o.put("e", "ACCOUNT_UPDATE").put("E", e).put("T", e);
        ObjectNode a = o.putObject("a");
        a.put("m", "DEPOSIT");
        a.putArray("B").addObject().put("a", asset).put("wb", Double.toString(walletBalance)).put("cw", Double.toString(walletBalance)).put("bc", "0");
        a.putArray("P");
        pushUser(o.toString());
    }

    public FakeBinance position(Pos p) {
        positions.put(p.symbol + "/" + p.side, p);
        return this;
    }

    /** Replaces the leverageBracket answer (Binance JSON array). */
    public FakeBinance brackets(String json) {
        this.leverageBrackets = json;
        return this;
    }

    /**
     * The bundled leverage brackets with {@code symbol} given {@code like}'s (ETHUSDC with ETHUSDT's: a USDC-margined
     * contract the bundle does not list), for {@link #brackets}.
     */
    public static String bundledBracketsWith(String symbol, String like) {
        try (InputStream in = FakeBinance.class.getResourceAsStream("/io/perpguard/data/instruments.json")) {
            ArrayNode all = (ArrayNode) JSON.readTree(in).get("leverageBrackets");
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).path("symbol").asText().equals(like)) {
                    all.add(((ObjectNode) all.get(i).deepCopy()).put("symbol", symbol));
                    return all.toString();
                }
            }
            throw new IllegalArgumentException("no bundled brackets of " + like);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@code instruments} with {@code symbol} settled in {@code asset}: a USDC-margined contract as the watcher priced it
     * before it read the venue's {@code marginAsset} (in USDT), to compare with.
     */
    public static io.perpguard.instrument.Instruments settledIn(io.perpguard.instrument.Instruments instruments, String symbol, String asset) {
        Map<String, io.perpguard.instrument.Instrument> m = new java.util.LinkedHashMap<>(instruments.bySymbol());
        io.perpguard.instrument.Instrument i = m.get(symbol);
        m.put(symbol, new io.perpguard.instrument.Instrument(i.contract().on(i.contract().exchange(), i.contract().type(), 0, asset), i.tiers()));
        return new io.perpguard.instrument.Instruments(m, instruments.unknownHint(), instruments.withoutTables());
    }

    public FakeBinance permissions(boolean trade, boolean withdraw) {
        this.canTrade = trade;
        this.canWithdraw = withdraw;
        return this;
    }

    /** The venue's clock runs this far ahead of the local one. */
    public FakeBinance clockOffset(long ms) {
        skewClock(ms);
        return this;
    }

    /** Errors quote the API key (as some proxies do): the client must redact it. */
    public FakeBinance echoKeyInErrors(boolean on) {
        this.echoKeyInErrors = on;
        return this;
    }

    /** The next {@code n} REST calls answer 429 with Retry-After. */
    public void rateLimitNext(int n, int retryAfterSec) {
        limitStatus = 429;
        this.retryAfterSeconds = retryAfterSec;
        rateLimited.set(n);
    }

    /** The next {@code n} REST calls answer 418 (an IP ban for calling on after 429s) with Retry-After. */
    public void banNext(int n, int retryAfterSec) {
        limitStatus = 418;
        this.retryAfterSeconds = retryAfterSec;
        rateLimited.set(n);
    }

    /** Hourly candles {open, high, low, close}, oldest first, served by {@code /fapi/v1/klines} instead of the 2 % bars around the mark. */
    public FakeBinance candles(String symbol, double[][] ohlc) {
        candles.put(symbol, ohlc.clone());
        return this;
    }

    /** Sets a mark and pushes a markPriceUpdate (E = now) to every socket subscribed to the symbol; returns E. */

    @Override
    public long mark(String symbol, double price) {
        marks.put(symbol, price);
        long e = now();
        if (silent) {
            return e;
        }
        String lower = symbol.toLowerCase(Locale.ROOT);
        String frame = "{\"stream\":\"" + lower + "@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + e + ",\"s\":\"" + symbol
                + "\",\"p\":\"" + price + "\",\"i\":\"" + price + "\",\"P\":\"" + price + "\",\"r\":\"" + funding.getOrDefault(symbol, 0.0001)
                + "\",\"T\":" + nextFunding.getOrDefault(symbol, (e / 28_800_000 + 1) * 28_800_000) + "}}";
        marketStreams.push(lower, frame);
        return e;
    }

    public void funding(String symbol, double rate, long nextFundingMs) {
        funding.put(symbol, rate);
        nextFunding.put(symbol, nextFundingMs);
    }

    /**
     * The venue liquidates a position: an ORDER_TRADE_UPDATE of type LIQUIDATION at the current mark, then an
     * ACCOUNT_UPDATE with the position at 0 and the wallet less what was lost.
     */
    public void liquidate(String symbol, String side) {
        Pos p = positions.get(symbol + "/" + side);
        liquidate(symbol, side, Math.abs(p.amount));
    }

    /**
     * The venue liquidates {@code qty} of a cross position (all of it: closed; less: a tiered partial liquidation, the rest
     * stays open at its entry): the LIQUIDATION order for that quantity at the current mark, then the ACCOUNT_UPDATE with the
     * position's new size and the wallet less the loss on the part closed (an isolated one's: all its margin when closed).
     */
    public void liquidate(String symbol, String side, double qty) {
        Pos p = positions.get(symbol + "/" + side);
        double price = marks.getOrDefault(symbol, p.entry);
        double part = Math.signum(p.amount) * qty;
        boolean all = qty >= Math.abs(p.amount);
        double loss = p.isolated && all ? p.isolatedWallet : Math.max(0, -part * (price - p.entry));
        wallet = Math.max(0, wallet - loss);
        long e = now();
        ObjectNode o = JSON.createObjectNode();
        o.put("e", "ORDER_TRADE_UPDATE").put("E", e).put("T", e);
        o.putObject("o").put("s", symbol).put("c", "autoclose-" + e).put("S", p.amount > 0 ? "SELL" : "BUY").put("o", "LIQUIDATION")
                .put("f", "IOC").put("q", Double.toString(qty)).put("p", Double.toString(price)).put("ap", Double.toString(price))
                .put("x", "TRADE").put("X", "FILLED").put("ps", side).put("R", true);
        pushUser(o.toString());
        p.amount = all ? 0 : p.amount - part;
        if (all) {
            positions.remove(symbol + "/" + side);
        }
        pushUser(accountUpdate("ORDER", p));
    }

    /**
     * Only the ORDER_TRADE_UPDATE of a LIQUIDATION order for {@code qty} of {@code symbol}'s leg {@code side} at the current mark,
     * the position left as it is: a report that comes after the update that closed the position (or about one already gone).
     */
    public void liquidationOrder(String symbol, String side, double qty, boolean wasLong) {
        liquidationOrder(symbol, side, qty, wasLong, Double.NaN, Double.NaN, null);
    }

    /**
     * As {@link #liquidationOrder(String, String, double, boolean)}, the trade carrying the venue's own figures as Binance's
     * ORDER_TRADE_UPDATE does: {@code l} the quantity filled, {@code rp} its realized profit, {@code n} the commission in
     * {@code N} (each left out where NaN / null, as Binance leaves n and N out where no commission was charged).
     */
    public void liquidationOrder(String symbol, String side, double qty, boolean wasLong, double realizedProfit, double commission,
                                 String commissionAsset) {
        double price = marks.getOrDefault(symbol, 0.0);
        long e = now();
        ObjectNode o = JSON.createObjectNode();
        o.put("e", "ORDER_TRADE_UPDATE").put("E", e).put("T", e);
        ObjectNode ord = o.putObject("o").put("s", symbol).put("c", "autoclose-" + e).put("S", wasLong ? "SELL" : "BUY").put("o", "LIQUIDATION")
                .put("f", "IOC").put("q", Double.toString(qty)).put("p", Double.toString(price)).put("ap", Double.toString(price))
                .put("x", "TRADE").put("X", "FILLED").put("ps", side).put("R", true).put("l", Double.toString(qty))
                .put("z", Double.toString(qty)).put("L", Double.toString(price)).put("T", e).put("t", e);
        if (!Double.isNaN(realizedProfit)) {
            ord.put("rp", Double.toString(realizedProfit));
        }
        if (!Double.isNaN(commission)) {
            ord.put("n", Double.toString(commission)).put("N", commissionAsset);
        }
        pushUser(o.toString());
    }

    /**
     * The trader's order closes {@code symbol}'s leg {@code side} (all of it) in fills of {@code qty[i]} at {@code price[i]} (the
     * sizes add up to the position's): one ORDER_TRADE_UPDATE per fill as Binance pushes it — {@code x} TRADE, {@code X}
     * PARTIALLY_FILLED then FILLED, {@code l} / {@code L} the fill's quantity and price, {@code z} / {@code ap} the order's
     * running sum and average, {@code rp} and the commission {@code n} in USDT shared among the fills by size — then the
     * ACCOUNT_UPDATE with the position at 0 and the wallet moved by the profit less the commission.
     */
    public void closeByTrades(String symbol, String side, double[] qty, double[] price, double realizedProfit, double commission) {
        Pos p = positions.remove(symbol + "/" + side);
        double total = Math.abs(p.amount), filled = 0, value = 0;
        long orderId = 8_389_765_000L + now() % 1_000;
        for (int i = 0; i < qty.length; i++) {
            filled += qty[i];
            value += qty[i] * price[i];
            long e = now();
            ObjectNode o = JSON.createObjectNode();
            o.put("e", "ORDER_TRADE_UPDATE").put("E", e).put("T", e);
            o.putObject("o").put("s", symbol).put("c", "web_close" + orderId).put("S", p.amount > 0 ? "SELL" : "BUY").put("o", "MARKET")
                    .put("f", "GTC").put("q", Double.toString(total)).put("p", "0").put("ap", Double.toString(value / filled)).put("sp", "0")
                    .put("x", "TRADE").put("X", i == qty.length - 1 ? "FILLED" : "PARTIALLY_FILLED").put("i", orderId)
                    .put("l", Double.toString(qty[i])).put("z", Double.toString(filled)).put("L", Double.toString(price[i]))
                    .put("N", "USDT").put("n", Double.toString(commission * qty[i] / total)).put("T", e).put("t", orderId + i)
                    .put("b", "0").put("a", "0").put("m", false).put("R", true).put("wt", "CONTRACT_PRICE").put("ot", "MARKET")
                    .put("ps", side).put("cp", false).put("rp", Double.toString(realizedProfit * qty[i] / total)).put("pP", false)
                    .put("si", 0).put("ss", 0).put("V", "EXPIRE_TAKER").put("pm", "NONE").put("gtd", 0);
            pushUser(o.toString());
        }
        wallet += realizedProfit - commission;
        p.amount = 0;
        pushUser(accountUpdate("ORDER", p));
    }

    private volatile java.util.concurrent.CountDownLatch positionRiskHeld;
    private final java.util.concurrent.atomic.AtomicInteger positionRiskHeldReads = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * While on, positionRisk answers the positions as they were when the request came, but only when let go (off): a slow
     * read, during which the account stream goes on.
     */
    public void holdPositionRisk(boolean on) {
        java.util.concurrent.CountDownLatch was = positionRiskHeld;
        positionRiskHeld = on ? new java.util.concurrent.CountDownLatch(1) : null;
        if (was != null) {
            was.countDown();
        }
    }

    /** positionRisk reads held so far ({@link #holdPositionRisk}). */
    public int positionRiskHeldReads() {
        return positionRiskHeldReads.get();
    }

    /** Binance expires the listenKey: the key stops working and {@code listenKeyExpired} is pushed on the account sockets. */
    public void expireListenKey() {
        String k = currentListenKey;
        currentListenKey = "expired";
        pushUser(JSON.createObjectNode().put("e", "listenKeyExpired").put("E", now()).put("listenKey", k).toString());
    }


    /**
     * Records one of the account's fills (unpushed: the script moves the position itself), stamped now: {@code side} BUY or
     * SELL on the leg {@code positionSide} (BOTH, LONG, SHORT), Binance's userTrades fields.
     */
    public void fill(String symbol, String positionSide, String side, double qty, double price) {
        fill(symbol, positionSide, side, qty, price, 0);
    }

    /**
     * {@link #fill}, stamped {@code afterMs} from now: the watcher asks for the fills from when it last knew the position (its
     * local clock plus the venue's offset, measured to a few ms), so a fill a test makes within milliseconds of that moment
     * needs a lag to be counted as after it, as every real one is.
     */
    public void fill(String symbol, String positionSide, String side, double qty, double price, long afterMs) {
        fillAt(symbol, positionSide, side, qty, price, now() + afterMs);
    }

    /**
     * {@link #fill}, stamped {@code venueTimeMs} on the venue's clock (the one its time endpoint answers, {@link #clockOffset}
     * ahead of the local one): a venue whose matching engine stamps a fill a little behind that endpoint, or whose offset
     * the watcher measured a round trip off, puts a fill made just after a moment just before it.
     */
    public void fillAt(String symbol, String positionSide, String side, double qty, double price, long venueTimeMs) {
        synchronized (fills) {
            long id = 1_000 + fills.size();
            fills.add(JSON.createObjectNode().put("id", id).put("orderId", 9_000 + id).put("symbol", symbol).put("side", side)
                    .put("positionSide", positionSide).put("buyer", "BUY".equals(side)).put("maker", false).put("price", Double.toString(price))
                    .put("qty", Double.toString(qty)).put("quoteQty", Double.toString(qty * price)).put("realizedPnl", "0")
                    .put("commission", "0").put("commissionAsset", "USDT").put("time", venueTimeMs));
        }
    }

    /** userTrades reads so far. */
    public int userTradesReads() {
        return userTradesReads.get();
    }

    /** Pushes an ACCOUNT_UPDATE for this position (as changed by the script). */
    public void update(Pos p) {
        positions.put(p.symbol + "/" + p.side, p);
        pushUser(accountUpdate("ORDER", p));
    }

    /** Sends a frame that is not JSON to every market socket. */
    @Override
    public void malformedFrame() {
        for (WsContext c : market) {
            send(c, "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"p\":");
        }
    }

    //-------------------------------------------------------------------------

    private JsonNode account() {
        ObjectNode o = JSON.createObjectNode();
        o.put("feeTier", 0).put("canTrade", true).put("canDeposit", true).put("canWithdraw", true).put("multiAssetsMargin", multiAssets);
        o.put("totalWalletBalance", Double.toString(wallet));
        ArrayNode assets = o.putArray("assets");
        assets.addObject().put("asset", "USDT").put("walletBalance", Double.toString(wallet)).put("marginAvailable", true);
        otherWallets.forEach((asset, w) -> assets.addObject().put("asset", asset).put("walletBalance", Double.toString(w))
                .put("marginAvailable", multiAssets));
        ArrayNode ps = o.putArray("positions");
        for (Pos p : positions.values()) {
            ps.addObject().put("symbol", p.symbol).put("positionSide", p.side).put("positionAmt", Double.toString(p.amount))
                    .put("entryPrice", Double.toString(p.entry)).put("leverage", Integer.toString((int) p.leverage)).put("isolated", p.isolated);
        }
        return o;
    }

    private JsonNode positionRisk() {
        ArrayNode a = JSON.createArrayNode();
        for (Pos p : positions.values()) {
            double mark = marks.getOrDefault(p.symbol, p.entry);
            a.addObject().put("symbol", p.symbol).put("positionAmt", Double.toString(p.amount)).put("entryPrice", Double.toString(p.entry))
                    .put("breakEvenPrice", "0.0").put("markPrice", Double.toString(mark))
                    .put("unRealizedProfit", Double.toString(p.amount * (mark - p.entry))).put("liquidationPrice", "0")
                    .put("leverage", Integer.toString((int) p.leverage)).put("maxNotionalValue", "100000000")
                    .put("marginType", p.isolated ? "isolated" : "cross").put("isolatedMargin", Double.toString(p.isolatedWallet))
                    .put("isAutoAddMargin", "false").put("positionSide", p.side).put("notional", Double.toString(p.amount * mark))
                    .put("isolatedWallet", Double.toString(p.isolated ? p.isolatedWallet : 0)).put("updateTime", now());
        }
        return a;
    }

    private ObjectNode premium(String symbol) {
        double m = marks.getOrDefault(symbol, 0.0);
        return JSON.createObjectNode().put("symbol", symbol).put("markPrice", Double.toString(m)).put("indexPrice", Double.toString(m))
                .put("lastFundingRate", Double.toString(funding.getOrDefault(symbol, 0.0001))).put("interestRate", "0.00010000")
                .put("nextFundingTime", nextFunding.getOrDefault(symbol, (now() / 28_800_000 + 1) * 28_800_000)).put("time", now());
    }

    private String accountUpdate(String reason, Pos p) {
        ObjectNode o = JSON.createObjectNode();
        long e = now();
        o.put("e", "ACCOUNT_UPDATE").put("E", e).put("T", e);
        ObjectNode a = o.putObject("a");
        a.put("m", reason);
        ArrayNode b = a.putArray("B");
        b.addObject().put("a", "USDT").put("wb", Double.toString(wallet)).put("cw", Double.toString(wallet)).put("bc", "0");
        if (multiAssets) {
            otherWallets.forEach((asset, w) -> b.addObject().put("a", asset).put("wb", Double.toString(w)).put("cw", Double.toString(w)).put("bc", "0"));
        }
        a.putArray("P").addObject().put("s", p.symbol).put("pa", Double.toString(p.amount)).put("ep", Double.toString(p.entry))
                .put("bep", Double.toString(p.entry)).put("cr", "0").put("up", "0").put("mt", p.isolated ? "isolated" : "cross")
                .put("iw", Double.toString(p.isolated ? p.isolatedWallet : 0)).put("ps", p.side);
        return o.toString();
    }

    private long now() {
        return venueNow();
    }

    private static String bundledBrackets() {
        try (InputStream in = FakeBinance.class.getResourceAsStream("/io/perpguard/data/instruments.json")) {
            return JSON.readTree(in).get("leverageBrackets").toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
