package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local Bybit V5 (unified account, USDT linear and inverse) for tests: signed REST (query-api, account info, wallet
 * balance of every coin, position list and tickers per category, risk limits — inverse ones in percent as Bybit
 * serves them — time), the public {@code tickers.*} sockets {@code /v5/public/linear} and {@code /v5/public/inverse}
 * (a snapshot, then deltas) and the private socket ({@code auth}, {@code position}, {@code wallet}, {@code execution}),
 * with ping/pong; dropped sockets on demand. A symbol ending in {@code USD} ({@code BTCUSD}) is inverse: its size is
 * contracts of 1 USD, its margin and wallet the coin's.
 */
public final class FakeBybit extends FakeVenue {

    /** A position: size ≥ 0 with side Buy/Sell, isolated margin in positionBalance. */
    public record Pos(String symbol, String side, double size, double avgPrice, double leverage, double positionBalance) {
    }

    private final Map<String, Pos> positions = new ConcurrentHashMap<>();
    private final Map<String, Double> marks = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>();
    private final Set<String> snapshotSent = ConcurrentHashMap.newKeySet();
    private volatile double wallet;
    private final Map<String, Double> coins = new java.util.concurrent.ConcurrentSkipListMap<>();   // BTC, ETH: the inverse contracts' wallets
    private final Map<String, String> feedOf = new ConcurrentHashMap<>();   // public socket session → linear / inverse
    private volatile String marginMode = "ISOLATED_MARGIN";
    private volatile boolean readOnly = true;

    private final java.util.concurrent.atomic.AtomicInteger banned = new java.util.concurrent.atomic.AtomicInteger();

    private volatile int utaStatus = 3;
    private final Map<String, Double> coinIndex = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, double[][]> collateralTiers = new java.util.concurrent.ConcurrentSkipListMap<>();

