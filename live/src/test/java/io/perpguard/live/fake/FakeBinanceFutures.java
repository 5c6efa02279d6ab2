package io.perpguard.live.fake;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the two Binance futures fakes share, USDⓈ-M ({@code /fapi}) and COIN-M ({@code /dapi}): REST checked as Binance
 * checks it — the {@code X-MBX-APIKEY} header, the HMAC {@code signature} of the query, the {@code timestamp} within
 * {@code recvWindow} of the venue's clock — answered with Binance's {@code {"code":..,"msg":..}} errors, the scripted
 * rate limits (429, or 418 for a ban) with Retry-After, the listenKey's life (POST, PUT keepalive, DELETE; the account
 * socket refuses any other key) and the account's commission rate endpoint.
 */
public abstract class FakeBinanceFutures extends FakeVenue {
    /** The status a scripted rate limit answers: 429, or 418 (Binance's IP ban after calling on through 429s). */
    protected volatile int limitStatus = 429;
    private final String limitMessage;
    private final AtomicInteger listenKeys = new AtomicInteger();
    protected volatile String currentListenKey = "none";

    /**
     * @param api          {@code /fapi} or {@code /dapi}
     * @param limitMessage the {@code msg} of a rate-limited signed or public request, as the product's docs word it
     * @param keyPrefix    the start of each listenKey issued ({@code lk}, {@code cm}), so a test tells the products' apart
     * @param putEchoesKey whether the keepalive PUT answers the key (USDⓈ-M) or an empty object (COIN-M)
     */
    protected FakeBinanceFutures(String apiKey, String secret, String api, String limitMessage, String keyPrefix, boolean putEchoesKey) {
        super(apiKey, secret);
        this.limitMessage = limitMessage;
        app.post(api + "/v1/listenKey", ctx -> keyOnly(ctx, () -> {
            currentListenKey = keyPrefix + listenKeys.incrementAndGet() + "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8";
            return JSON.createObjectNode().put("listenKey", currentListenKey);
        }));
        app.put(api + "/v1/listenKey", ctx -> keyOnly(ctx, () -> putEchoesKey ? JSON.createObjectNode().put("listenKey", currentListenKey)
                : JSON.createObjectNode()));
        app.delete(api + "/v1/listenKey", ctx -> keyOnly(ctx, JSON::createObjectNode));
        // Binance "User Commission Rate (USER_DATA)", both products: {"symbol","makerCommissionRate","takerCommissionRate"},
        // VIP 0 0.02 % / 0.05 %
        app.get(api + "/v1/commissionRate", ctx -> rest(ctx, true, () -> {
            double[] f = feesOf(ctx.queryParam("symbol"), 0.0005, 0.0002);
            return JSON.createObjectNode().put("symbol", ctx.queryParam("symbol")).put("makerCommissionRate", plain(f[1]))
                    .put("takerCommissionRate", plain(f[0]));
        }));
    }

    /** The listenKeys issued so far ({@code POST <api>/v1/listenKey}). */
    public int listenKeysIssued() {
        return listenKeys.get();
    }

    /** An account socket opened with {@code key}: kept as a user socket when it is the current listenKey, else closed 1008. */
    protected void acceptUserSocket(WsContext ctx, String key) {
        if (!currentListenKey.equals(key)) {
            ctx.closeSession(1008, "invalid listenKey");
            return;
        }
        user.add(ctx);
    }

    /** A REST answer: rate limit, then (signed) key, signature and timestamp checked before {@code body} is built. */
    protected void rest(Context ctx, boolean signed, Body body) throws Exception {
        if (logAndLimit(ctx)) {
            ctx.status(limitStatus).header("Retry-After", Integer.toString(retryAfterSeconds))
                    .result(JSON.createObjectNode().put("code", -1003).put("msg", limitMessage).toString());
            return;
        }
        if (signed) {
            String q = ctx.queryString() == null ? "" : ctx.queryString();
            int i = q.lastIndexOf("&signature=");
            String given = i < 0 ? "" : q.substring(i + 11);
            String payload = i < 0 ? q : q.substring(0, i);
            if (!apiKey.equals(ctx.header("X-MBX-APIKEY"))) {
                error(ctx, 401, -2015, "Invalid API-key, IP, or permissions for action" + (echoKeyInErrors ? ", key " + ctx.header("X-MBX-APIKEY") : ""));
                return;
            }
            if (!hmacHex(payload).equalsIgnoreCase(given)) {
                error(ctx, 400, -1022, "Signature for this request is not valid.");
                return;
            }
            long ts = Long.parseLong(ctx.queryParam("timestamp"));
            long rw = Long.parseLong(ctx.queryParam("recvWindow") == null ? "5000" : ctx.queryParam("recvWindow"));
            long server = venueNow();
            if (!(ts < server + 1000 && server - ts <= rw)) {
                error(ctx, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
                return;
            }
        }
        ctx.contentType("application/json").result(body.get().toString());
    }

    /** A USER_STREAM answer (listenKey): the key header, no signature. */
    protected void keyOnly(Context ctx, Body body) throws Exception {
        if (logAndLimit(ctx)) {
            ctx.status(limitStatus).header("Retry-After", Integer.toString(retryAfterSeconds)).result("{\"code\":-1003,\"msg\":\"Too many requests\"}");
            return;
        }
        if (!apiKey.equals(ctx.header("X-MBX-APIKEY"))) {
            error(ctx, 401, -2015, "Invalid API-key, IP, or permissions for action" + (echoKeyInErrors ? ", key " + ctx.header("X-MBX-APIKEY") : ""));
            return;
        }
        ctx.contentType("application/json").result(body.get().toString());
    }

    protected static void error(Context ctx, int status, int code, String msg) {
        ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put("code", code).put("msg", msg).toString());
    }
}
