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

/**
 * A local Binance COIN-M for tests, in the {@code dapi}/{@code dstream} shapes of Binance's docs (the research pack's
 * examples): signed {@code /dapi/v1/account} (a wallet per asset), {@code /dapi/v1/positionRisk} (amounts in
 * contracts, {@code isolatedMargin} = isolated wallet + unrealized PnL, no {@code isolatedWallet}),
 * {@code /dapi/v2/leverageBracket} (coin brackets, the floor spelt {@code qtylFloor} as the docs do),
 * {@code /dapi/v1/exchangeInfo} ({@code contractSize}, {@code marginAsset}), premiumIndex, openInterest (contracts),
 * klines, listenKey, {@code /sapi} apiRestrictions; sockets {@code /stream?streams=<sym>@markPrice@1s} and
 * {@code /ws/<listenKey>}. Loopback, port 0. Signed requests are verified (key header, HMAC, recvWindow).
 */
public final class FakeBinanceCoinm extends FakeBinanceFutures {
    /** Face value per contract (USD), as exchangeInfo gives it. */
    public static final Map<String, Double> FACE = Map.of("BTCUSD_PERP", 100.0, "ETHUSD_PERP", 10.0);

    /** A position: {@code contracts} signed (negative short), isolated wallet in the coin. */
    public static final class Pos {
        public final String symbol, side;
        public volatile double contracts, entry, leverage, isolatedWallet;
        public final boolean isolated;

        public Pos(String symbol, String side, double contracts, double entry, double leverage, boolean isolated, double isolatedWallet) {
            this.symbol = symbol;
            this.side = side;
            this.contracts = contracts;
            this.entry = entry;
            this.leverage = leverage;
            this.isolated = isolated;
            this.isolatedWallet = isolatedWallet;
        }

        /** Unrealized PnL in the coin at {@code mark}: contracts × face × (1/entry − 1/mark). */
        double pnl(double mark) {
            return contracts * FACE.get(symbol) * (1 / entry - 1 / mark);
        }
    }

    private final Map<String, Pos> positions = new ConcurrentHashMap<>();
    private final Map<String, Double> wallets = new ConcurrentHashMap<>();
    private final Map<String, Double> marks = new ConcurrentHashMap<>();
    private final Map<String, Double> funding = new ConcurrentHashMap<>();
    private final Map<String, Long> nextFunding = new ConcurrentHashMap<>();
    private final BinanceMarketStreams marketStreams = new BinanceMarketStreams(market);
    private volatile String brackets = docsSpelledBrackets();
    private volatile String rawPositionRisk, rawAccount;

    public FakeBinanceCoinm(String apiKey, String secret) {
        super(apiKey, secret, "/dapi", "Too many requests; current limit is 2400 requests per minute.", "cm", false);
        app.get("/dapi/v1/time", ctx -> rest(ctx, false, () -> JSON.createObjectNode().put("serverTime", venueNow())));
        app.get("/dapi/v1/exchangeInfo", ctx -> rest(ctx, false, this::exchangeInfo));
        app.get("/dapi/v1/account", ctx -> rest(ctx, true, () -> rawAccount != null ? JSON.readTree(rawAccount) : account()));
        app.get("/dapi/v1/positionRisk", ctx -> rest(ctx, true, () -> rawPositionRisk != null ? JSON.readTree(rawPositionRisk) : positionRisk()));
        app.get("/dapi/v2/leverageBracket", ctx -> rest(ctx, true, () -> {
            JsonNode all = JSON.readTree(brackets);
            String symbol = ctx.queryParam("symbol");
            if (symbol == null) {
                return all;
            }
            ArrayNode one = JSON.createArrayNode();
            all.forEach(e -> {
                if (e.path("symbol").asText().equals(symbol)) {
                    one.add(e);
                }
            });
            return one;
        }));
        app.get("/dapi/v1/premiumIndex", ctx -> rest(ctx, false, () -> {
            ArrayNode all = JSON.createArrayNode();   // COIN-M answers an array, with or without symbol
            marks.forEach((s, m) -> all.addObject().put("symbol", s).put("pair", s.substring(0, s.indexOf('_')))
                    .put("markPrice", Double.toString(m)).put("indexPrice", Double.toString(m)).put("estimatedSettlePrice", Double.toString(m))
                    .put("lastFundingRate", Double.toString(funding.getOrDefault(s, 0.0001))).put("interestRate", "0.00010000")
                    .put("nextFundingTime", nextFunding.getOrDefault(s, (venueNow() / 28_800_000 + 1) * 28_800_000)).put("time", venueNow()));
            return all;
        }));
        app.get("/dapi/v1/openInterest", ctx -> rest(ctx, false, () -> JSON.createObjectNode().put("symbol", ctx.queryParam("symbol"))
                .put("pair", "BTCUSD").put("openInterest", "517470").put("contractType", "PERPETUAL").put("time", venueNow())));
        app.get("/dapi/v1/klines", ctx -> rest(ctx, false, () -> {
            double m = marks.getOrDefault(ctx.queryParam("symbol"), 100.0);
            int limit = Integer.parseInt(ctx.queryParam("limit") == null ? "500" : ctx.queryParam("limit"));
            long t0 = (venueNow() / 3_600_000 - limit) * 3_600_000;
            ArrayNode rows = JSON.createArrayNode();
            for (int i = 0; i < limit; i++) {
                rows.addArray().add(t0 + i * 3_600_000L).add(Double.toString(m)).add(Double.toString(m * 1.01)).add(Double.toString(m * 0.99))
                        .add(Double.toString(m)).add("100").add(t0 + (i + 1) * 3_600_000L - 1);
            }
            return rows;
        }));
        app.get("/sapi/v1/account/apiRestrictions", ctx -> rest(ctx, true, () -> JSON.createObjectNode()
                .put("ipRestrict", false).put("enableReading", true).put("enableWithdrawals", false).put("enableMargin", false)
                .put("enableFutures", false).put("enableVanillaOptions", false).put("enableSpotAndMarginTrading", false)));
        marketStreams.mount(app, "/stream");
        app.ws("/ws/{listenKey}", ws -> {
            ws.onConnect(ctx -> acceptUserSocket(ctx, ctx.pathParam("listenKey")));
            ws.onClose(ctx -> user.remove(ctx));
            ws.onError(ctx -> user.remove(ctx));
        });
        listen();
    }