    public FakeBybit(String apiKey, String secret) {
        super(apiKey, secret);
        app.get("/v5/market/time", ctx -> ok(ctx, false, () -> JSON.createObjectNode().put("timeSecond", Long.toString(venueNow() / 1000))));
        app.get("/v5/user/query-api", ctx -> ok(ctx, true, () -> {
            ObjectNode r = JSON.createObjectNode().put("readOnly", readOnly ? 1 : 0);
            r.putObject("permissions").putArray("Wallet").add("AccountTransfer");
            return r;
        }));
        app.get("/v5/account/info", ctx -> ok(ctx, true, () -> JSON.createObjectNode().put("marginMode", marginMode).put("unifiedMarginStatus", utaStatus)));
        app.get("/v5/spot-margin-trade/collateral", ctx -> ok(ctx, false, () -> {
            ObjectNode r = JSON.createObjectNode();
            ArrayNode list = r.putArray("list");
            collateralTiers.forEach((coin, t) -> {
                ArrayNode tiers = list.addObject().put("currency", coin).putArray("collateralRatioList");
                double from = 0;
                for (int i = 0; i < t[0].length; i++) {
                    tiers.addObject().put("minQty", Double.toString(from)).put("maxQty", Double.isInfinite(t[0][i]) ? "" : Double.toString(t[0][i]))
                            .put("collateralRatio", Double.toString(t[1][i]));
                    from = t[0][i];
                }
            });
            return r;
        }));
        app.get("/v5/account/wallet-balance", ctx -> ok(ctx, true, () -> {
            ObjectNode r = JSON.createObjectNode();
            ObjectNode a = r.putArray("list").addObject().put("accountType", "UNIFIED").put("totalWalletBalance", Double.toString(wallet));
            ArrayNode cs = a.putArray("coin");
            cs.addObject().put("coin", "USDT").put("walletBalance", Double.toString(wallet)).put("equity", Double.toString(wallet))
                    .put("usdValue", Double.toString(wallet * coinIndex.getOrDefault("USDT", 1.0))).put("marginCollateral", true).put("collateralSwitch", true);
            coins.forEach((c, w) -> cs.addObject().put("coin", c).put("walletBalance", Double.toString(w)).put("equity", Double.toString(w))
                    .put("usdValue", Double.toString(w * coinIndex.getOrDefault(c, 0.0))).put("marginCollateral", true).put("collateralSwitch", true));
            return r;
        }));
        app.get("/v5/position/list", ctx -> ok(ctx, true, () -> {
            // linear needs settleCoin (or symbol); inverse lists every open position (Bybit's position docs)
            String category = ctx.queryParam("category");
            if ("linear".equals(category) && ctx.queryParam("settleCoin") == null && ctx.queryParam("symbol") == null) {
                throw new IllegalArgumentException("linear needs settleCoin or symbol");
            }
            ObjectNode r = JSON.createObjectNode().put("category", category).put("nextPageCursor", "");
            ArrayNode list = r.putArray("list");
            positions.values().stream().filter(p -> category(p.symbol()).equals(category)).forEach(p -> list.add(positionJson(p)));
            return r;
        }));
        app.get("/v5/market/tickers", ctx -> ok(ctx, false, () -> {
            String category = ctx.queryParam("category");
            ObjectNode r = JSON.createObjectNode().put("category", category);
            ArrayNode list = r.putArray("list");
            marks.forEach((s, m) -> {
                if (category(s).equals(category)) {
                    list.addObject().put("symbol", s).put("markPrice", Double.toString(m)).put("indexPrice", Double.toString(m))
                            .put("fundingRate", "0.0001").put("nextFundingTime", Long.toString((System.currentTimeMillis() / 28_800_000 + 1) * 28_800_000));
                }
            });
            return r;
        }));
        // Bybit V5 "Get Fee Rate": result {category, list[{symbol, baseCoin, takerFeeRate, makerFeeRate}]}; non-VIP 0.055 % / 0.02 %.
        // symbol is optional for linear and inverse: without it every contract of the category is listed (here: those held or
        // marked, and SOLUSDT / ETHUSD, which the account does not hold)
        app.get("/v5/account/fee-rate", ctx -> ok(ctx, true, () -> {
            String sym = ctx.queryParam("symbol"), category = ctx.queryParam("category");
            if (sym != null && !category(sym).equals(category)) {
                throw new IllegalArgumentException(sym + " is not in category " + category);
            }
            java.util.Set<String> listed = new java.util.TreeSet<>();
            if (sym != null) {
                listed.add(sym);
            } else {
                listed.addAll(positions.keySet());
                listed.addAll(marks.keySet());
                listed.add("SOLUSDT");
                listed.add("ETHUSD");
                listed.removeIf(s -> !category(s).equals(category));
            }
            ObjectNode r = JSON.createObjectNode().put("category", category);
            ArrayNode list = r.putArray("list");
            for (String s : listed) {
                double[] f = feesOf(s, 0.00055, 0.0002);
                list.addObject().put("symbol", s).put("baseCoin", "").put("takerFeeRate", plain(f[0])).put("makerFeeRate", plain(f[1]));
            }
            return r;
        }));
        app.get("/v5/market/risk-limit", ctx -> ok(ctx, false, () -> {
            // V5 field names; ETHUSDT's first tier is Bybit's legacy docs example (900,000 / MM 0.5 % / IM 1 % / 100×),
            // BTCUSDT's two tiers a printed testnet ladder (2,000,000 / 0.5 % / 100×; 4,000,000 / 1 % / 57.14×)
            String sym = ctx.queryParam("symbol");
            String category = ctx.queryParam("category");
            if (!category(sym).equals(category)) {
                throw new IllegalArgumentException(sym + " is not in category " + category);
            }
            ObjectNode r = JSON.createObjectNode().put("category", category).put("nextPageCursor", "");
            ArrayNode list = r.putArray("list");
            // inverse: Bybit's risk-limit docs example for BTCUSD (150 BTC, MM "0.5", IM "1" in percent, 100×), then a second tier
            String[][] rows = "inverse".equals(category) ? new String[][]{{"150", "0.5", "1", "100.00"}, {"300", "1", "1.5", "66.67"}}
                    : "BTCUSDT".equals(sym) ? new String[][]{{"2000000", "0.005", "0.01", "100"}, {"4000000", "0.01", "0.0175", "57.14"}}
                    : new String[][]{{"900000", "0.005", "0.01", "100"}, {"50000000", "0.13", "0.2", "5"}};
            for (int i = 0; i < rows.length; i++) {
                list.addObject().put("id", i + 1).put("symbol", sym).put("riskLimitValue", rows[i][0]).put("maintenanceMargin", rows[i][1])
                        .put("initialMargin", rows[i][2]).put("isLowestRisk", i == 0 ? 1 : 0).put("maxLeverage", rows[i][3]).put("mmDeduction", "");
            }
            return r;
        }));
        app.get("/v5/market/instruments-info", ctx -> ok(ctx, false, () -> {
            ObjectNode r = JSON.createObjectNode().put("category", "linear").put("nextPageCursor", "");
            ObjectNode i = r.putArray("list").addObject().put("symbol", ctx.queryParam("symbol")).put("contractType", "LinearPerpetual")
                    .put("status", "Trading").put("settleCoin", "USDT").put("fundingInterval", 480);
            i.putObject("priceFilter").put("tickSize", "0.00001").put("minPrice", "0.00001");
            i.putObject("lotSizeFilter").put("qtyStep", "1").put("minOrderQty", "1").put("maxOrderQty", "5000000");
            return r;
        }));
        app.get("/v5/market/kline", ctx -> ok(ctx, false, () -> {
            // hourly candles 2 % high to low around the mark, newest first as Bybit lists them
            double m = marks.getOrDefault(ctx.queryParam("symbol"), 100.0);
            int limit = Integer.parseInt(ctx.queryParam("limit"));
            long last = System.currentTimeMillis() / 3_600_000 * 3_600_000;
            ObjectNode r = JSON.createObjectNode().put("category", "linear").put("symbol", ctx.queryParam("symbol"));
            ArrayNode list = r.putArray("list");
            for (int i = 0; i < limit; i++) {
                list.addArray().add(Long.toString(last - i * 3_600_000L)).add(Double.toString(m)).add(Double.toString(m * 1.01))
                        .add(Double.toString(m * 0.99)).add(Double.toString(m)).add("100").add("1000");
            }
            return r;
        }));
        for (String feed : new String[]{"linear", "inverse"}) {
        app.ws("/v5/public/" + feed, ws -> {
            ws.onConnect(ctx -> {
                topics.put(ctx.sessionId(), ConcurrentHashMap.newKeySet());
                feedOf.put(ctx.sessionId(), feed);
                market.add(ctx);
            });
            ws.onMessage(ctx -> {
                JsonNode n = JSON.readTree(ctx.message());
                switch (n.path("op").asText()) {
                    case "ping" -> {
                        pings.add("market");
                        send(ctx, "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c1\",\"req_id\":\"\",\"op\":\"ping\"}");
                    }
                    case "subscribe" -> {
                        boolean ok = true;
                        for (JsonNode a : n.path("args")) {
                            String sym = a.asText().substring(a.asText().indexOf('.') + 1);
                            ok &= category(sym).equals(feed);   // Bybit's linear socket knows no BTCUSD, nor the inverse one BTCUSDT
                            topics.get(ctx.sessionId()).add(a.asText());
                        }
                        send(ctx, "{\"success\":" + ok + ",\"ret_msg\":\"" + (ok ? "" : "error:handler not found") + "\",\"conn_id\":\"c1\",\"op\":\"subscribe\"}");
                    }
                    default -> {
                    }
                }
            });
            ws.onClose(ctx -> market.remove(ctx));
        });
        }
        app.ws("/v5/private", ws -> {
            ws.onMessage(ctx -> {
                JsonNode n = JSON.readTree(ctx.message());
                switch (n.path("op").asText()) {
                    case "auth" -> {
                        JsonNode a = n.path("args");
                        boolean ok = apiKey.equals(a.get(0).asText()) && hmacHex("GET/realtime" + a.get(1).asLong()).equals(a.get(2).asText())
                                && a.get(1).asLong() > venueNow();
                        send(ctx, "{\"success\":" + ok + ",\"ret_msg\":\"" + (ok ? "" : "Request not authorized") + "\",\"op\":\"auth\",\"conn_id\":\"p1\"}");
                        if (ok) {
                            user.add(ctx);
                        }
                    }
                    case "subscribe" -> send(ctx, "{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\",\"conn_id\":\"p1\"}");
                    case "ping" -> {
                        pings.add("user");
                        send(ctx, "{\"op\":\"pong\",\"args\":[\"" + System.currentTimeMillis() + "\"],\"conn_id\":\"p1\"}");
                    }
                    default -> {
                    }
                }
            });
            ws.onClose(ctx -> user.remove(ctx));
        });
        listen();
    }

