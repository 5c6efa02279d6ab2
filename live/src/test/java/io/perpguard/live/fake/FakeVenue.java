package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every fake venue shares: a Javalin server on loopback (REST and WebSocket on one port), its open mark
 * ({@link #market}) and account ({@link #user}) sockets, the log of REST requests, and the scripted faults a venue
 * subclass answers in its own shapes: the next n requests rate-limited, silence, an API key quoted in errors.
 */
public abstract class FakeVenue implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    public final String apiKey, secret;
    protected final Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
    protected final List<WsContext> market = new CopyOnWriteArrayList<>();
    protected final List<WsContext> user = new CopyOnWriteArrayList<>();
    protected final List<String> requests = new CopyOnWriteArrayList<>();
    protected final List<String> pings = new CopyOnWriteArrayList<>();   // "market" / "user": which socket pinged
    protected final AtomicInteger rateLimited = new AtomicInteger();
    protected volatile int retryAfterSeconds = 1;
    protected volatile boolean silent, echoKeyInErrors;
    /** How far the venue's clock runs ahead of the local one (ms): its time endpoint and its timestamp checks use it. */
    protected volatile long venueClockOffsetMs;

    /** The account's fees its fee endpoint answers, by symbol ("*": every symbol), {taker, maker} as charges; absent: VIP 0's. */
    private final java.util.Map<String, double[]> fees = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean feesFailing;

    protected FakeVenue(String apiKey, String secret) {
        this.apiKey = apiKey;
        this.secret = secret;
    }

    /** Starts serving, once the subclass has added its routes. */
    protected final void listen() {
        app.start("127.0.0.1", 0);
    }

    /** {@code http://127.0.0.1:port}: the REST base. */
    public String restUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** {@code ws://127.0.0.1:port}: the WebSocket root. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + app.port();
    }

    /** Pushes a mark for {@code symbol} (the venue's spelling) to the subscribed mark sockets; returns the event time it carries. */
    public abstract long mark(String symbol, double price);

    /** Pushes a truncated frame on every mark socket. */
    public abstract void malformedFrame();

    /** Open mark (public) sockets. */
    public int marketConnections() {
        return market.size();
    }

    /** Open account (private) sockets. */
    public int userConnections() {
        return user.size();
    }

    /** Drops every open socket, as a network failure would. */
    public void dropConnections() {
        for (WsContext c : new ArrayList<>(market)) {
            c.session.disconnect();
        }
        for (WsContext c : new ArrayList<>(user)) {
            c.session.disconnect();
        }
        market.clear();
        user.clear();
    }

    /** While silent, sockets stay open but no mark is pushed. */
    public void silent(boolean on) {
        silent = on;
    }

    /** The venue's clock runs {@code ms} ahead of the local one (negative: behind). */
    public void skewClock(long ms) {
        venueClockOffsetMs = ms;
    }

    /** The venue's time (ms). */
    protected long venueNow() {
        return System.currentTimeMillis() + venueClockOffsetMs;
    }

    /** The next {@code n} REST calls are refused in the venue's rate-limit shape, asking to wait {@code retryAfterSeconds}. */
    public void rateLimitNext(int n, int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        rateLimited.set(n);
    }

    /**
     * The account's fee rates on {@code symbol} ("*": every symbol, as XT's one account-wide pair), charges positive (a VIP
     * account's lower taker fee, a maker rebate negative); the fee endpoint answers them in the venue's own shape and sign.
     */
    public void fees(String symbol, double taker, double maker) {
        fees.put(symbol, new double[]{taker, maker});
    }

    /** While on, the fee endpoint holds its answer (a slow read); off lets every held answer go. */
    public void holdFees(boolean on) {
        java.util.concurrent.CountDownLatch was = feesHeld;
        feesHeld = on ? new java.util.concurrent.CountDownLatch(1) : null;
        if (was != null) {
            was.countDown();
        }
    }

    private volatile java.util.concurrent.CountDownLatch feesHeld;

    /** While on, the fee endpoint fails (HTTP 500). */
    public void failFees(boolean on) {
        feesFailing = on;
    }

    /** What the fee endpoint answers for {@code symbol}: its scripted {taker, maker}, else the venue's VIP 0 pair given. */
    protected double[] feesOf(String symbol, double vip0Taker, double vip0Maker) {
        java.util.concurrent.CountDownLatch held = feesHeld;
        if (held != null) {
            try {
                held.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (feesFailing) {
            throw new IllegalStateException("fee endpoint failing (scripted)");
        }
        double[] f = fees.containsKey(symbol) ? fees.get(symbol) : fees.get("*");
        return f != null ? f : new double[]{vip0Taker, vip0Maker};
    }

    /** A rate as the venues write it in JSON strings: {@code 0.00018}, not {@code 1.8E-4}. */
    protected static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** How many requests of {@code METHOD /path} were served. */
    public long requestsOf(String methodAndPath) {
        return requests.stream().filter(methodAndPath::equals).count();
    }

    /** The REST requests served so far, {@code METHOD /path}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The application-level pings received, in order: {@code market} or {@code user} per ping. */
    public List<String> pings() {
        return List.copyOf(pings);
    }

    /** Logs a REST request; true when it is one of the scripted rate-limited ones (the caller answers 429). */
    protected boolean logAndLimit(Context ctx) {
        requests.add(ctx.method() + " " + ctx.path());
        return rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** A REST answer's body, built when the request passed the venue's checks. */
    protected interface Body {
        com.fasterxml.jackson.databind.JsonNode get() throws Exception;
    }

    /**
     * Answers a text {@code ping} (OKX's and XT's keepalive) with {@code pong} and records which socket sent it
     * ({@code market} or {@code user}); false for any other frame.
     */
    protected boolean pong(WsContext ctx, String message, String socket) {
        if (!"ping".equals(message)) {
            return false;
        }
        pings.add(socket);
        send(ctx, "pong");
        return true;
    }

    protected void pushUser(String frame) {
        for (WsContext c : user) {
            send(c, frame);
        }
    }

    protected static void send(WsContext c, String frame) {
        try {
            c.send(frame);
        } catch (Exception e) {
            // socket going away; Javalin (Kotlin) rethrows Jetty's IOException undeclared, so RuntimeException is not enough
        }
    }

    /** HMAC-SHA256 of {@code data} under the fake's secret (each venue encodes it its own way). */
    protected byte[] hmacSha256(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String hmacHex(String data) {
        return java.util.HexFormat.of().formatHex(hmacSha256(data));
    }

    @Override
    public void close() {
        app.stop();
    }
}