    //------------------------------------------------------------------------- script
    /** The wallet of one margin asset, in the coin. */
    public FakeBinanceCoinm wallet(String asset, double w) {
        wallets.put(asset, w);
        return this;
    }

    public double wallet(String asset) {
        return wallets.getOrDefault(asset, 0.0);
    }

    public FakeBinanceCoinm position(Pos p) {
        positions.put(p.symbol + "/" + p.side, p);
        return this;
    }

    /** Serves these bodies verbatim (a docs example) instead of the scripted account. */
    public FakeBinanceCoinm raw(String account, String positionRisk) {
        this.rawAccount = account;
        this.rawPositionRisk = positionRisk;
        return this;
    }

    /** Replaces the leverageBracket answer. */
    public FakeBinanceCoinm brackets(String json) {
        this.brackets = json;
        return this;
    }

    /** Echo the API key in errors (a proxy doing so): the client must redact it. */
    public FakeBinanceCoinm echoKeyInErrors(boolean on) {
        this.echoKeyInErrors = on;
        return this;
    }

    /** The funding rate and next funding time the mark frames and premiumIndex carry from now on. */
    public void funding(String symbol, double rate, long nextFundingMs) {
        funding.put(symbol, rate);
        nextFunding.put(symbol, nextFundingMs);
    }

    /** The position held, by {@code SYMBOL/SIDE}. */
    public Pos position(String key) {
        return positions.get(key);
    }


    /** Sets a mark and pushes a COIN-M markPriceUpdate to every socket subscribed to the symbol; returns its event time. */
    @Override
    public long mark(String symbol, double price) {
        marks.put(symbol, price);
        long e = venueNow();
        if (silent) {
            return e;
        }
        String lower = symbol.toLowerCase(Locale.ROOT);
        String frame = "{\"stream\":\"" + lower + "@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + e + ",\"s\":\"" + symbol
                + "\",\"p\":\"" + price + "\",\"P\":\"" + price + "\",\"i\":\"" + price + "\",\"r\":\"" + funding.getOrDefault(symbol, 0.0001)
                + "\",\"T\":" + nextFunding.getOrDefault(symbol, (e / 28_800_000 + 1) * 28_800_000) + "}}";
        marketStreams.push(lower, frame);
        return e;
    }

    @Override
    public void malformedFrame() {
        for (WsContext c : market) {
            send(c, "{\"stream\":\"btcusd_perp@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"p\":");
        }
    }