    /** {@code unifiedMarginStatus} of {@code /v5/account/info}: 3 (UTA 1.0, inverse in a wallet per coin; the default) or 5 (UTA 2.0, all shared). */
    public FakeBybit utaStatus(int status) {
        utaStatus = status;
        return this;
    }

    /** A coin's USD index, served as wallet-balance {@code usdValue} = equity × index. */
    public FakeBybit coinIndex(String coin, double index) {
        coinIndex.put(coin, index);
        return this;
    }

    /** A coin's tiered collateral value ratios ({@code GET /v5/spot-margin-trade/collateral}): upper bounds by quantity (last +∞), ratios. */
    public FakeBybit collateralTiers(String coin, double[] maxQty, double[] ratio) {
        collateralTiers.put(coin, new double[][]{maxQty.clone(), ratio.clone()});
        return this;
    }

    public FakeBybit wallet(double w) {
        wallet = w;
        return this;
    }

    /** A coin's wallet balance (it margins the inverse contracts settled in it), listed beside USDT in wallet-balance. */
    public FakeBybit wallet(String coin, double w) {
        coins.put(coin, w);
        return this;
    }

    /** Pushes the {@code wallet} topic with a coin's balance as set (a deposit or a withdrawal: {@link #wallet(String, double)} first). */
    public void pushWallet(String coin) {
        ObjectNode w = JSON.createObjectNode().put("topic", "wallet").put("creationTime", System.currentTimeMillis());
        w.putArray("data").addObject().put("accountType", "UNIFIED").putArray("coin").addObject().put("coin", coin)
                .put("walletBalance", Double.toString(coins.getOrDefault(coin, 0.0)));
        pushUser(w.toString());
    }

