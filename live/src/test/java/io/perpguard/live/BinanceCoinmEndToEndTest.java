package io.perpguard.live;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.fake.RecordingSink;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.LiveEndToEndTest.awaitPosts;
import static io.perpguard.live.LiveEndToEndTest.byKind;
import static io.perpguard.live.FakeWatch.solve;
import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Binance COIN-M end to end against {@link FakeBinanceCoinm}: a cross BTCUSD_PERP long of 100 contracts (10,000 USD
 * face) at 60,000, 20x, on a BTC wallet of 0.05 (an ETH wallet of 2 beside it, which must not count); the mark walks
 * through the 80 % cross margin ratio and then liquidation; the venue liquidates. The figures are the margin engine's
 * COIN-M rule on the bundled BTCUSD_PERP brackets, as {@code perpguard calc --exchange binance-coinm --symbol
 * BTCUSD_PERP --side long --entry 60000 --contracts 100 --leverage 20 --margin-mode cross --wallet 0.05} prints them:
 * liquidation price 46,338.5 (exact 46,338.46153846154), margin ratio 1.33 % at entry.
 */
class BinanceCoinmEndToEndTest {
    static final String KEY = "cmKeyR4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c";
    static final String SECRET = "cmSecretM1n2b3v4c5x6z7l8k9j0h1g2f3d4s5a6q7";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;
    /** What calc prices with for binance-coinm: the bundled contracts and BTCUSD_PERP brackets. */
    static final Instruments CALC = VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, null, null, null));
    static final Account ACCOUNT = new Account(0.05, List.of(new Position("BTCUSD_PERP", Side.LONG, 10_000, 60_000, 20, MarginMode.CROSS,
            PositionSide.BOTH, 0, 60_000, ContractType.INVERSE)));
    /** {@code calc}'s liquidation price for these inputs (printed 46,338.5; liquidationPriceExact 46338.46153846154). */
    static final double CALC_LIQUIDATION = 46_338.5, CALC_LIQUIDATION_EXACT = 46_338.46153846154;

    @TempDir
    Path dir;
    FakeBinanceCoinm fake;
    FakeWatch<FakeBinanceCoinm> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinanceCoinm(KEY, SECRET).wallet("BTC", 0.05).wallet("ETH", 2)
                .position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0));
        fake.mark("BTCUSD_PERP", 60_000);
        w = new FakeWatch<>(fake, "coin", "binance-coinm", new Credentials(KEY, SECRET), dir);
        await("watcher sees the position and the mark feed is open", () -> w.sink.last() != null && w.sink.last().positions().size() == 1
                && !w.sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void snapshotIsPricedAsCalcPricesItInTheCoinOnTheCoinsOwnWallet() {
        WatchView v = w.sink.last();
        WatchView.Row r = v.positions().get(0);
        assertThat(r.symbol()).isEqualTo("BTCUSD_PERP");
        assertThat(r.qty()).as("100 contracts × 100 USD face").isEqualTo(10_000);
        assertThat(r.contracts()).isEqualTo(100);
        assertThat(r.currency()).isEqualTo("BTC");
        assertThat(r.liquidationPrice()).as("calc's liquidation price").isEqualTo(CALC_LIQUIDATION);
        assertThat(r.marginRatio()).isCloseTo(MarginCalculator.evaluate(ACCOUNT, CALC).marginRatio(), within(1e-12));
        assertThat(r.marginRatio()).isCloseTo(0.0133, within(0.0001));
        // each coin its own wallet: BTC margins the BTC contract, the ETH wallet is beside it
        assertThat(v.wallets()).extracting(WatchView.Wallet::asset).containsExactly("BTC", "ETH");
        assertThat(v.wallets().get(0).walletBalance()).isEqualTo(0.05);
        assertThat(v.wallets().get(1).walletBalance()).isEqualTo(2.0);
        assertThat(v.walletBalance()).isEqualTo(0.05);
        // the account's brackets from /dapi/v2/leverageBracket and the contract rules from exchangeInfo were read
        assertThat(fake.requests()).contains("GET /dapi/v2/leverageBracket", "GET /dapi/v1/exchangeInfo", "GET /dapi/v1/account",
                "GET /dapi/v1/positionRisk", "POST /dapi/v1/listenKey");
        // open interest: 517,470 contracts of 100 USD at 60,000 = 862.45 BTC
        assertThat(r.openInterest()).isCloseTo(517_470 * 100 / 60_000.0, within(1e-9));
    }

    @Test
    void crossPositionWalksThroughEightyPercentToLiquidationOneWebhookEach() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(ACCOUNT, CALC, "BTCUSD_PERP", p);
        double at80 = solve(ratio, 60_000, 1_000, 0.8), atLiq = solve(ratio, 60_000, 1_000, 1.0);
        assertThat(atLiq).as("the 100 % crossing is calc's exact liquidation price").isCloseTo(CALC_LIQUIDATION_EXACT, within(1e-6));
        tick(58_000);
        tick(at80 + 10);
        double b80 = Math.floor(at80 - 1);
        long t80 = tick(b80);
        tick(at80 - 10);   // still above 80 %: nothing new
        awaitPosts(w.hook, 1);
        tick(atLiq + 10);
        long tLiq = tick(atLiq - 10);
        List<WebhookReceiver.Received> got = awaitPosts(w.hook, 2);
        fake.liquidate("BTCUSD_PERP", "BOTH");
        await("position closed as liquidated", () -> w.sink.last().positions().isEmpty() && w.sink.last().closed().size() == 1);

        assertThat(got).hasSize(2);
        var threshold = byKind(got, "cross:BTC", "threshold");
        var liquidation = byKind(got, "cross:BTC", "liquidation");
        assertThat(threshold.path("tickTimeMs").asLong()).isEqualTo(t80);
        assertThat(threshold.path("markPrice").asDouble()).isEqualTo(b80);
        assertThat(threshold.path("marginRatio").asDouble()).as("the engine's ratio at that mark").isCloseTo(ratio.applyAsDouble(b80), within(1e-12));
        assertThat(threshold.path("marginRatio").asDouble()).isBetween(0.8, 0.81);
        assertThat(threshold.path("venue").asText()).isEqualTo("binance-coinm");
        assertThat(threshold.path("symbol").asText()).isEqualTo("BTCUSD_PERP");
        assertThat(threshold.path("message").asText()).contains("coin cross BTC: ");
        assertThat(liquidation.path("tickTimeMs").asLong()).isEqualTo(tLiq);
        assertThat(w.sink.last().closed().get(0).reason()).isEqualTo("liquidated");
        System.out.printf("binance-coinm e2e: 80 %% alert at mark %.1f ratio %.6f; liquidation alert at mark %.2f; engine liquidation %.8f, calc %s%n",
                b80, threshold.path("marginRatio").asDouble(), atLiq - 10, atLiq, CALC_LIQUIDATION);
        // the BTC wallet lost the position's loss; the ETH wallet is untouched
        await("wallets after the liquidation", () -> w.sink.last().wallets().size() == 2 && w.sink.last().wallets().get(1).walletBalance() == 2.0
                && w.sink.last().wallets().get(0).walletBalance() < 0.05);
        assertThat(w.sink.alerts).hasSize(2);
    }

    @Test
    void socketsDroppedMidPathReconnectResyncAndAlertTheLiquidationOnce() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(ACCOUNT, CALC, "BTCUSD_PERP", p);
        double at80 = solve(ratio, 60_000, 1_000, 0.8), atLiq = solve(ratio, 60_000, 1_000, 1.0);
        tick(58_000);
        tick(Math.floor(at80 - 5));
        awaitPosts(w.hook, 1);
        fake.dropConnections();
        fake.mark("BTCUSD_PERP", atLiq - 10);   // while the sockets are down: only the REST resync can tell
        await("reconnected and resynchronised", () -> fake.listenKeysIssued() == 2 && fake.marketConnections() == 1 && fake.userConnections() == 1);
        List<WebhookReceiver.Received> got = awaitPosts(w.hook, 2);
        assertThat(byKind(got, "cross:BTC", "liquidation").path("markPrice").asDouble()).isEqualTo(atLiq - 10);
        // after the reconnect the pushed marks are priced again; nothing is repeated
        tick(atLiq - 20);
        fake.liquidate("BTCUSD_PERP", "BOTH");
        await("position closed as liquidated", () -> w.sink.last().positions().isEmpty() && w.sink.last().closed().size() == 1);
        assertThat(w.hook.received()).hasSize(2);
        assertThat(w.sink.alerts.stream().filter(a -> !a.kind().equals("stale") && !a.kind().equals("fault")).count()).isEqualTo(2);
        assertThat(fake.requests().stream().filter(r -> r.equals("GET /dapi/v1/positionRisk")).count()).as("REST snapshots").isGreaterThanOrEqualTo(2);
    }

    @Test
    void fundingDueIsAlertedInTheCoin() throws Exception {
        // 0.06 % due in 10 minutes: the long pays 10,000 USD / 60,000 × 0.0006 = 0.0001 BTC
        fake.funding("BTCUSD_PERP", 0.0006, System.currentTimeMillis() + 600_000);
        fake.mark("BTCUSD_PERP", 60_000);
        await("the funding alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("funding")));
        var a = w.sink.alerts.stream().filter(x -> x.kind().equals("funding")).findFirst().orElseThrow();
        assertThat(a.message()).contains("coin BTCUSD_PERP long: pays 0.00010000 BTC funding (rate 0.0600 %) in ");
        assertThat(a.subject()).isEqualTo("funding:BTCUSD_PERP/both");
        await("the funding due in the row, in BTC", () -> Math.abs(w.sink.last().positions().get(0).fundingDue() - 0.0001) < 1e-12);
    }

    @Test
    void listenKeyIsKeptAliveOnDapi() throws Exception {
        // the shared keepalive on COIN-M's path, every 30 min by default: here a connector with a 100 ms period
        ConnectorConfig d = ConnectorConfig.defaults();
        ConnectorConfig fast = new ConnectorConfig(fake.restUrl(), fake.wsUrl(), null, d.recvWindow(), d.silence(), d.resyncEvery(),
                Duration.ofMillis(100), d.timeout(), d.pingEvery(), d.clock());
        RecordingSink other = new RecordingSink();
        try (var c = new io.perpguard.live.binance.BinanceCoinmConnector(new Credentials(KEY, SECRET), fast);
             var w = new AccountWatcher("keepalive", c, CALC, AccountWatcher.Settings.defaults(), null, other)) {
            w.start();
            await("two keepalives", () -> fake.requests().stream().filter(r -> r.equals("PUT /dapi/v1/listenKey")).count() >= 2);
        }
        await("the listenKey closed at the end", () -> fake.requests().contains("DELETE /dapi/v1/listenKey"));
    }

    private long tick(double price) throws InterruptedException {
        long e = fake.mark("BTCUSD_PERP", price);
        await("the watcher priced mark " + price, () -> w.sink.last() != null && !w.sink.last().positions().isEmpty()
                && w.sink.last().positions().get(0).markPrice() == price);
        return e;
    }
}