    /**
     * The venue liquidates a position at the current mark: an ORDER_TRADE_UPDATE of type LIQUIDATION, then an
     * ACCOUNT_UPDATE with the position at 0 and its coin's wallet less what was lost (the isolated wallet, or the loss).
     */
    public void liquidate(String symbol, String side) {
        Pos p = positions.remove(symbol + "/" + side);
        double price = marks.getOrDefault(symbol, p.entry);
        String asset = asset(symbol);
        double loss = p.isolated ? p.isolatedWallet : Math.max(0, -p.pnl(price));
        wallets.put(asset, Math.max(0, wallet(asset) - loss));
        long e = venueNow();
        ObjectNode o = JSON.createObjectNode();
        o.put("e", "ORDER_TRADE_UPDATE").put("E", e).put("T", e);
        o.putObject("o").put("s", symbol).put("c", "autoclose-" + e).put("S", p.contracts > 0 ? "SELL" : "BUY").put("o", "LIQUIDATION")
                .put("f", "IOC").put("q", Double.toString(Math.abs(p.contracts))).put("p", Double.toString(price)).put("ap", Double.toString(price))
                .put("x", "TRADE").put("X", "FILLED").put("ps", side).put("ma", asset).put("R", true);
        pushUser(o.toString());
        p.contracts = 0;
        pushUser(accountUpdate("ORDER", p));
    }

    /**
     * The trader's order closes {@code symbol}'s leg {@code side} (all of it) in fills of {@code contracts[i]} at {@code price[i]}
     * (the counts add up to the position's): one ORDER_TRADE_UPDATE per fill as Binance pushes it ({@code l} / {@code L} the
     * fill's contracts and price, {@code z} / {@code ap} the order's running sum and average, {@code rp} and the commission
     * {@code n} in the coin shared by size), then the ACCOUNT_UPDATE with the position at 0 and the coin's wallet moved.
     */
    public void closeByTrades(String symbol, String side, double[] contracts, double[] price, double realizedProfit, double commission) {
        Pos p = positions.remove(symbol + "/" + side);
        String asset = asset(symbol);
        double total = Math.abs(p.contracts), filled = 0, value = 0;
        long orderId = 7_220_000_000L + venueNow() % 1_000;
        for (int i = 0; i < contracts.length; i++) {
            filled += contracts[i];
            value += contracts[i] * price[i];
            long e = venueNow();
            ObjectNode o = JSON.createObjectNode();
            o.put("e", "ORDER_TRADE_UPDATE").put("E", e).put("T", e).put("i", "SfsR");
            o.putObject("o").put("s", symbol).put("c", "web_close" + orderId).put("S", p.contracts > 0 ? "SELL" : "BUY").put("o", "MARKET")
                    .put("f", "GTC").put("q", Double.toString(total)).put("p", "0").put("ap", Double.toString(value / filled)).put("sp", "0")
                    .put("x", "TRADE").put("X", i == contracts.length - 1 ? "FILLED" : "PARTIALLY_FILLED").put("i", orderId)
                    .put("l", Double.toString(contracts[i])).put("z", Double.toString(filled)).put("L", Double.toString(price[i]))
                    .put("ma", asset).put("N", asset).put("n", Double.toString(commission * contracts[i] / total)).put("T", e)
                    .put("t", orderId + i).put("b", "0").put("a", "0").put("m", false).put("R", true).put("wt", "CONTRACT_PRICE")
                    .put("ot", "MARKET").put("ps", side).put("cp", false).put("rp", Double.toString(realizedProfit * contracts[i] / total))
                    .put("pP", false).put("si", 0).put("ss", 0);
            pushUser(o.toString());
        }
        wallets.put(asset, wallet(asset) + realizedProfit - commission);
        p.contracts = 0;
        pushUser(accountUpdate("ORDER", p));
    }

    /** Pushes an ACCOUNT_UPDATE for this position (as changed by the script). */
    public void update(Pos p) {
        positions.put(p.symbol + "/" + p.side, p);
        pushUser(accountUpdate("ORDER", p));
    }

    //------------------------------------------------------------------------- shapes
    private static String asset(String symbol) {
        return symbol.substring(0, symbol.indexOf("USD"));
    }

    private JsonNode exchangeInfo() {
        ObjectNode o = JSON.createObjectNode().put("timezone", "UTC").put("serverTime", venueNow());
        ArrayNode syms = o.putArray("symbols");
        FACE.forEach((s, face) -> {
            ObjectNode e = syms.addObject();
            ArrayNode f = e.putArray("filters");
            f.addObject().put("filterType", "PRICE_FILTER").put("maxPrice", "4520958").put("minPrice", "1000")
                    .put("tickSize", s.startsWith("BTC") ? "0.1" : "0.01");
            f.addObject().put("filterType", "LOT_SIZE").put("maxQty", "1000000").put("minQty", "1").put("stepSize", "1");
            e.put("liquidationFee", "0.010000").put("marketTakeBound", "0.05").put("symbol", s).put("pair", s.substring(0, s.indexOf('_')))
                    .put("contractType", "PERPETUAL").put("deliveryDate", 4133404800000L).put("onboardDate", 1597042800000L)
                    .put("contractStatus", "TRADING").put("contractSize", face.intValue()).put("quoteAsset", "USD").put("baseAsset", asset(s))
                    .put("marginAsset", asset(s)).put("pricePrecision", 1).put("quantityPrecision", 0).put("maintMarginPercent", "2.5000")
                    .put("requiredMarginPercent", "5.0000").put("underlyingType", "COIN");
        });
        return o;
    }