    /** The unified account's margin mode as {@code /v5/account/info} reports it ({@code REGULAR_MARGIN} is cross). */
    public FakeBybit marginMode(String mode) {
        marginMode = mode;
        return this;
    }

    /** {@code inverse} for a symbol ending in USD ({@code BTCUSD}), else {@code linear}. */
    public static String category(String symbol) {
        return symbol != null && symbol.endsWith("USD") ? "inverse" : "linear";
    }

    public FakeBybit position(Pos p) {
        positions.put(p.symbol(), p);
        return this;
    }

    /** Each position's {@code openTime} by symbol (Bybit's "position open timestamp"); absent: the field is not sent, as in Bybit's older answers. */
    private final Map<String, Long> openTimes = new ConcurrentHashMap<>();

    /** Sends {@code openTime} for {@code symbol}'s position from now on. */
    public FakeBybit openTime(String symbol, long ms) {
        openTimes.put(symbol, ms);
        return this;
    }

    /** The position closed and opened again, unpushed: {@code p} with a new {@code openTime}. */
    public void reopen(Pos p, long openTimeMs) {
        openTimes.put(p.symbol(), openTimeMs);
        positions.put(p.symbol(), p);
    }

    /** The next {@code n} REST calls answer HTTP 403 "access too frequent" (Bybit's IP ban), a body that is not JSON. */
    public void banNext(int n) {
        banned.set(n);
    }

    public FakeBybit readOnly(boolean on) {
        readOnly = on;
        return this;
    }

