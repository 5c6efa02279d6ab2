package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.fake.RecordingSink;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

import static io.perpguard.live.FakeWatch.solve;
import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole watch → alert path against the fake Binance: a cross BTCUSDT long and an isolated ETHUSDT long; both
 * marks walk through the 80 % margin-ratio threshold and then liquidation; the venue liquidates. Exactly one
 * signed webhook POST per crossing, within 2 s of the tick; and the same with every socket dropped mid-path.
 */
class LiveEndToEndTest {
    static final String KEY = "e2eKeyA7f3c9d1b2e4f6a8c0d2e4f6a8b1c3d5e7f9";
    static final String SECRET = "e2eSecret9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;
    static final Instruments INSTRUMENTS = TierTables.bundled();
    static final Account ACCOUNT = new Account(10_000, List.of(
            new Position("BTCUSDT", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000),
            new Position("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 3_000)));

    @TempDir
    Path dir;
    FakeBinance fake;
    WebhookReceiver hook;
    LiveMonitor monitor;
    RecordingSink sink;
    FakeWatch<FakeBinance> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinance(KEY, SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDT", 3_000);
        // the fake pushes only scripted marks: a long stale limit keeps a slow machine from adding stale alerts
        w = new FakeWatch<>(fake, "main", "binance", new Credentials(KEY, SECRET), dir);
        hook = w.hook;
        monitor = w.monitor;
        sink = w.sink;
        await("watcher sees both positions and the mark feed is open", () -> sink.last() != null && sink.last().positions().size() == 2
                && !sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void oneSignedWebhookPerCrossingWithinTwoSecondsOfTheTick() throws Exception {
        // open interest: REST-only on Binance, read with each snapshot and kept by the pushed marks that lack it
        await("open interest on every row", () -> sink.last().positions().stream().allMatch(r -> r.openInterest() == 10659.509));
        assertThat(sink.last().assetMode()).as("the account's asset mode, as Binance reports it").isEqualTo("single-asset");
        assertThat(sink.last().collateral()).isEmpty();
        assertThat(fake.requests()).as("single-asset mode reads no asset index").doesNotContain("GET /fapi/v1/assetIndex");
        Map<String, Long> ticks = runPath(false);

        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETHUSDT/both");
        assertSignedWithinTwoSeconds(got, "main", "binance", HOOK_SECRET);
        // each alert belongs to the tick that crossed: the venue's event time of that very mark
        assertThat(byKind(got, "cross", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("BTC80"));
        assertThat(byKind(got, "cross", "threshold").path("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(byKind(got, "cross", "liquidation").path("tickTimeMs").asLong()).isEqualTo(ticks.get("BTCLIQ"));
        assertThat(byKind(got, "isolated:ETHUSDT/both", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETH80"));
        assertThat(byKind(got, "isolated:ETHUSDT/both", "liquidation").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETHLIQ"));
        assertThat(byKind(got, "isolated:ETHUSDT/both", "threshold").path("marginRatio").asDouble()).isBetween(0.8, 0.9);
        assertThat(byKind(got, "cross", "threshold").path("markPrice").asDouble()).isEqualTo(ticks.get("BTC80mark").doubleValue() / 100.0);

        // the venue closed both: the view shows them as liquidated, nothing open
        await("positions closed", () -> sink.last().positions().isEmpty() && sink.last().closed().size() == 2);
        assertThat(sink.last().closed()).extracting(WatchView.Closed::reason).containsOnly("liquidated");
        Thread.sleep(500);
        assertThat(hook.received()).hasSize(4);
        assertThat(sink.alerts).hasSize(4);
    }

    @Test
    void socketDroppedMidPathReconnectsResyncsAndNeitherRepeatsNorMissesAnAlert() throws Exception {
        runPath(true);

        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETHUSDT/both");
        Thread.sleep(500);
        assertThat(hook.received()).hasSize(4);
        assertThat(fake.requests().stream().filter(r -> r.equals("POST /fapi/v1/listenKey")).count()).as("listenKeys: start + reconnect").isEqualTo(2);
        assertThat(fake.requests().stream().filter(r -> r.equals("GET /fapi/v2/positionRisk")).count()).as("REST snapshots").isGreaterThanOrEqualTo(2);
    }

    /** Walks both marks across 80 % then liquidation; returns tick times by label. */
    private Map<String, Long> runPath(boolean dropMidway) throws Exception {
        DoubleUnaryOperator cross = p -> MarginCalculator.crossMarginRatioAt(ACCOUNT, INSTRUMENTS, "BTCUSDT", p);
        DoubleUnaryOperator iso = p -> MarginCalculator.isolatedMarginRatioAt(ACCOUNT.positions().get(1), INSTRUMENTS.get("ETHUSDT").tiers(), p);
        return runPath(fake, "BTCUSDT", "ETHUSDT", cross, iso, 2_950, dropMidway,
                () -> () -> fake.requests().stream().filter(r -> r.equals("POST /fapi/v1/listenKey")).count() == 2
                        && fake.marketConnections() == 1 && fake.userConnections() == 1,
                () -> {
                    fake.liquidate("BTCUSDT", "BOTH");
                    fake.liquidate("ETHUSDT", "BOTH");
                }, hook);
    }

    /**
     * The must-show path, venue-neutral: a cross leg {@code btc} and an isolated leg {@code eth} (both longs from
     * 60,000 and 3,000) walk across 80 % and then liquidation, at prices solved from the engine's ratios
     * {@code cross} and {@code iso}; marks 60 ms apart. With {@code dropMidway} every socket is dropped after the two
     * 80 % alerts and liquidation happens while disconnected (only the REST resync can tell), until the condition
     * {@code resynced} gives (asked for just before the drop) holds. Then {@code liquidateBoth}. Returns tick times by
     * label: BTC80, ETH80, BTCLIQ, ETHLIQ, and BTC80mark (its mark × 100).
     */
    static Map<String, Long> runPath(FakeVenue v, String btc, String eth, DoubleUnaryOperator cross, DoubleUnaryOperator iso, double ethStart,
                                     boolean dropMidway, Supplier<BooleanSupplier> resynced, Runnable liquidateBoth, WebhookReceiver hook)
            throws InterruptedException {
        double btc80 = solve(cross, 60_000, 1_000, 0.8), btcLiq = solve(cross, 60_000, 1_000, 1.0);
        double eth80 = solve(iso, 3_000, 100, 0.8), ethLiq = solve(iso, 3_000, 100, 1.0);
        assertThat(btc80).isGreaterThan(btcLiq + 20);
        assertThat(eth80).isGreaterThan(ethLiq + 2);
        Map<String, Long> t = new HashMap<>();
        tick(v, btc, 58_000);
        tick(v, eth, ethStart);
        tick(v, btc, btc80 + 10);
        tick(v, eth, eth80 + 1);
        double b80 = Math.floor(btc80 - 5);
        t.put("BTC80", tick(v, btc, b80));
        t.put("BTC80mark", (long) (b80 * 100));
        t.put("ETH80", tick(v, eth, eth80 - 0.5));
        tick(v, btc, btc80 - 10);   // still above 80 %: nothing new
        tick(v, eth, eth80 - 1);
        if (dropMidway) {
            awaitPosts(hook, 2);
            BooleanSupplier back = resynced.get();
            v.dropConnections();
            // the market moves on while the sockets are down: only the REST resync can tell
            v.mark(btc, btcLiq - 10);
            v.mark(eth, ethLiq - 1);
            await("reconnected and resynchronised", back);
            awaitPosts(hook, 4);
        } else {
            tick(v, btc, btcLiq + 10);
            t.put("BTCLIQ", tick(v, btc, btcLiq - 10));
            t.put("ETHLIQ", tick(v, eth, ethLiq - 1));
            tick(v, eth, ethLiq - 2);   // past liquidation already alerted: nothing new
            awaitPosts(hook, 4);
        }
        liquidateBoth.run();
        return t;
    }

    private static long tick(FakeVenue v, String symbol, double price) throws InterruptedException {
        long e = v.mark(symbol, price);
        Thread.sleep(60);
        return e;
    }

    /** One POST per crossing (cross and the isolated leg {@code isolated}, threshold and liquidation), each keyed by its dedupe key. */
    static void assertOnePerCrossing(List<WebhookReceiver.Received> got, String isolated) {
        List<String> crossings = new ArrayList<>();
        for (WebhookReceiver.Received r : got) {
            crossings.add(r.body().path("subject").asText() + " " + r.body().path("kind").asText());
            assertThat(r.delivery()).isEqualTo(r.body().path("dedupeKey").asText());
        }
        assertThat(crossings).containsExactlyInAnyOrder("cross threshold", "cross liquidation",
                isolated + " threshold", isolated + " liquidation");
    }

    /**
     * Every POST: the account and venue, a margin ratio (liquidations may carry none) and the tick's mark, the
     * signature over the raw body with the shared secret, and arrival within 2 s of the tick's venue time.
     */
    static void assertSignedWithinTwoSeconds(List<WebhookReceiver.Received> got, String account, String venue, String secret) {
        for (WebhookReceiver.Received r : got) {
            assertThat(r.body().path("account").asText()).isEqualTo(account);
            assertThat(r.body().path("venue").asText()).isEqualTo(venue);
            assertThat(r.body().path("marginRatio").isNumber() || r.body().path("kind").asText().equals("liquidation")).isTrue();
            assertThat(r.body().path("markPrice").asDouble()).isPositive();
            assertThat(r.signature()).isEqualTo("sha256=" + WebhookChannel.sign(secret.getBytes(StandardCharsets.UTF_8), r.timestamp(), r.raw()));
            assertThat(r.arrivedMs() - r.body().path("tickTimeMs").asLong()).as("tick to webhook, ms").isBetween(0L, 2000L);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode byKind(List<WebhookReceiver.Received> got, String subject, String kind) {
        return got.stream().filter(r -> r.body().path("subject").asText().equals(subject) && r.body().path("kind").asText().equals(kind))
                .findFirst().orElseThrow().body();
    }

    private List<WebhookReceiver.Received> awaitPosts(int n) throws InterruptedException {
        return awaitPosts(hook, n);
    }

    static List<WebhookReceiver.Received> awaitPosts(WebhookReceiver hook, int n) throws InterruptedException {
        await(n + " webhook POSTs", () -> hook.received().size() >= n);
        return hook.received();
    }

}