    private JsonNode account() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode assets = o.putArray("assets");
        wallets.forEach((a, w) -> assets.addObject().put("asset", a).put("walletBalance", String.format(Locale.ROOT, "%.8f", w))
                .put("unrealizedProfit", "0.00000000").put("marginBalance", String.format(Locale.ROOT, "%.8f", w))
                .put("crossWalletBalance", String.format(Locale.ROOT, "%.8f", w)).put("updateTime", venueNow()));
        ArrayNode ps = o.putArray("positions");
        for (Pos p : positions.values()) {
            ps.addObject().put("symbol", p.symbol).put("positionAmt", Double.toString(p.contracts)).put("leverage", Integer.toString((int) p.leverage))
                    .put("isolated", p.isolated).put("positionSide", p.side).put("entryPrice", Double.toString(p.entry)).put("updateTime", 0);
        }
        o.put("canDeposit", true).put("canTrade", true).put("canWithdraw", true).put("feeTier", 0).put("updateTime", 0);
        return o;
    }

    private JsonNode positionRisk() {
        ArrayNode a = JSON.createArrayNode();
        for (Pos p : positions.values()) {
            double mark = marks.getOrDefault(p.symbol, p.entry);
            double upnl = p.pnl(mark);
            a.addObject().put("symbol", p.symbol).put("positionAmt", Double.toString(p.contracts)).put("entryPrice", Double.toString(p.entry))
                    .put("breakEvenPrice", Double.toString(p.entry)).put("markPrice", Double.toString(mark))
                    .put("unRealizedProfit", String.format(Locale.ROOT, "%.8f", upnl)).put("liquidationPrice", "0")
                    .put("leverage", Integer.toString((int) p.leverage)).put("maxQty", "50").put("marginType", p.isolated ? "isolated" : "cross")
                    .put("isolatedMargin", String.format(Locale.ROOT, "%.8f", p.isolated ? p.isolatedWallet + upnl : 0))
                    .put("isAutoAddMargin", "false").put("positionSide", p.side).put("updateTime", venueNow());
        }
        return a;
    }

    private String accountUpdate(String reason, Pos p) {
        ObjectNode o = JSON.createObjectNode();
        long e = venueNow();
        o.put("e", "ACCOUNT_UPDATE").put("E", e).put("T", e).put("i", "SfsR");
        ObjectNode a = o.putObject("a");
        a.put("m", reason);
        ArrayNode b = a.putArray("B");
        wallets.forEach((asset, w) -> b.addObject().put("a", asset).put("wb", String.format(Locale.ROOT, "%.8f", w))
                .put("cw", String.format(Locale.ROOT, "%.8f", w)).put("bc", "0"));
        // COIN-M pushes every symbol's position; here the changed one is enough for the watcher
        a.putArray("P").addObject().put("s", p.symbol).put("pa", Double.toString(p.contracts)).put("ep", Double.toString(p.entry))
                .put("bep", Double.toString(p.entry)).put("cr", "0").put("up", "0").put("mt", p.isolated ? "isolated" : "cross")
                .put("iw", String.format(Locale.ROOT, "%.8f", p.isolated ? p.isolatedWallet : 0)).put("ps", p.side);
        return o.toString();
    }

    /** The bundled BTCUSD_PERP brackets as dapi v2 serves them, the floor spelt {@code qtylFloor} as Binance's docs do. */
    private static String docsSpelledBrackets() {
        try (InputStream in = FakeBinanceCoinm.class.getResourceAsStream("/io/perpguard/data/tiers/binance-coinm.json")) {
            JsonNode all = JSON.readTree(in);
            for (JsonNode e : all) {
                ((ObjectNode) e).remove("_source");
                for (JsonNode b : e.path("brackets")) {
                    ObjectNode ob = (ObjectNode) b;
                    ob.set("qtylFloor", ob.remove("qtyFloor"));
                }
            }
            return all.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