    /** Sets a mark and pushes it: the first push per socket and symbol is a snapshot, then deltas (markPrice only). Returns ts. */
    @Override
    public long mark(String symbol, double price) {
        marks.put(symbol, price);
        long ts = System.currentTimeMillis();
        if (silent) {
            return ts;
        }
        for (WsContext c : market) {
            Set<String> t = topics.get(c.sessionId());
            if (t == null || !t.contains("tickers." + symbol)) {
                continue;
            }
            boolean first = snapshotSent.add(c.sessionId() + symbol);
            ObjectNode d = JSON.createObjectNode().put("symbol", symbol).put("markPrice", Double.toString(price));
            if (first) {
                d.put("indexPrice", Double.toString(price)).put("fundingRate", "0.0001").put("lastPrice", Double.toString(price))
                        .put("openInterest", "492373.72").put("openInterestValue", "32824881841.75")
                        .put("nextFundingTime", Long.toString((ts / 28_800_000 + 1) * 28_800_000));
            }
            ObjectNode msg = JSON.createObjectNode().put("topic", "tickers." + symbol).put("type", first ? "snapshot" : "delta");
            msg.set("data", d);
            msg.put("cs", 1).put("ts", ts);
            send(c, msg.toString());
        }
        return ts;
    }

    /**
     * The venue liquidates: a BustTrade execution, then the position at size 0 and the wallet less its margin (an
     * isolated one's) or its loss at the mark (a cross one's; an inverse one's in the coin: size × (1/mark − 1/entry)).
     */
    public void liquidate(String symbol) {
        Pos p = positions.remove(symbol);
        String category = category(symbol);
        double mark = marks.get(symbol);
        double sign = "Sell".equals(p.side()) ? -1 : 1;
        String coin = "inverse".equals(category) ? symbol.substring(0, symbol.length() - 3) : "USDT";
        double loss = p.positionBalance() > 0 ? p.positionBalance() : "inverse".equals(category)
                ? Math.max(0, sign * p.size() * (1 / mark - 1 / p.avgPrice())) : Math.max(0, -sign * p.size() * (mark - p.avgPrice()));
        double left;
        if ("inverse".equals(category)) {
            left = Math.max(0, coins.getOrDefault(coin, 0.0) - loss);
            coins.put(coin, left);
        } else {
            wallet -= loss;
            left = wallet;
        }
        long t = System.currentTimeMillis();
        ObjectNode ex = JSON.createObjectNode().put("topic", "execution").put("creationTime", t);
        ex.putArray("data").addObject().put("category", category).put("symbol", symbol).put("execType", "BustTrade")
                .put("execPrice", Double.toString(mark)).put("positionIdx", 0).put("execTime", Long.toString(t));
        pushUser(ex.toString());
        ObjectNode pos = JSON.createObjectNode().put("topic", "position").put("creationTime", t);
        pos.putArray("data").add(positionJson(new Pos(symbol, "", 0, 0, p.leverage(), 0)).put("category", category));
        pushUser(pos.toString());
        ObjectNode w = JSON.createObjectNode().put("topic", "wallet").put("creationTime", t);
        w.putArray("data").addObject().put("accountType", "UNIFIED").putArray("coin").addObject().put("coin", coin)
                .put("walletBalance", Double.toString(left));
        pushUser(w.toString());
    }

    /**
     * A tiered partial liquidation of a linear position: {@code qty} of it closed at the mark in two BustTrade executions, one
     * before the position update (the size left) and one after it, as separate fills of one liquidation are pushed; the
     * isolated margin is cut in proportion.
     */
    public void liquidatePartially(String symbol, double qty) {
        Pos p = positions.get(symbol);
        double mark = marks.get(symbol);
        Pos left = new Pos(symbol, p.side(), p.size() - qty, p.avgPrice(), p.leverage(), p.positionBalance() * (p.size() - qty) / p.size());
        positions.put(symbol, left);
        long t = System.currentTimeMillis();
        pushUser(bustTrade(symbol, qty / 2, mark, t));
        ObjectNode pos = JSON.createObjectNode().put("topic", "position").put("creationTime", t);
        pos.putArray("data").add(positionJson(left).put("category", "linear"));
        pushUser(pos.toString());
        pushUser(bustTrade(symbol, qty / 2, mark, t));
    }

    /**
     * The trader's own order closes the position at {@code price}: a {@code Trade} execution in Bybit's V5 shape ({@code
     * execQty} and {@code closedSize} the whole size, {@code execPnl} the venue's realized PnL of it, {@code execFee} in
     * Bybit's sign — positive charged, negative a rebate — left out where NaN, as {@code execPnl}), then the position at
     * size 0 and the wallet moved by the PnL less the fee.
     */
    public void closeByTrade(String symbol, double price, double execPnl, double execFee) {
        closeByTrades(symbol, new double[]{positions.get(symbol).size()}, new double[]{price}, execPnl, execFee);
    }

