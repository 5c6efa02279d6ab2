package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local OKX v5 for tests, in the documented message shapes (OKX API v5 docs examples): signed REST
 * ({@code account/config}, {@code account/balance}, {@code account/positions}) verified by its own HMAC code, public
 * REST (time, instruments, funding-rate, open-interest, position-tiers, candles), the public socket
 * ({@code mark-price}, {@code funding-rate}, {@code open-interest}) and the private socket ({@code login}, then
 * {@code account}, {@code positions}, {@code orders}); text ping/pong. Faults on demand: dropped sockets, silence,
 * 429 with Retry-After, malformed frames, a refused login; and OKX's per-endpoint limits, on demand
 * ({@link #enforceLimits}): a request beyond one is refused with HTTP 429, code 50011, counted on the fake's own clock.
 */
public final class FakeOkx extends FakeVenue {

    /** A position in contracts: signed {@code pos} in net mode; {@code margin} for isolated. */
    public record Pos(String instId, String posSide, double pos, double avgPx, double lever, String mgnMode, double margin) {
    }

    public final String passphrase;
    private final Map<String, Pos> positions = new ConcurrentHashMap<>();
    private final Map<String, Double> marks = new ConcurrentHashMap<>();
    private final Set<String> tiersFailing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> tiersAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Double> ctVal = new java.util.concurrent.ConcurrentSkipListMap<>(
            Map.of("BTC-USDT-SWAP", 0.01, "ETH-USDT-SWAP", 0.1, "SOL-USDT-SWAP", 1.0));
    private final Map<String, Set<String>> subs = new ConcurrentHashMap<>();   // session → "channel:instId"
    private volatile double cashBal;
    private final Map<String, Double> coinBal = new java.util.concurrent.ConcurrentSkipListMap<>();   // BTC, ETH...: the coin-margined swaps' balances
    private volatile String perm = "read_only";
    private volatile String acctLv = "2";
    private final Map<String, Double> usdPrice = new ConcurrentHashMap<>(Map.of("USDT", 1.0));   // eqUsd / eq per currency
    private final Map<String, double[][]> discounts = new java.util.concurrent.ConcurrentSkipListMap<>();   // ccy → {maxAmt[], discountRate[]}
    private volatile io.perpguard.live.venue.VenueClock clock = io.perpguard.live.venue.VenueClock.SYSTEM;
    private volatile boolean enforceLimits;
    private final List<Timed> timed = new CopyOnWriteArrayList<>();

    /** A REST request on the fake's clock: path, the bucket its limit counts it in (instId where OKX says "IP + Instrument ID"), refused or not. */
    public record Timed(long ms, String path, String bucket, boolean refused) {
    }

    /**
     * OKX's published limits of the endpoints perpguard reads (each endpoint's docs section: "Rate Limit: N requests per
     * 2 seconds", "Rate limit rule: …"): {limit, per instrument (1) or not (0)}.
     */
    public static final Map<String, int[]> LIMITS = Map.of(
            "/api/v5/account/positions", new int[]{10, 0},      // User ID
            "/api/v5/account/balance", new int[]{10, 0},        // User ID
            "/api/v5/public/mark-price", new int[]{10, 1},      // IP + Instrument ID
            "/api/v5/public/funding-rate", new int[]{20, 1},    // IP + Instrument ID
            "/api/v5/public/position-tiers", new int[]{10, 0},  // IP
            "/api/v5/account/trade-fee", new int[]{5, 0});      // User ID

    public FakeOkx(String apiKey, String secret, String passphrase) {
        super(apiKey, secret);
        this.passphrase = passphrase;
        // OKX v5 "Get fee rates" (SWAP): a charge is negative, a rebate positive; taker/maker are the coin-margined swaps',
        // takerU/makerU the USDT-margined ones', takerUSDC/makerUSDC the USDC-margined ones'; Lv1 is -0.05 % / -0.02 %
        app.get("/api/v5/account/trade-fee", ctx -> ok(ctx, true, () -> {
            String fam = ctx.queryParam("instFamily");
            // the scripted rates of the family's swap go in its margin's fields only (USDT-margined BTC-USDT: takerU), Lv1 elsewhere
            double[] lv1 = {0.0005, 0.0002}, f = feesOf(fam + "-SWAP", lv1[0], lv1[1]);
            double[] coin = fam.endsWith("-USD") ? f : lv1, usdt = fam.endsWith("-USDT") ? f : lv1;
            ObjectNode d = JSON.createObjectNode().put("category", "1").put("delivery", "").put("exercise", "").put("instType", "SWAP")
                    .put("level", "Lv1").put("maker", plain(-coin[1])).put("makerU", plain(-usdt[1])).put("makerUSDC", plain(-lv1[1]))
                    .put("taker", plain(-coin[0])).put("takerU", plain(-usdt[0])).put("takerUSDC", plain(-lv1[0])).put("ruleType", "normal")
                    .put("ts", Long.toString(venueNow()));
            d.putArray("fiat");
            return arr(d);
        }));
        app.get("/api/v5/public/time", ctx -> ok(ctx, false, () -> arr(JSON.createObjectNode().put("ts", Long.toString(venueNow())))));
        app.get("/api/v5/account/config", ctx -> ok(ctx, true, () -> arr(JSON.createObjectNode().put("uid", "44705892343619584")
                .put("acctLv", acctLv).put("posMode", "net_mode").put("perm", perm).put("label", "perpguard"))));
        app.get("/api/v5/public/discount-rate-interest-free-quota", ctx -> ok(ctx, false, () -> {
            // OKX v5 docs, Get discount rate and interest-free quota: per currency, tiers by amount of the currency
            ArrayNode a = JSON.createArrayNode();
            discounts.forEach((ccy, t) -> {
                ObjectNode c = a.addObject().put("ccy", ccy).put("amt", "0").put("discountLv", "").put("minDiscountRate", Double.toString(t[1][t[1].length - 1]));
                ArrayNode d = c.putArray("details");
                double from = 0;
                for (int i = 0; i < t[0].length; i++) {
                    d.addObject().put("discountRate", Double.toString(t[1][i])).put("minAmt", from == 0 ? "0" : Double.toString(from))
                            .put("maxAmt", Double.isInfinite(t[0][i]) ? "" : Double.toString(t[0][i])).put("tier", Integer.toString(i + 1))
                            .put("liqPenaltyRate", "0.02").put("disCcyEq", "");
                    from = t[0][i];
                }
            });
            return a;
        }));
        app.get("/api/v5/account/balance", ctx -> ok(ctx, true, () -> arr(balanceJson())));
        app.get("/api/v5/account/positions", ctx -> ok(ctx, true, () -> {
            ArrayNode a = JSON.createArrayNode();
            positions.values().forEach(p -> a.add(positionJson(p)));
            return a;
        }));
        app.get("/api/v5/public/instruments", ctx -> ok(ctx, false, () -> {
            ArrayNode a = JSON.createArrayNode();
            ctVal.forEach((id, v) -> a.addObject().put("instType", "SWAP").put("instId", id).put("instFamily", id.replace("-SWAP", ""))
                    .put("settleCcy", "USDT").put("ctVal", Double.toString(v)).put("ctValCcy", id.substring(0, id.indexOf('-')))
                    .put("ctType", "linear").put("tickSz", id.startsWith("BTC") ? "0.1" : "0.01").put("lotSz", "0.01").put("minSz", "0.01")
                    .put("state", "live"));
            a.addObject().put("instType", "SWAP").put("instId", "BTC-USD-SWAP").put("settleCcy", "BTC").put("ctVal", "100")
                    .put("ctValCcy", "USD").put("ctType", "inverse").put("tickSz", "0.1").put("lotSz", "1").put("minSz", "1");
            return a;
        }));
        app.get("/api/v5/public/funding-rate", ctx -> ok(ctx, false, () -> {
            String id = ctx.queryParam("instId");
            long now = System.currentTimeMillis();
            return arr(JSON.createObjectNode().put("instType", "SWAP").put("instId", id).put("fundingRate", "0.0001")
                    .put("fundingTime", Long.toString(nextFunding(now))).put("nextFundingTime", Long.toString(nextFunding(now) + 28_800_000))
                    .put("method", "current_period").put("ts", Long.toString(now)));
        }));
        app.get("/api/v5/public/open-interest", ctx -> ok(ctx, false, () -> arr(JSON.createObjectNode().put("instType", "SWAP")
                .put("instId", ctx.queryParam("instId")).put("oi", "2216113.01").put("oiCcy", "22161.1301").put("oiUsd", "1.9E9")
                .put("ts", Long.toString(System.currentTimeMillis())))));
        app.get("/api/v5/public/position-tiers", ctx -> ok(ctx, false, () -> {
            tiersAsked.add(ctx.queryParam("instFamily"));
            if (tiersFailing.contains(ctx.queryParam("instFamily"))) {
                throw new IllegalStateException("position-tiers of " + ctx.queryParam("instFamily") + " failing (scripted)");
            }
            // three tiers in contracts (the shape and ETH-USDT rates of a published mock; BTC-USDT given the same ladder)
            String fam = ctx.queryParam("instFamily");
            ArrayNode a = JSON.createArrayNode();
            double[][] rows = {{1, 0, 2000, 0.01, 0.013, 75}, {2, 2001, 4000, 0.015, 0.02, 50}, {3, 4001, 8000, 0.02, 0.05, 20}};
            for (double[] r : rows) {
                a.addObject().put("instFamily", fam).put("uly", fam).put("instId", "").put("tier", Integer.toString((int) r[0]))
                        .put("minSz", Double.toString(r[1])).put("maxSz", Double.toString(r[2])).put("mmr", Double.toString(r[3]))
                        .put("imr", Double.toString(r[4])).put("maxLever", Double.toString(r[5])).put("optMgnFactor", "0")
                        .put("quoteMaxLoan", "").put("baseMaxLoan", "");
            }
            return a;
        }));
        app.get("/api/v5/market/candles", ctx -> ok(ctx, false, () -> {
            double m = marks.getOrDefault(ctx.queryParam("instId"), 100.0);
            int limit = Integer.parseInt(ctx.queryParam("limit"));
            long last = System.currentTimeMillis() / 3_600_000 * 3_600_000;
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < limit; i++) {   // newest first, 2 % high to low
                a.addArray().add(Long.toString(last - i * 3_600_000L)).add(Double.toString(m)).add(Double.toString(m * 1.01))
                        .add(Double.toString(m * 0.99)).add(Double.toString(m)).add("100").add("1").add("100").add("1");
            }
            return a;
        }));
        app.ws("/ws/v5/public", ws -> {
            ws.onConnect(ctx -> {
                subs.put(ctx.sessionId(), ConcurrentHashMap.newKeySet());
                market.add(ctx);
            });
            ws.onMessage(ctx -> {
                if (pong(ctx, ctx.message(), "market")) {
                    return;
                }
                JsonNode n = JSON.readTree(ctx.message());
                if ("subscribe".equals(n.path("op").asText())) {
                    for (JsonNode a : n.path("args")) {
                        subs.get(ctx.sessionId()).add(a.path("channel").asText() + ":" + a.path("instId").asText());
                        ObjectNode ack = JSON.createObjectNode().put("event", "subscribe");
                        ack.set("arg", a);
                        ack.put("connId", "a4d3ae55");
                        send(ctx, ack.toString());
                    }
                }
            });
            ws.onClose(ctx -> market.remove(ctx));
        });
        app.ws("/ws/v5/private", ws -> {
            ws.onMessage(ctx -> {
                if (pong(ctx, ctx.message(), "user")) {
                    return;
                }
                JsonNode n = JSON.readTree(ctx.message());
                switch (n.path("op").asText()) {
                    case "login" -> {
                        JsonNode a = n.path("args").path(0);
                        long ts = a.path("timestamp").asLong();
                        boolean ok = apiKey.equals(a.path("apiKey").asText()) && passphrase.equals(a.path("passphrase").asText())
                                && Math.abs(venueNow() / 1000 - ts) <= 30
                                && hmacBase64(ts + "GET" + "/users/self/verify").equals(a.path("sign").asText());
                        send(ctx, ok ? "{\"event\":\"login\",\"code\":\"0\",\"msg\":\"\",\"connId\":\"a4d3ae55\"}"
                                : "{\"event\":\"error\",\"code\":\"60009\",\"msg\":\"Login failed.\",\"connId\":\"a4d3ae55\"}");
                        if (ok) {
                            user.add(ctx);
                        }
                    }
                    case "subscribe" -> {
                        if (!user.contains(ctx)) {
                            send(ctx, "{\"event\":\"error\",\"code\":\"60011\",\"msg\":\"Please log in\",\"connId\":\"a4d3ae55\"}");
                            return;
                        }
                        for (JsonNode a : n.path("args")) {
                            ObjectNode ack = JSON.createObjectNode().put("event", "subscribe");
                            ack.set("arg", a);
                            ack.put("connId", "a4d3ae55");
                            send(ctx, ack.toString());
                            // an initial snapshot follows each subscription, as OKX documents
                            switch (a.path("channel").asText()) {
                                case "positions" -> {
                                    ArrayNode d = JSON.createArrayNode();
                                    positions.values().forEach(p -> d.add(positionJson(p)));
                                    send(ctx, channelPush("positions", "snapshot", d));
                                }
                                case "account" -> send(ctx, channelPush("account", null, arr(balanceJson())));
                                default -> {
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            });
            ws.onClose(ctx -> user.remove(ctx));
        });
        listen();
    }

    /** Lists one more USDT swap in {@code /public/instruments}, {@code ctVal} base units per contract. */
    public FakeOkx listSwap(String instId, double contractValue) {
        ctVal.put(instId, contractValue);
        return this;
    }

    public FakeOkx cashBal(double w) {
        cashBal = w;
        return this;
    }

    /** A coin's cash balance (it margins the coin-margined swaps settled in it, {@code BTC-USD-SWAP}), listed in {@code details}. */
    public FakeOkx cashBal(String ccy, double w) {
        coinBal.put(ccy, w);
        return this;
    }

    public FakeOkx position(Pos p) {
        positions.put(p.instId() + "/" + p.posSide(), p);
        created.putIfAbsent(p.instId() + "/" + p.posSide(), 1619507758793L);
        return this;
    }

    /**
     * The position closed and opened again under the same key, unpushed (as while the sockets are down): {@code p} with a
     * new {@code cTime}, its creation time.
     */
    public void reopen(Pos p) {
        positions.put(p.instId() + "/" + p.posSide(), p);
        created.merge(p.instId() + "/" + p.posSide(), 1L, (was, one) -> Math.max(was + 1, System.currentTimeMillis()));
    }

    /** Each position's creation time ({@code cTime}), by instId/posSide. */
    private final Map<String, Long> created = new ConcurrentHashMap<>();

    /** Pushes the {@code account} channel with every balance as set (a deposit or a withdrawal: {@link #cashBal(String, double)} first). */
    public void pushBalance() {
        pushUser(channelPush("account", null, arr(balanceJson())));
    }

    /** Opens (or changes) a position mid-run: REST state and a {@code positions} push. */
    public void openPosition(Pos p) {
        position(p);
        ArrayNode d = JSON.createArrayNode();
        d.add(positionJson(p));
        pushUser(channelPush("positions", "event_update", d));
    }

    /** While set, {@code position-tiers} of this family fails (HTTP 500). */
    public void failTiers(String instFamily, boolean on) {
        if (on) {
            tiersFailing.add(instFamily);
        } else {
            tiersFailing.remove(instFamily);
        }
    }

    /** How many times {@code position-tiers} was asked for this family. */
    public long tiersRequests(String instFamily) {
        return tiersAsked.stream().filter(instFamily::equals).count();
    }

    /** The account mode {@code account/config} reports: 2 single-currency, 3 multi-currency margin, 4 portfolio margin. */
    public FakeOkx acctLv(String level) {
        acctLv = level;
        return this;
    }

    /** A currency's USD price: its balance row's {@code eqUsd} = {@code eq} × price, {@code disEq} at its discount rates. */
    public FakeOkx usdPrice(String ccy, double usd) {
        usdPrice.put(ccy, usd);
        return this;
    }

    /** A currency's discount-rate tiers ({@code /public/discount-rate-interest-free-quota}): upper bounds by amount (the last +∞) and rates. */
    public FakeOkx discountTiers(String ccy, double[] maxAmt, double[] rate) {
        discounts.put(ccy, new double[][]{maxAmt.clone(), rate.clone()});
        return this;
    }

    /** The key's {@code perm} as {@code account/config} reports it, e.g. {@code read_only,trade}. */
    public FakeOkx perm(String p) {
        perm = p;
        return this;
    }

    public FakeOkx echoKeyInErrors(boolean on) {
        echoKeyInErrors = on;
        return this;
    }

    /** The clock the fake counts its limits on. */
    public FakeOkx clock(io.perpguard.live.venue.VenueClock c) {
        clock = c;
        return this;
    }

    /** Refuses a request beyond OKX's published limit of its endpoint ({@link #LIMITS}, 2-second sliding windows). */
    public FakeOkx enforceLimits(boolean on) {
        enforceLimits = on;
        return this;
    }

    /** The REST requests with their times on the fake's clock. */
    public List<Timed> timedRequests() {
        return List.copyOf(timed);
    }

    /** The next {@code n} REST calls answer HTTP 429, code 50011, with Retry-After (none when {@code retryAfterSeconds} &lt; 0). */
    public void rateLimitNext(int n, int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        rateLimited.set(n);
    }

    /** Sets a mark and pushes a {@code mark-price} frame to subscribed sockets; returns its ts. */
    @Override
    public long mark(String instId, double price) {
        marks.put(instId, price);
        long ts = System.currentTimeMillis();
        if (silent) {
            return ts;
        }
        ObjectNode d = JSON.createObjectNode().put("instType", "SWAP").put("instId", instId).put("markPx", Double.toString(price)).put("ts", Long.toString(ts));
        String frame = publicPush("mark-price", instId, d);
        for (WsContext c : market) {
            Set<String> s = subs.get(c.sessionId());
            if (s != null && s.contains("mark-price:" + instId)) {
                send(c, frame);
            }
        }
        return ts;
    }

    /** Pushes {@code funding-rate} and {@code open-interest} frames for a symbol. */
    public void fundingAndOpenInterest(String instId, double rate, long fundingTime, double oiCcy) {
        long ts = System.currentTimeMillis();
        String f = publicPush("funding-rate", instId, JSON.createObjectNode().put("instType", "SWAP").put("instId", instId)
                .put("fundingRate", Double.toString(rate)).put("fundingTime", Long.toString(fundingTime))
                .put("nextFundingTime", Long.toString(fundingTime + 28_800_000)).put("ts", Long.toString(ts)));
        String oi = publicPush("open-interest", instId, JSON.createObjectNode().put("instType", "SWAP").put("instId", instId)
                .put("oi", Double.toString(oiCcy / ctVal.getOrDefault(instId, 1.0))).put("oiCcy", Double.toString(oiCcy)).put("ts", Long.toString(ts)));
        for (WsContext c : market) {
            Set<String> s = subs.get(c.sessionId());
            if (s != null && s.contains("funding-rate:" + instId)) {
                send(c, f);
            }
            if (s != null && s.contains("open-interest:" + instId)) {
                send(c, oi);
            }
        }
    }

    /**
     * The venue liquidates: an {@code orders} push of category {@code full_liquidation}, the position at pos 0
     * ({@code event_update}), and the account with the cash balance less what was lost.
     */
    public void liquidate(String instId, String posSide) {
        liquidate(instId, posSide, Double.NaN, Double.NaN, null);
    }

    /**
     * As {@link #liquidate(String, String)}, the order row carrying its fill as OKX's {@code orders} channel does:
     * {@code tradeId}, {@code fillSz} (contracts), {@code fillPx}, {@code fillPnl} the fill's realized PnL, {@code fillFee}
     * in {@code fillFeeCcy} in OKX's sign (negative a fee charged, positive a rebate), {@code fillTime}; left out where NaN /
     * null (the row as the two-argument liquidation sends it).
     */
    public void liquidate(String instId, String posSide, double fillPnl, double fillFee, String fillFeeCcy) {
        Pos p = positions.remove(instId + "/" + posSide);
        double price = marks.getOrDefault(instId, p.avgPx());
        if (instId.endsWith("-USD-SWAP")) {
            // coin-margined: 100 USD contracts, the loss in the coin, face × (1/price − 1/entry) for a long
            String ccy = instId.substring(0, instId.indexOf('-'));
            double lossCoin = "isolated".equals(p.mgnMode()) ? p.margin() : Math.max(0, p.pos() * 100 * (1 / price - 1 / p.avgPx()));
            coinBal.put(ccy, Math.max(0, coinBal.getOrDefault(ccy, 0.0) - lossCoin));
        } else {
            double loss = "isolated".equals(p.mgnMode()) ? p.margin() : Math.max(0, -p.pos() * ctVal.get(instId) * (price - p.avgPx()));
            cashBal = Math.max(0, cashBal - loss);
        }
        long t = System.currentTimeMillis();
        ArrayNode o = JSON.createArrayNode();
        o.addObject().put("instType", "SWAP").put("instId", instId).put("ordId", "680800019749904384").put("category", "full_liquidation")
                .put("side", p.pos() > 0 ? "sell" : "buy").put("posSide", posSide).put("tdMode", p.mgnMode()).put("state", "filled")
                .put("fillPx", Double.toString(price)).put("fillSz", Double.toString(Math.abs(p.pos()))).put("accFillSz", Double.toString(Math.abs(p.pos())))
                .put("uTime", Long.toString(t)).put("cTime", Long.toString(t));
        if (!Double.isNaN(fillPnl)) {
            ((ObjectNode) o.get(0)).put("tradeId", Long.toString(t % 1_000_000_000L)).put("fillPnl", Double.toString(fillPnl))
                    .put("pnl", Double.toString(fillPnl)).put("fillTime", Long.toString(t)).put("avgPx", Double.toString(price))
                    .put("sz", Double.toString(Math.abs(p.pos()))).put("ordType", "market").put("px", "").put("lever", Double.toString(p.lever()))
                    .put("execType", "T").put("fillFee", Double.isNaN(fillFee) ? "0" : Double.toString(fillFee))
                    .put("fillFeeCcy", fillFeeCcy == null ? "" : fillFeeCcy).put("fee", Double.isNaN(fillFee) ? "0" : Double.toString(fillFee))
                    .put("feeCcy", fillFeeCcy == null ? "" : fillFeeCcy);
        }
        pushUser(channelPush("orders", null, o));
        ArrayNode d = JSON.createArrayNode();
        d.add(positionJson(new Pos(instId, posSide, 0, 0, p.lever(), p.mgnMode(), 0)));
        pushUser(channelPush("positions", "event_update", d));
        pushUser(channelPush("account", null, arr(balanceJson())));
    }

    /** The last trade in each position ({@code tradeId}, "Last trade ID"), by instId/posSide, once a trade was pushed. */
    private final Map<String, String> lastTrade = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong tradeIds = new java.util.concurrent.atomic.AtomicLong(242_589_000L);

    /**
     * The trader's market order takes a net-mode position of {@code instId} to {@code newPos} contracts on the other side (a
     * one-way reversal): one {@code orders} fill of {@code |pos − newPos|} contracts at {@code price} carrying {@code fillPnl}
     * (the closed part's realized PnL) and {@code fillFee} in USDT in OKX's sign (negative a charge) for the whole fill, the
     * position at {@code newPos} entered at {@code price} with this trade as its {@code tradeId}, then the account moved by
     * both. {@code positionFirst}: the positions push comes before the fill (the channels are not ordered between them).
     */
    public void reverse(String instId, double newPos, double price, double fillPnl, double fillFee, boolean positionFirst) {
        String key = instId + "/net";
        Pos p = positions.get(key);
        Pos next = new Pos(instId, "net", newPos, price, p.lever(), p.mgnMode(), p.margin());
        positions.put(key, next);
        String tradeId = Long.toString(tradeIds.incrementAndGet());
        lastTrade.put(key, tradeId);
        long t = System.currentTimeMillis();
        double sz = Math.abs(p.pos() - newPos);
        ArrayNode o = JSON.createArrayNode();
        o.addObject().put("instType", "SWAP").put("instId", instId).put("ordId", Long.toString(680_800_019_749_904_500L + t % 1000)).put("clOrdId", "")
                .put("category", "normal").put("side", newPos < p.pos() ? "sell" : "buy").put("posSide", "net").put("tdMode", p.mgnMode())
                .put("ordType", "market").put("px", "").put("sz", Double.toString(sz)).put("state", "filled").put("lever", Double.toString(p.lever()))
                .put("tradeId", tradeId).put("fillPx", Double.toString(price)).put("fillSz", Double.toString(sz)).put("fillTime", Long.toString(t))
                .put("fillPnl", Double.toString(fillPnl)).put("pnl", Double.toString(fillPnl)).put("fillFee", Double.toString(fillFee))
                .put("fillFeeCcy", "USDT").put("fee", Double.toString(fillFee)).put("feeCcy", "USDT").put("execType", "T")
                .put("accFillSz", Double.toString(sz)).put("avgPx", Double.toString(price)).put("uTime", Long.toString(t)).put("cTime", Long.toString(t));
        ArrayNode d = JSON.createArrayNode();
        d.add(positionJson(next));
        cashBal += fillPnl + fillFee;
        if (positionFirst) {
            pushUser(channelPush("positions", "event_update", d));
            pushUser(channelPush("orders", null, o));
        } else {
            pushUser(channelPush("orders", null, o));
            pushUser(channelPush("positions", "event_update", d));
        }
        pushUser(channelPush("account", null, arr(balanceJson())));
    }

    /**
     * The trader's order closes the position {@code instId}/{@code posSide} (all of it) in fills of {@code contracts[i]} at
     * {@code price[i]} (the sizes add up to the position's): one {@code orders} push per fill as OKX sends them — its own
     * {@code tradeId}, {@code fillSz} / {@code fillPx}, {@code accFillSz} / {@code avgPx} the order's running sum and average,
     * state {@code partially_filled} then {@code filled}, {@code fillPnl} and {@code fillFee} (USDT, OKX's sign: negative a
     * charge) shared among the fills by size — then the position at pos 0 and the account moved by both.
     */
    public void closeByTrades(String instId, String posSide, double[] contracts, double[] price, double fillPnl, double fillFee) {
        String key = instId + "/" + posSide;
        Pos p = positions.remove(key);
        double total = Math.abs(p.pos()), filled = 0, value = 0;
        String ordId = Long.toString(680_800_019_749_905_000L + System.currentTimeMillis() % 1000);
        String tradeId = null;
        for (int i = 0; i < contracts.length; i++) {
            filled += contracts[i];
            value += contracts[i] * price[i];
            tradeId = Long.toString(tradeIds.incrementAndGet());
            long t = System.currentTimeMillis();
            double share = contracts[i] / total;
            ArrayNode o = JSON.createArrayNode();
            o.addObject().put("instType", "SWAP").put("instId", instId).put("ordId", ordId).put("clOrdId", "").put("category", "normal")
                    .put("side", p.pos() > 0 ? "sell" : "buy").put("posSide", posSide).put("tdMode", p.mgnMode()).put("ordType", "market")
                    .put("px", "").put("sz", Double.toString(total)).put("state", i == contracts.length - 1 ? "filled" : "partially_filled")
                    .put("lever", Double.toString(p.lever())).put("reduceOnly", "true").put("tradeId", tradeId)
                    .put("fillPx", Double.toString(price[i])).put("fillSz", Double.toString(contracts[i])).put("fillTime", Long.toString(t))
                    .put("fillPnl", Double.toString(fillPnl * share)).put("pnl", Double.toString(fillPnl * filled / total))
                    .put("fillFee", Double.toString(fillFee * share)).put("fillFeeCcy", "USDT")
                    .put("fee", Double.toString(fillFee * filled / total)).put("feeCcy", "USDT").put("execType", "T")
                    .put("fillMarkPx", Double.toString(marks.getOrDefault(instId, price[i])))
                    .put("accFillSz", Double.toString(filled)).put("avgPx", Double.toString(value / filled))
                    .put("uTime", Long.toString(t)).put("cTime", Long.toString(t));
            pushUser(channelPush("orders", null, o));
        }
        lastTrade.put(key, tradeId);
        cashBal += fillPnl + fillFee;
        ArrayNode d = JSON.createArrayNode();
        d.add(positionJson(new Pos(instId, posSide, 0, 0, p.lever(), p.mgnMode(), 0)));
        pushUser(channelPush("positions", "event_update", d));
        pushUser(channelPush("account", null, arr(balanceJson())));
    }

    /** A frame that is not JSON on every public socket. */
    @Override
    public void malformedFrame() {
        for (WsContext c : market) {
            send(c, "{\"arg\":{\"channel\":\"mark-price\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"markPx\":");
        }
    }

    /** Whether some public socket is subscribed to {@code channel} of {@code instId} (subscriptions follow the connection). */
    public boolean subscribed(String channel, String instId) {
        return market.stream().anyMatch(c -> subs.getOrDefault(c.sessionId(), Set.of()).contains(channel + ":" + instId));
    }

    //-------------------------------------------------------------------------
    private static long nextFunding(long now) {
        return (now / 28_800_000 + 1) * 28_800_000;
    }

    private ObjectNode balanceJson() {
        ObjectNode b = JSON.createObjectNode().put("totalEq", Double.toString(cashBal)).put("uTime", Long.toString(System.currentTimeMillis()));
        ArrayNode details = b.putArray("details");
        detail(details.addObject().put("ccy", "USDT").put("cashBal", Double.toString(cashBal)).put("eq", Double.toString(cashBal))
                .put("availBal", Double.toString(cashBal)).put("frozenBal", "0").put("uTime", Long.toString(System.currentTimeMillis())), "USDT", cashBal);
        coinBal.forEach((ccy, v) -> detail(details.addObject().put("ccy", ccy).put("cashBal", Double.toString(v)).put("eq", Double.toString(v))
                .put("availBal", Double.toString(v)).put("frozenBal", "0").put("uTime", Long.toString(System.currentTimeMillis())), ccy, v));
        return b;
    }

    /** {@code eqUsd} and {@code disEq} (USD) of a currency with a price: eq × price, and at its discount tiers. */
    private void detail(ObjectNode d, String ccy, double eq) {
        Double px = usdPrice.get(ccy);
        if (px == null) {
            return;
        }
        d.put("eqUsd", Double.toString(eq * px));
        double[][] t = discounts.get(ccy);
        if (t != null) {
            double v = 0, from = 0;
            for (int i = 0; i < t[0].length && eq > from; i++) {
                v += (Math.min(eq, t[0][i]) - from) * t[1][i];
                from = t[0][i];
            }
            d.put("disEq", Double.toString(v * px));
        }
    }

    private ObjectNode positionJson(Pos p) {
        double mark = marks.getOrDefault(p.instId(), p.avgPx());
        return JSON.createObjectNode().put("instType", "SWAP").put("instId", p.instId()).put("posId", Integer.toString(Math.abs(p.instId().hashCode())))
                .put("posSide", p.posSide()).put("pos", Double.toString(p.pos())).put("avgPx", p.pos() == 0 ? "" : Double.toString(p.avgPx()))
                .put("lever", Double.toString(p.lever())).put("mgnMode", p.mgnMode())
                .put("ccy", p.instId().endsWith("-USD-SWAP") ? p.instId().substring(0, p.instId().indexOf('-')) : "USDT")
                .put("margin", "isolated".equals(p.mgnMode()) ? Double.toString(p.margin()) : "")
                .put("markPx", Double.toString(mark)).put("liqPx", "").put("mgnRatio", "").put("mmr", "").put("imr", "")
                .put("upl", "0").put("uTime", Long.toString(System.currentTimeMillis()))
                .put("cTime", Long.toString(created.getOrDefault(p.instId() + "/" + p.posSide(), 1619507758793L)))
                .put("tradeId", lastTrade.getOrDefault(p.instId() + "/" + p.posSide(), ""));
    }

    private static ArrayNode arr(JsonNode one) {
        return JSON.createArrayNode().add(one);
    }

    private static String publicPush(String channel, String instId, ObjectNode d) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("arg").put("channel", channel).put("instId", instId);
        o.putArray("data").add(d);
        return o.toString();
    }

    private static String channelPush(String channel, String eventType, ArrayNode data) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode arg = o.putObject("arg").put("channel", channel).put("uid", "77982378738415879");
        if (!"account".equals(channel)) {
            arg.put("instType", "SWAP");   // the account channel is subscribed without ccy: every currency's balance
        }
        if (eventType != null) {
            o.put("eventType", eventType).put("curPage", 1).put("lastPage", true);
        }
        o.set("data", data);
        return o.toString();
    }


    private void ok(Context ctx, boolean signed, Body body) throws Exception {
        long now = clock.millis();
        int[] limit = LIMITS.get(ctx.path());
        String bucket = limit == null ? "" : limit[1] == 1 ? ctx.queryParam("instId") : "all";
        boolean refused;
        synchronized (timed) {
            refused = enforceLimits && limit != null && timed.stream().filter(t -> !t.refused() && t.path().equals(ctx.path())
                    && t.bucket().equals(bucket) && t.ms() > now - 2_000).count() >= limit[0];
            timed.add(new Timed(now, ctx.path(), bucket, refused));
        }
        if (refused) {
            requests.add(ctx.method() + " " + ctx.path());
            ctx.status(429).contentType("application/json").result("{\"code\":\"50011\",\"msg\":\"Rate limit reached. Please refer to API "
                    + "documentation and throttle requests accordingly\",\"data\":[]}");
            return;
        }
        if (logAndLimit(ctx)) {
            if (retryAfterSeconds >= 0) {
                ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
            }
            ctx.status(429).contentType("application/json")
                    .result("{\"code\":\"50011\",\"msg\":\"Too Many Requests\",\"data\":[]}");
            return;
        }
        if (signed) {
            String ts = ctx.header("OK-ACCESS-TIMESTAMP"), sign = ctx.header("OK-ACCESS-SIGN");
            String path = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            boolean fresh;
            try {
                fresh = Math.abs(Instant.parse(ts).toEpochMilli() - venueNow()) <= 30_000;
            } catch (RuntimeException e) {
                fresh = false;
            }
            String code = !apiKey.equals(ctx.header("OK-ACCESS-KEY")) ? "50111" : !fresh ? "50102"
                    : !passphrase.equals(ctx.header("OK-ACCESS-PASSPHRASE")) ? "50105"
                    : sign == null || !hmacBase64(ts + ctx.method() + path).equals(sign) ? "50113" : null;
            if (code != null) {
                String msg = code.equals("50113") ? "Invalid Sign" : code.equals("50102") ? "Timestamp request expired"
                        : code.equals("50105") ? "Invalid OK-ACCESS-PASSPHRASE" : "Invalid OK-ACCESS-KEY";
                if (echoKeyInErrors) {
                    msg += " for key " + ctx.header("OK-ACCESS-KEY") + " passphrase " + ctx.header("OK-ACCESS-PASSPHRASE");
                }
                ctx.status(401).contentType("application/json").result(JSON.createObjectNode().put("code", code).put("msg", msg)
                        .set("data", JSON.createArrayNode()).toString());
                return;
            }
        }
        ObjectNode o = JSON.createObjectNode().put("code", "0").put("msg", "");
        o.set("data", body.get());
        ctx.contentType("application/json").result(o.toString());
    }

    /** The fake's own signature check: Base64 of HMAC-SHA256 over the prehash, computed independently of perpguard's signer. */
    private String hmacBase64(String data) {
        return Base64.getEncoder().encodeToString(hmacSha256(data));
    }

}
