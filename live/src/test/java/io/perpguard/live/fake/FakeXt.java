package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import io.perpguard.live.venue.VenueClock;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local XT.com USDT-M futures for tests, in XT's documented shapes (the {@code returnCode}/{@code result}
 * envelope, {@code validate-*} signed REST verified by the fake's own HMAC code, the {@code /ws/market} topics
 * {@code mark_price@s} and {@code fund_rate@s}, the {@code /ws/user} topics {@code position}, {@code balance},
 * {@code notify} with a listenKey, text ping/pong). Faults: dropped sockets, silence, 429, malformed frames, and XT's
 * documented lock: "Get assets 3 times per second, other methods 10 times per second for each single user, 1000 times
 * per minute for each single IP, exceeding the requested times, account will be locked for 10 minutes" (plus the
 * 1/s/ip of {@code q/funding-rate} and {@code contract/open-interest}), answered as XT's status table says: HTTP 429,
 * "The request is too frequent", no Retry-After — on the fake's own {@link #clock(VenueClock) clock}, which a test moves.
 */
public final class FakeXt extends FakeVenue {

    /** A position leg in contracts; {@code isolatedMargin} for ISOLATED. */
    public record Pos(String symbol, String positionSide, long contracts, double entryPrice, int leverage, String positionType, double isolatedMargin) {
    }

    private final Map<String, Pos> positions = new ConcurrentHashMap<>();
    /** The account's finished orders, oldest first, as {@code /future/trade/v1/order/list-history} lists them (newest first). */
    private final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
    private final Map<String, Double> marks = new ConcurrentHashMap<>();
    private final Map<String, Double> contractSize = Map.of("btc_usdt", 0.0001, "eth_usdt", 0.01, "sol_usdt", 1.0);
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>();
    private final Set<String> listenKeys = ConcurrentHashMap.newKeySet();
    private volatile double wallet;
    /** The open interest (contracts) the all-contracts summary gives every contract; the per-symbol endpoint says 623654031. */
    public static final long SUMMARY_OI = 2_419_347_630L;
    private final Set<String> notInSummary = ConcurrentHashMap.newKeySet();
    private volatile boolean summaryFundingInPercent = true;
    private volatile boolean summaryDown, lockAtSummary;
    /** XT locks the account as the next request to a path ending with this comes (null: none). */
    private volatile String lockAt;
    private volatile boolean restDown;
    private static final long LOCK_MS = 10 * 60_000;   // "locked for 10 minutes"
    private volatile VenueClock clock = VenueClock.SYSTEM;
    private volatile boolean enforceLimits;
    private volatile long lockedUntilMs;
    private final List<long[]> locks = new CopyOnWriteArrayList<>();              // {from, until} of every lock
    private final List<Timed> timed = new CopyOnWriteArrayList<>();

    /** A REST request as the fake saw it: its time on the fake's clock, its path, whether it was answered with the lock. */
    public record Timed(long ms, String path, boolean locked) {
    }