    /**
     * As {@link #closeByTrade}, the order filled in several executions, one push of as many rows: {@code qty[i]} at {@code
     * price[i]} (the sizes add up to the position's), {@code execPnl} and {@code execFee} shared among them by size.
     */
    public void closeByTrades(String symbol, double[] qty, double[] price, double execPnl, double execFee) {
        Pos p = positions.remove(symbol);
        String category = category(symbol);
        long t = System.currentTimeMillis();
        double fee = Double.isNaN(execFee) ? 0 : execFee;
        ObjectNode e = JSON.createObjectNode().put("topic", "execution").put("id", "386825804_" + symbol + "_" + t).put("creationTime", t);
        com.fasterxml.jackson.databind.node.ArrayNode data = e.putArray("data");
        String orderId = java.util.UUID.randomUUID().toString();
        double left = p.size();
        for (int i = 0; i < qty.length; i++) {
            left -= qty[i];
            ObjectNode row = data.addObject().put("category", category).put("symbol", symbol).put("closedSize", Double.toString(qty[i]))
                    .put("execId", java.util.UUID.randomUUID().toString()).put("execPrice", Double.toString(price[i])).put("execQty", Double.toString(qty[i]))
                    .put("execType", "Trade").put("execValue", Double.toString("inverse".equals(category) ? qty[i] / price[i] : qty[i] * price[i]))
                    .put("feeRate", "0.00055").put("tradeIv", "").put("markIv", "").put("blockTradeId", "")
                    .put("markPrice", Double.toString(marks.getOrDefault(symbol, price[i]))).put("indexPrice", "").put("underlyingPrice", "")
                    .put("leavesQty", Double.toString(Math.max(0, left))).put("orderId", orderId).put("orderLinkId", "")
                    .put("orderPrice", Double.toString(price[0])).put("orderQty", Double.toString(p.size())).put("orderType", "Limit")
                    .put("stopOrderType", "UNKNOWN").put("side", "Sell".equals(p.side()) ? "Buy" : "Sell").put("execTime", Long.toString(t))
                    .put("isLeverage", "0").put("isMaker", fee < 0).put("seq", t + i).put("marketUnit", "").put("createType", "CreateByUser")
                    .put("positionIdx", 0);
            if (!Double.isNaN(execPnl)) {
                row.put("execPnl", Double.toString(execPnl * qty[i] / p.size()));
            }
            if (!Double.isNaN(execFee)) {
                row.put("execFee", Double.toString(execFee * qty[i] / p.size()));
            }
        }
        pushUser(e.toString());
        ObjectNode pos = JSON.createObjectNode().put("topic", "position").put("creationTime", t);
        pos.putArray("data").add(positionJson(new Pos(symbol, "", 0, 0, p.leverage(), 0)).put("category", category));
        pushUser(pos.toString());
        String coin = "inverse".equals(category) ? symbol.substring(0, symbol.length() - 3) : "USDT";
        double balance;
        if ("inverse".equals(category)) {
            balance = coins.getOrDefault(coin, 0.0) + (Double.isNaN(execPnl) ? 0 : execPnl) - fee;
            coins.put(coin, balance);
        } else {
            wallet += (Double.isNaN(execPnl) ? 0 : execPnl) - fee;
            balance = wallet;
        }
        ObjectNode w = JSON.createObjectNode().put("topic", "wallet").put("creationTime", t);
        w.putArray("data").addObject().put("accountType", "UNIFIED").putArray("coin").addObject().put("coin", coin)
                .put("walletBalance", Double.toString(balance));
        pushUser(w.toString());
    }

    /** The trader's own order changes a position (its size, its margin): the {@code position} topic pushes it as set. */
    public void update(Pos p) {
        positions.put(p.symbol(), p);
        ObjectNode pos = JSON.createObjectNode().put("topic", "position").put("creationTime", System.currentTimeMillis());
        pos.putArray("data").add(positionJson(p).put("category", category(p.symbol())));
        pushUser(pos.toString());
    }

