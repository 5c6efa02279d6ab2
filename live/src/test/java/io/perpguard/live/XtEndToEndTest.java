package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.xt.XtUsdtConnector;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.Conventions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.LiveEndToEndTest.assertOnePerCrossing;
import static io.perpguard.live.fake.Waits.await;
import static io.perpguard.live.LiveEndToEndTest.byKind;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch → alert path against the fake XT, as for Binance: a cross btc_usdt LONG leg (10,000 contracts of 0.0001)
 * and an isolated eth_usdt LONG leg (1,000 contracts of 0.01); both marks walk through 80 % and liquidation, priced
 * by XT's convention with XT's leverage brackets; exactly one signed webhook per crossing within 2 s of the tick; the
 * same with every socket dropped mid-path.
 */
class XtEndToEndTest {
    static final String KEY = "xtKey-5d6e7f80-9a1b-4c2d-8e3f-a4b5c6d7e8f9", SECRET = "xtsecret0f9e8d7c6b5a49382716afbecd";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;
    static final String BTC = "BTC_USDT", ETH = "ETH_USDT";

    @TempDir
    Path dir;
    FakeXt fake;
    Instruments instruments;
    FakeWatch<FakeXt> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeXt(KEY, SECRET).wallet(10_000)
                .position(new FakeXt.Pos("btc_usdt", "LONG", 10_000, 60_000, 20, "CROSSED", 0))
                .position(new FakeXt.Pos("eth_usdt", "LONG", 1_000, 3_000, 20, "ISOLATED", 1_500));
        fake.mark("btc_usdt", 60_000);
        fake.mark("eth_usdt", 3_000);
        ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl());
        try (XtUsdtConnector c = new XtUsdtConnector(new Credentials(KEY, SECRET), cfg)) {
            instruments = LiveInstruments.of("xt", c.tiers(), c.contracts());
        }
        w = new FakeWatch<>(fake, "xt-main", "xt", new Credentials(KEY, SECRET), dir);
        await("watcher sees both legs and both sockets are open", () -> w.sink.last() != null && w.sink.last().positions().size() == 2
                && !w.sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1
                && fake.subscribed("mark_price@btc_usdt") && fake.subscribed("mark_price@eth_usdt"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void legsAreInBaseUnitsAndPricedByXtsConventionAndBrackets() {
        assertThat(instruments.get(ETH).convention()).isEqualTo(Conventions.XT_LINEAR);
        assertThat(instruments.get(ETH).contract().contractSize()).isEqualTo(0.01);
        WatchView.Row eth = w.sink.last().positions().stream().filter(r -> r.symbol().equals(ETH)).findFirst().orElseThrow();
        assertThat(eth.qty()).isEqualTo(10.0);   // 1,000 contracts × 0.01
        // the size's step, for watch's table: one contract, 0.01 ETH; BTC_USDT's 0.0001 BTC
        assertThat(eth.qtyDecimals()).isEqualTo(instruments.get(ETH).contract().qtyDecimals()).isEqualTo(2);
        assertThat(w.sink.last().positions()).filteredOn(r -> !r.symbol().equals(ETH)).singleElement()
                .extracting(WatchView.Row::qtyDecimals).isEqualTo(4);
        assertThat(eth.positionSide()).isEqualTo("long");
        assertThat(eth.marginMode()).isEqualTo("isolated");
        assertThat(eth.liquidationPrice()).isBetween(2_800.0, 2_900.0);
        assertThat(w.sink.lines).anyMatch(l -> l.contains("XT does not report key permissions"));
        assertThat(w.sink.lines).anyMatch(l -> l.contains("estimates"));
        assertThat(w.sink.last().walletBalance()).isEqualTo(10_000);
    }

    @Test
    void oneSignedWebhookPerCrossingWithinTwoSecondsOfTheTick() throws Exception {
        await("open interest (contracts × contract size) and funding from the snapshot", () -> w.sink.last().positions().stream()
                .anyMatch(r -> r.symbol().equals(BTC) && Math.abs(r.openInterest() - io.perpguard.live.fake.FakeXt.SUMMARY_OI * 0.0001) < 1e-6 && r.fundingRate() == 0.000086));
        Map<String, Long> ticks = runPath(false);
        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETH_USDT/long");
        LiveEndToEndTest.assertSignedWithinTwoSeconds(got, "xt-main", "xt", HOOK_SECRET);
        assertThat(byKind(got, "cross", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("BTC80"));
        assertThat(byKind(got, "cross", "threshold").path("symbol").asText()).isEqualTo(BTC);
        assertThat(byKind(got, "isolated:ETH_USDT/long", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETH80"));
        assertThat(byKind(got, "isolated:ETH_USDT/long", "threshold").path("marginRatio").asDouble()).isBetween(0.8, 0.9);
        assertThat(byKind(got, "isolated:ETH_USDT/long", "liquidation").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETHLIQ"));

        await("positions closed", () -> w.sink.last().positions().isEmpty() && w.sink.last().closed().size() == 2);
        assertThat(w.sink.last().closed()).extracting(WatchView.Closed::reason).containsOnly("liquidated");
        assertThat(w.sink.last().walletBalance()).isLessThan(8_500);
        fourAlertsRaisedAndDeliveredOnce();
        assertThat(fake.requests()).contains("GET /future/user/v1/account/info", "GET /future/user/v1/position/list",
                "GET /future/user/v1/balance/detail", "GET /future/user/v1/user/listen-key", "GET /future/market/v1/public/leverage/bracket/detail");
    }

    @Test
    void socketDroppedMidPathReconnectsResyncsAndNeitherRepeatsNorMissesAnAlert() throws Exception {
        runPath(true);
        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETH_USDT/long");
        await("positions closed", () -> w.sink.last().positions().isEmpty() && w.sink.last().closed().size() == 2);
        fourAlertsRaisedAndDeliveredOnce();
        assertThat(fake.requests().stream().filter(r -> r.equals("GET /future/user/v1/user/listen-key")).count()).as("listenKeys: start + reconnect")
                .isGreaterThanOrEqualTo(2);
    }

    /**
     * The watcher raised four alerts (distinct dedupe keys), each delivered once. Every alert of the path is raised
     * before the view that shows both legs closed (waited for first), and the outbox is the only sender, once per key:
     * a fixed 500 ms wait for a fifth webhook stood for this.
     */
    private void fourAlertsRaisedAndDeliveredOnce() {
        assertThat(w.sink.alerts.stream().map(LiveAlert::dedupeKey).distinct()).as("alerts raised").hasSize(4);
        assertThat(w.hook.received()).hasSize(4);
    }

    /** Walks both marks across 80 % then liquidation; returns tick times by label. */
    private Map<String, Long> runPath(boolean dropMidway) throws Exception {
        Account acct = new Account(10_000, List.of(
                new Position(BTC, Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000),
                new Position(ETH, Side.LONG, 10, 3_000, 20, MarginMode.ISOLATED, PositionSide.LONG, 0, 3_000)));
        DoubleUnaryOperator cross = p -> MarginCalculator.crossMarginRatioAt(acct, instruments, BTC, p);
        DoubleUnaryOperator iso = p -> MarginCalculator.isolatedMarginRatioAt(acct.positions().get(1), instruments.get(ETH), p);
        return LiveEndToEndTest.runPath(fake, "btc_usdt", "eth_usdt", cross, iso, 2_990, dropMidway, () -> () -> fake.requests().stream().filter(r -> r.equals("GET /future/user/v1/user/listen-key")).count() >= 2
                        && fake.subscribed("mark_price@btc_usdt") && fake.userConnections() == 1,
                () -> {
                    fake.liquidate("btc_usdt", "LONG");
                    fake.liquidate("eth_usdt", "LONG");
                }, w.hook);
    }

    private List<WebhookReceiver.Received> awaitPosts(int n) throws InterruptedException {
        return LiveEndToEndTest.awaitPosts(w.hook, n);
    }
}