    public FakeXt(String apiKey, String secret) {
        super(apiKey, secret);
        app.get("/future/market/v1/public/time", ctx -> ok(ctx, false, () -> JSON.getNodeFactory().numberNode(venueNow())));
        app.get("/future/user/v1/account/info", ctx -> ok(ctx, true, () -> JSON.createObjectNode().put("accountId", 245296).put("userId", 1234567)
                .put("allowOpenPosition", true).put("allowTrade", true).put("allowTransfer", true).put("openTime", "2023-03-01T00:00:00").put("state", 1)));
        app.get("/future/user/v1/balance/detail", ctx -> ok(ctx, true, () -> JSON.createObjectNode().put("coin", "usdt")
                .put("walletBalance", Double.toString(wallet)).put("openOrderMarginFrozen", "0").put("isolatedMargin", "0").put("crossedMargin", "0")
                .put("availableBalance", Double.toString(wallet)).put("bonus", "0").put("coupon", "0")));
        app.get("/future/user/v1/position/list", ctx -> ok(ctx, true, () -> {
            ArrayNode a = JSON.createArrayNode();
            positions.values().forEach(p -> a.add(positionJson(p)));
            return a;
        }));
        // XT "See Order History" (docs shape; fields as ccxt's recorded order/list answers): {hasNext, hasPrev, items}, newest first,
        // the orders created from startTime, at most limit
        app.get("/future/trade/v1/order/list-history", ctx -> ok(ctx, true, () -> {
            String symbol = ctx.queryParam("symbol");
            long start = ctx.queryParam("startTime") == null ? Long.MIN_VALUE : Long.parseLong(ctx.queryParam("startTime"));
            int limit = ctx.queryParam("limit") == null ? 10 : Integer.parseInt(ctx.queryParam("limit"));
            ObjectNode r = JSON.createObjectNode();
            ArrayNode items = r.putArray("items");
            List<ObjectNode> newestFirst = new java.util.ArrayList<>(orders);
            java.util.Collections.reverse(newestFirst);
            int matching = 0;
            for (ObjectNode o : newestFirst) {
                if (o.path("symbol").asText().equals(symbol) && o.path("createdTime").asLong() >= start && matching++ < limit) {
                    items.add(o);
                }
            }
            r.put("hasNext", matching > limit).put("hasPrev", false);
            return r;
        }));
        // XT "Get User's Step Rate" (docs example shape): result {makerFee, takerFee}, one pair for the account; base 0.04 % / 0.06 %
        app.get("/future/user/v1/user/step-rate", ctx -> ok(ctx, true, () -> {
            double[] f = feesOf("*", 0.0006, 0.0004);
            return JSON.createObjectNode().put("makerFee", plain(f[1])).put("takerFee", plain(f[0]));
        }));
        app.get("/future/user/v1/user/listen-key", ctx -> ok(ctx, true, () -> {
            String k = "3BC1D71D6CF96DA3458FC35B05B6333516845117311" + listenKeys.size();
            listenKeys.add(k);
            return JSON.getNodeFactory().textNode(k);
        }));
        app.get("/future/market/v1/public/q/symbol-mark-price", ctx -> ok(ctx, false, () -> {
            String s = ctx.queryParam("symbol");
            return JSON.createObjectNode().put("s", s).put("p", Double.toString(marks.getOrDefault(s, 0.0))).put("t", System.currentTimeMillis());
        }));
        app.get("/future/market/v1/public/q/funding-rate", ctx -> ok(ctx, false, () -> JSON.createObjectNode().put("symbol", ctx.queryParam("symbol"))
                .put("fundingRate", "0.000086").put("nextCollectionTime", (System.currentTimeMillis() / 28_800_000 + 1) * 28_800_000)
                .put("collectionInternal", 8)));
        app.get("/future/market/v1/public/contract/open-interest", ctx -> ok(ctx, false, () -> JSON.createObjectNode()
                .put("symbol", ctx.queryParam("symbol")).put("openInterest", "623654031").put("openInterestUsd", "1399166074.31")
                .put("time", System.currentTimeMillis())));
        // the all-contracts summary, bare array as XT's docs and the JKorf fixture show it: funding_rate in percent (unless
        // told otherwise), open_interest in contracts (SUMMARY_OI, not the per-symbol endpoint's figure, so a test sees which was read)
        app.get("/future/market/v1/public/cg/contracts", ctx -> okBare(ctx, () -> {
            ArrayNode a = JSON.createArrayNode();
            java.util.TreeSet<String> listed = new java.util.TreeSet<>(contractSize.keySet());
            positions.values().forEach(p -> listed.add(p.symbol()));
            listed.removeAll(notInSummary);
            for (String s : listed) {
                String base = s.substring(0, s.indexOf('_')).toUpperCase(java.util.Locale.ROOT);
                a.addObject().put("id", listed.headSet(s).size() + 1).put("symbol", s).put("ticker_id", base + "-USDT").put("base_currency", base)
                        .put("target_currency", "USDT").put("product_type", "PERPETUAL").put("contractSize", contractSize.getOrDefault(s, 1.0))
                        .put("last_price", Double.toString(marks.getOrDefault(s, 100.0))).put("index_price", Double.toString(marks.getOrDefault(s, 100.0)))
                        .put("funding_rate", summaryFundingInPercent ? "0.0086" : "0.000086").put("next_funding_rate", "0.0086")
                        .put("next_funding_rate_timestamp", (System.currentTimeMillis() / 28_800_000 + 1) * 28_800_000)
                        .put("open_interest", Long.toString(SUMMARY_OI)).put("underlyingType", 2);
            }
            return a;
        }));
        app.get("/future/market/v1/public/leverage/bracket/detail", ctx -> ok(ctx, false, () -> {
            // tier 1 of btc_usdt is XT's captured one (500,000 / 0.004 / 125×); the others are made up for the test
            String s = ctx.queryParam("symbol");
            ObjectNode r = JSON.createObjectNode().put("symbol", s);
            ArrayNode b = r.putArray("leverageBrackets");
            double[][] rows = s.startsWith("btc") ? new double[][]{{500_000, 0.004, 125}, {1_000_000, 0.005, 100}, {5_000_000, 0.01, 50}}
                    : new double[][]{{250_000, 0.005, 100}, {1_000_000, 0.0065, 75}, {5_000_000, 0.01, 50}};
            for (int i = 0; i < rows.length; i++) {
                b.addObject().put("symbol", s).put("bracket", i + 1).put("maxNominalValue", Double.toString(rows[i][0]))
                        .put("maintMarginRate", Double.toString(rows[i][1])).put("startMarginRate", Double.toString(1 / rows[i][2]))
                        .putNull("maxStartMarginRate").put("maxLeverage", Double.toString(rows[i][2])).put("minLeverage", "1");
            }
            return r;
        }));
        app.get("/future/market/v1/public/symbol/detail", ctx -> ok(ctx, false, () -> {
            String s = ctx.queryParam("symbol");
            return JSON.createObjectNode().put("symbol", s).put("contractSize", Double.toString(contractSize.getOrDefault(s, 1.0)))
                    .put("pricePrecision", 2).put("minStepPrice", "0.01").put("quantityPrecision", 0).put("minQty", "1")
                    .put("makerFee", "0.0004").put("takerFee", "0.0006").put("liquidationFee", "0.0125").put("underlyingType", "U_BASED");
        }));
        app.get("/future/market/v1/public/q/kline", ctx -> ok(ctx, false, () -> {
            String s = ctx.queryParam("symbol");
            double m = marks.getOrDefault(s, 100.0);
            int limit = Integer.parseInt(ctx.queryParam("limit"));
            long last = System.currentTimeMillis() / 3_600_000 * 3_600_000;
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < limit; i++) {
                a.addObject().put("s", s).put("p", s).put("t", last - i * 3_600_000L).put("o", Double.toString(m)).put("c", Double.toString(m))
                        .put("h", Double.toString(m * 1.01)).put("l", Double.toString(m * 0.99)).put("a", "1000").put("v", "1");
            }
            return a;
        }));
        app.ws("/ws/market", ws -> {
            ws.onConnect(ctx -> {
                topics.put(ctx.sessionId(), ConcurrentHashMap.newKeySet());
                market.add(ctx);
            });
            ws.onMessage(ctx -> {
                if (pong(ctx, ctx.message(), "market")) {
                    return;
                }
                JsonNode n = JSON.readTree(ctx.message());
                if ("subscribe".equalsIgnoreCase(n.path("method").asText())) {
                    n.path("params").forEach(p -> topics.get(ctx.sessionId()).add(p.asText()));
                    send(ctx, "{\"id\":\"" + n.path("id").asText() + "\",\"code\":0,\"msg\":\"success\"}");
                }
            });
            ws.onClose(ctx -> market.remove(ctx));
        });
        app.ws("/ws/user", ws -> {
            ws.onMessage(ctx -> {
                if (pong(ctx, ctx.message(), "user")) {
                    return;
                }
                JsonNode n = JSON.readTree(ctx.message());
                if ("subscribe".equalsIgnoreCase(n.path("method").asText())) {
                    boolean ok = true;
                    for (JsonNode p : n.path("params")) {
                        String t = p.asText();
                        ok &= listenKeys.contains(t.substring(t.indexOf('@') + 1));
                    }
                    send(ctx, "{\"id\":\"" + n.path("id").asText() + "\",\"code\":" + (ok ? 0 : 2) + ",\"msg\":\"" + (ok ? "success" : "invalid_listen_key") + "\"}");
                    if (ok) {
                        user.add(ctx);
                    }
                }
            });
            ws.onClose(ctx -> user.remove(ctx));
        });
        listen();
    }

    public FakeXt wallet(double w) {
        wallet = w;
        return this;
    }

    public FakeXt position(Pos p) {
        positions.put(p.symbol() + "/" + p.positionSide(), p);
        return this;
    }

    public FakeXt echoKeyInErrors(boolean on) {
        echoKeyInErrors = on;
        return this;
    }

    /** The all-contracts summary ({@code cg/contracts}) leaves these symbols out (a contract it does not cover). */
    public FakeXt notInSummary(String... symbols) {
        notInSummary.addAll(List.of(symbols));
        return this;
    }

    /** The summary's {@code funding_rate} in percent (true, the default: CoinGecko's convention) or as a fraction. */
    public FakeXt summaryFundingInPercent(boolean on) {
        summaryFundingInPercent = on;
        return this;
    }

    /** The summary answers HTTP 404 (an XT host without it). */
    public FakeXt summaryDown(boolean on) {
        summaryDown = on;
        return this;
    }

    /** XT locks the account when the summary is next asked for (its answer is the lock's 429). */
    public FakeXt lockAtSummary() {
        lockAtSummary = true;
        return this;
    }

    /** XT locks the account just as the next request to a path ending with {@code suffix} comes (that request meets the lock). */
    public FakeXt lockAt(String suffix) {
        lockAt = suffix;
        return this;
    }

    /** While on, every REST request is answered HTTP 503 with a plain-text body (the host is down). */
    public FakeXt restDown(boolean on) {
        restDown = on;
        return this;
    }

    /** The REST requests so far to a path ending with {@code suffix}. */
    public long requestsTo(String suffix) {
        return requests.stream().filter(r -> r.endsWith(suffix)).count();
    }

    /** The clock the fake's lock and its request log run on (the system clock unless a test gives its own). */
    public FakeXt clock(VenueClock c) {
        clock = c;
        return this;
    }

    /** Holds requests to XT's limits: a request that breaks one locks the account for 10 minutes. */
    public FakeXt enforceLimits(boolean on) {
        enforceLimits = on;
        return this;
    }

    /** XT locks the account for 10 minutes from now (the limits were broken, by this client or another on the key). */
    public void lock() {
        long now = clock.millis();
        lockedUntilMs = now + LOCK_MS;
        locks.add(new long[]{now, lockedUntilMs});
    }

    /** Every lock so far, {from, until} on the fake's clock. */
    public List<long[]> locks() {
        return List.copyOf(locks);
    }

    /** The REST requests with their times on the fake's clock. */
    public List<Timed> timedRequests() {
        return List.copyOf(timed);
    }

    /** The next {@code n} REST calls answer HTTP 429 with Retry-After: 1. */
    public void rateLimitNext(int n) {
        rateLimitNext(n, 1);
    }

    /** Sets a mark (lower-case XT symbol) and pushes {@code mark_price@s}; returns t. */
    @Override
    public long mark(String symbol, double price) {
        marks.put(symbol, price);
        long t = System.currentTimeMillis();
        if (silent) {
            return t;
        }
        String frame = "{\"topic\":\"mark_price\",\"event\":\"mark_price@" + symbol + "\",\"data\":{\"s\":\"" + symbol + "\",\"p\":\"" + price + "\",\"t\":" + t + "}}";
        for (WsContext c : market) {
            if (topics.getOrDefault(c.sessionId(), Set.of()).contains("mark_price@" + symbol)) {
                send(c, frame);
            }
        }
        return t;
    }

    /** Whether a market socket is subscribed to {@code topic@symbol}. */
    public boolean subscribed(String topic) {
        return market.stream().anyMatch(c -> topics.getOrDefault(c.sessionId(), Set.of()).contains(topic));
    }

    /** XT invalidates every listenKey issued so far and says so on the account sockets. */
    public void invalidateListenKeys() {
        listenKeys.clear();
        pushUser("{\"id\":\"user\",\"code\":2,\"msg\":\"invalid_listen_key\"}");
    }

    /**
     * Records one of the account's orders as filled (unpushed: the script moves the position itself), created and updated
     * {@code afterMs} from now on the fake's clock: {@code orderSide} BUY or SELL on the leg {@code positionSide} (LONG,
     * SHORT), {@code contracts} executed at {@code avgPrice}, in XT's order fields. The watcher asks for the orders from when
     * it last knew the position (its local clock plus the venue's offset, measured to a few ms), so an order a test places
     * within milliseconds of that moment needs a lag to be counted as after it, as every real one is.
     */
    public void filledOrder(String symbol, String positionSide, String orderSide, long contracts, double avgPrice, long afterMs) {
        long now = venueNow() + afterMs;
        long id = 497_979_918_306_034_304L + orders.size();
        orders.add(JSON.createObjectNode().put("orderId", Long.toString(id)).putNull("clientOrderId").put("symbol", symbol).put("orderType", "MARKET")
                .put("orderSide", orderSide).put("positionSide", positionSide).put("positionType", "CROSSED").put("timeInForce", "IOC")
                .put("closePosition", false).put("price", "0").put("origQty", Long.toString(contracts)).put("avgPrice", Double.toString(avgPrice))
                .put("executedQty", Long.toString(contracts)).put("forceClose", false).put("state", "FILLED")
                .put("createdTime", Long.toString(now)).put("updatedTime", Long.toString(now)));
    }

    /** The listenKeys asked for so far. */
    public long listenKeysIssued() {
        return requests.stream().filter(r -> r.endsWith("/future/user/v1/user/listen-key")).count();
    }

    /** The venue liquidates a leg: a {@code notify} LIQUIDATION, the position at size 0, the balance less what was lost. */
    public void liquidate(String symbol, String positionSide) {
        Pos p = positions.remove(symbol + "/" + positionSide);
        double price = marks.getOrDefault(symbol, p.entryPrice());
        double qty = p.contracts() * contractSize.get(symbol) * ("SHORT".equals(positionSide) ? -1 : 1);
        double loss = "ISOLATED".equals(p.positionType()) ? p.isolatedMargin() : Math.max(0, -qty * (price - p.entryPrice()));
        wallet = Math.max(0, wallet - loss);
        pushUser("{\"topic\":\"notify\",\"event\":\"notify\",\"data\":{\"symbol\":\"" + symbol + "\",\"positionType\":\"" + p.positionType()
                + "\",\"positionSide\":\"" + positionSide + "\",\"positionSize\":\"" + p.contracts() + "\",\"notifyType\":\"LIQUIDATION\"}}");
        ObjectNode pos = JSON.createObjectNode().put("topic", "position").put("event", "position");
        pos.set("data", positionJson(new Pos(symbol, positionSide, 0, 0, p.leverage(), p.positionType(), 0)));
        pushUser(pos.toString());
        pushUser("{\"topic\":\"balance\",\"event\":\"balance@x\",\"data\":{\"coin\":\"usdt\",\"underlyingType\":2,\"walletBalance\":\"" + wallet
                + "\",\"openOrderMarginFrozen\":\"0\",\"isolatedMargin\":\"0\",\"crossedMargin\":\"0\"}}");
    }

    @Override
    public void malformedFrame() {
        for (WsContext c : market) {
            send(c, "{\"topic\":\"mark_price\",\"event\":\"mark_price@btc_usdt\",\"data\":{\"s\":");
        }
    }

    //-------------------------------------------------------------------------
    private ObjectNode positionJson(Pos p) {
        return JSON.createObjectNode().put("symbol", p.symbol()).put("positionType", p.positionType()).put("positionSide", p.positionSide())
                .put("contractType", "PERPETUAL").put("positionSize", Long.toString(p.contracts())).put("closeOrderSize", "0")
                .put("availableCloseSize", Long.toString(p.contracts())).put("entryPrice", Double.toString(p.entryPrice())).put("openOrderSize", "0")
                .put("isolatedMargin", Double.toString(p.isolatedMargin())).put("openOrderMarginFrozen", "0").put("realizedProfit", "0")
                .put("autoMargin", false).put("leverage", p.leverage()).put("underlyingType", "U_BASED");
    }


    /** Whether a request to {@code path} now breaks one of XT's published limits, counted over the requests before it. */
    private boolean breaksLimit(String path, long now) {
        boolean assets = path.startsWith("/future/user/") && path.contains("/balance/");
        boolean user = path.startsWith("/future/user/") || path.startsWith("/future/trade/");
        int assets1s = 0, user1s = 0, funding1s = 0, oi1s = 0, ip60s = 0;
        for (Timed t : timed) {
            if (t.ms() > now - 60_000) {
                ip60s++;
            }
            if (t.ms() > now - 1_000) {
                assets1s += t.path().startsWith("/future/user/") && t.path().contains("/balance/") ? 1 : 0;
                user1s += t.path().startsWith("/future/user/") || t.path().startsWith("/future/trade/") ? 1 : 0;
                funding1s += t.path().equals(path) && path.endsWith("/q/funding-rate") ? 1 : 0;
                oi1s += t.path().equals(path) && path.endsWith("/contract/open-interest") ? 1 : 0;
            }
        }
        return ip60s >= 1_000 || assets && assets1s >= 3 || user && user1s >= 10 || funding1s >= 1 || oi1s >= 1;
    }

    /** A public answer without XT's envelope (the CoinGecko-style summary), under the same limits and faults. */
    private void okBare(Context ctx, Body body) throws Exception {
        if (summaryDown) {
            requests.add(ctx.method() + " " + ctx.path());
            ctx.status(404).result("Not Found");
            return;
        }
        if (lockAtSummary) {
            lockAtSummary = false;
            lock();   // the account is locked just as the summary is asked for (another program on the key broke a limit)
        }
        ok(ctx, false, body, false);
    }

    private void ok(Context ctx, boolean signed, Body body) throws Exception {
        ok(ctx, signed, body, true);
    }

    private void ok(Context ctx, boolean signed, Body body, boolean envelope) throws Exception {
        long now = clock.millis();
        boolean locked;
        synchronized (timed) {
            String at = lockAt;
            if (at != null && ctx.path().endsWith(at)) {
                lockAt = null;
                lock();
            }
            if (enforceLimits && now >= lockedUntilMs && breaksLimit(ctx.path(), now)) {
                lock();
            }
            locked = now < lockedUntilMs;
            timed.add(new Timed(now, ctx.path(), locked));
        }
        if (restDown) {
            requests.add(ctx.method() + " " + ctx.path());
            ctx.status(503).result("Service Unavailable");
            return;
        }
        if (locked) {
            requests.add(ctx.method() + " " + ctx.path());
            ctx.status(429).contentType("application/json").result("{\"returnCode\":1,\"msgInfo\":\"failure\",\"error\":{\"code\":\"429\","
                    + "\"msg\":\"The request is too frequent, please control the request rate according to the speed limit requirement\"},\"result\":null}");
            return;
        }
        if (logAndLimit(ctx)) {
            ctx.status(429).header("Retry-After", Integer.toString(retryAfterSeconds)).contentType("application/json")
                    .result("{\"returnCode\":1,\"msgInfo\":\"failure\",\"error\":{\"code\":\"too_many_requests\",\"msg\":\"too many requests\"},\"result\":null}");
            return;
        }
        if (signed) {
            String ts = ctx.header("validate-timestamp"), sign = ctx.header("validate-signature");
            // the fake's own signing: parameters re-sorted from the parsed query, X + "#" path [+ "#" query]
            TreeMap<String, String> params = new TreeMap<>();
            ctx.queryParamMap().forEach((k, v) -> params.put(k, v.get(0)));
            StringBuilder q = new StringBuilder();
            params.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(v));
            String y = "#" + ctx.path() + (q.length() == 0 ? "" : "#" + q);
            long age;
            try {
                age = venueNow() - Long.parseLong(ts);
            } catch (RuntimeException e) {
                age = Long.MAX_VALUE;
            }
            String err = !apiKey.equals(ctx.header("validate-appkey")) ? "apikey not exist"
                    : age > 5_000 || age < -1_000 ? "invalid timestamp"
                    : sign == null || !hmacHex("validate-appkey=" + apiKey + "&validate-timestamp=" + ts + y).equals(sign) ? "invalid signature" : null;
            if (err != null) {
                if (echoKeyInErrors) {
                    err += " for " + ctx.header("validate-appkey");
                }
                ctx.contentType("application/json").result(JSON.createObjectNode().put("returnCode", 1).put("msgInfo", "failure")
                        .set("error", JSON.createObjectNode().put("code", "403").put("msg", err)).toString());
                return;
            }
        }
        if (!envelope) {
            ctx.contentType("application/json").result(body.get().toString());
            return;
        }
        ObjectNode o = JSON.createObjectNode().put("returnCode", 0).put("msgInfo", "success").putNull("error");
        o.set("result", body.get());
        ctx.contentType("application/json").result(o.toString());
    }

}