    private static String bustTrade(String symbol, double qty, double price, long t) {
        ObjectNode ex = JSON.createObjectNode().put("topic", "execution").put("creationTime", t);
        ex.putArray("data").addObject().put("category", category(symbol)).put("symbol", symbol).put("execType", "BustTrade")
                .put("execPrice", Double.toString(price)).put("execQty", Double.toString(qty)).put("positionIdx", 0).put("execTime", Long.toString(t));
        return ex.toString();
    }

    @Override
    public void dropConnections() {
        super.dropConnections();
        snapshotSent.clear();
    }

    @Override
    public void malformedFrame() {
        for (WsContext c : market) {
            send(c, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":");
        }
    }

    /** Whether some public socket has subscribed to {@code topic} (a mark pushed before that is dropped, as on Bybit). */
    public boolean subscribed(String topic) {
        return market.stream().anyMatch(c -> topics.getOrDefault(c.sessionId(), Set.of()).contains(topic));
    }

    /** Whether a public socket of {@code feed} ({@code linear}, {@code inverse}) has subscribed to {@code topic}. */
    public boolean subscribed(String feed, String topic) {
        return market.stream().anyMatch(c -> feed.equals(feedOf.get(c.sessionId())) && topics.getOrDefault(c.sessionId(), Set.of()).contains(topic));
    }

    private ObjectNode positionJson(Pos p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("positionIdx", 0).put("symbol", p.symbol()).put("side", p.side()).put("size", Double.toString(p.size()))
                .put("avgPrice", Double.toString(p.avgPrice())).put("leverage", Double.toString(p.leverage()))
                .put("markPrice", Double.toString(marks.getOrDefault(p.symbol(), p.avgPrice()))).put("positionBalance", Double.toString(p.positionBalance()))
                .put("tradeMode", 0).put("liqPrice", "").put("positionStatus", "Normal");
        Long open = openTimes.get(p.symbol());
        if (open != null) {
            o.put("openTime", p.size() == 0 ? 0 : open);
        }
        return o;
    }


    private void ok(Context ctx, boolean signed, Body body) throws Exception {
        if (banned.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            requests.add(ctx.method() + " " + ctx.path());
            ctx.status(403).contentType("text/html").result("<html><body><h1>403 Forbidden</h1>access too frequent</body></html>");
            return;
        }
        if (logAndLimit(ctx)) {
            // Bybit's per-UID limit: HTTP 200, retCode 10006, the reset time in a header (rate-limit docs)
            ctx.header("X-Bapi-Limit-Reset-Timestamp", Long.toString(venueNow() + retryAfterSeconds * 1000L)).contentType("application/json")
                    .result("{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{},\"time\":" + venueNow() + "}");
            return;
        }
        if (signed) {
            String ts = ctx.header("X-BAPI-TIMESTAMP"), rw = ctx.header("X-BAPI-RECV-WINDOW"), sign = ctx.header("X-BAPI-SIGN");
            String q = ctx.queryString() == null ? "" : ctx.queryString();
            if (!apiKey.equals(ctx.header("X-BAPI-API-KEY")) || sign == null || !hmacHex(ts + apiKey + rw + q).equals(sign)) {
                ctx.contentType("application/json").result("{\"retCode\":10004,\"retMsg\":\"error sign!\",\"result\":{},\"time\":" + System.currentTimeMillis() + "}");
                return;
            }
            // server_time - recv_window <= timestamp < server_time + 1000 (Bybit's authentication docs)
            long t = Long.parseLong(ts), server = venueNow();
            if (!(server - Long.parseLong(rw) <= t && t < server + 1000)) {
                ctx.contentType("application/json").result("{\"retCode\":10002,\"retMsg\":\"invalid request, please check your server timestamp or recv_window param\",\"result\":{},\"time\":" + server + "}");
                return;
            }
        }
        ObjectNode o = JSON.createObjectNode().put("retCode", 0).put("retMsg", "OK");
        o.set("result", body.get());
        o.putObject("retExtInfo");
        o.put("time", venueNow());
        ctx.contentType("application/json").result(o.toString());
    }

}
