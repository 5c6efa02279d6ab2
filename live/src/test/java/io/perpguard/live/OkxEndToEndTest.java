package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyException;
import io.perpguard.live.okx.OkxSwapConnector;
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
import static io.perpguard.live.FakeWatch.solve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The watch → alert path against the fake OKX, as for Binance: a cross BTC-USDT-SWAP long (100 contracts of 0.01)
 * and an isolated ETH-USDT-SWAP long (100 contracts of 0.1); both marks walk through 80 % and liquidation, priced by
 * OKX's own convention with OKX's position tiers; exactly one signed webhook per crossing within 2 s of the tick;
 * the same with every socket dropped mid-path.
 */
class OkxEndToEndTest {
    static final String KEY = "okxKey-3f1c9e2a-7b4d-4e8f-a1c2-d3e4f5a6b7c8", SECRET = "OKXSECRET0A1B2C3D4E5F60718293A4B5C", PASS = "okx-Pass-phrase-91";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;

    @TempDir
    Path dir;
    FakeOkx fake;
    Instruments instruments;
    FakeWatch<FakeOkx> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000)
                .position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0))
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 1_500));
        fake.mark("BTC-USDT-SWAP", 60_000);
        fake.mark("ETH-USDT-SWAP", 3_000);
        ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl());
        try (OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), cfg)) {
            instruments = LiveInstruments.of("okx", c.tiers(), c.contracts());
        }
        w = new FakeWatch<>(fake, "okx-main", "okx", new Credentials(KEY, SECRET, PASS), dir);
        await("watcher sees both positions and both sockets are open", () -> w.sink.last() != null && w.sink.last().positions().size() == 2
                && !w.sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1
                && fake.subscribed("mark-price", "BTC-USDT-SWAP") && fake.subscribed("mark-price", "ETH-USDT-SWAP"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void positionsAreInBaseUnitsAndPricedByOkxsConventionAndTiers() {
        assertThat(instruments.get("ETH-USDT-SWAP").convention()).isEqualTo(Conventions.OKX_LINEAR);
        assertThat(instruments.get("ETH-USDT-SWAP").contract().contractSize()).isEqualTo(0.1);
        assertThat(instruments.get("BTC-USD-SWAP").contract().type()).as("coin-margined swaps are watched too (OkxInverseEndToEndTest)")
                .isEqualTo(io.perpguard.venue.ContractType.INVERSE);
        assertThat(w.sink.last().wallets()).as("no coin-margined position: the USDT wallet alone, as before").isEmpty();
        WatchView.Row eth = w.sink.last().positions().stream().filter(r -> r.symbol().equals("ETH-USDT-SWAP")).findFirst().orElseThrow();
        assertThat(eth.qty()).isEqualTo(10.0);   // 100 contracts × ctVal 0.1
        assertThat(eth.marginMode()).isEqualTo("isolated");
        assertThat(eth.liquidationPrice()).isBetween(2_800.0, 2_900.0);
        assertThat(w.sink.lines).anyMatch(l -> l.contains("okx key: reading on, trading off, withdrawals off"));
        assertThat(w.sink.lines).noneMatch(l -> l.contains("ESTIMATES"));
        assertThat(w.sink.last().walletBalance()).isEqualTo(10_000);
    }

    @Test
    void oneSignedWebhookPerCrossingWithinTwoSecondsOfTheTick() throws Exception {
        await("open interest and funding from the snapshot", () -> w.sink.last().positions().stream()
                .allMatch(r -> r.openInterest() == 22161.1301 && r.fundingRate() == 0.0001));
        Map<String, Long> ticks = runPath(false);
        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETH-USDT-SWAP/both");
        LiveEndToEndTest.assertSignedWithinTwoSeconds(got, "okx-main", "okx", HOOK_SECRET);
        assertThat(byKind(got, "cross", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("BTC80"));
        assertThat(byKind(got, "cross", "threshold").path("symbol").asText()).isEqualTo("BTC-USDT-SWAP");
        assertThat(byKind(got, "isolated:ETH-USDT-SWAP/both", "threshold").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETH80"));
        assertThat(byKind(got, "isolated:ETH-USDT-SWAP/both", "threshold").path("marginRatio").asDouble()).isBetween(0.8, 0.9);
        assertThat(byKind(got, "isolated:ETH-USDT-SWAP/both", "liquidation").path("tickTimeMs").asLong()).isEqualTo(ticks.get("ETHLIQ"));

        await("positions closed", () -> w.sink.last().positions().isEmpty() && w.sink.last().closed().size() == 2);
        assertThat(w.sink.last().closed()).extracting(WatchView.Closed::reason).containsOnly("liquidated");
        assertThat(w.sink.last().walletBalance()).as("cash balance after losing the isolated margin and the cross loss").isLessThan(8_500);
        Thread.sleep(500);
        assertThat(w.hook.received()).hasSize(4);
        assertThat(fake.requests()).contains("GET /api/v5/account/config", "GET /api/v5/account/positions", "GET /api/v5/account/balance",
                "GET /api/v5/public/position-tiers", "GET /api/v5/public/instruments");
    }

    @Test
    void aSwapFirstTradedAfterStartIsPricedOnceItsTiersAreRead_pendingUntilThen() throws Exception {
        assertThat(instruments.contains("SOL-USDT-SWAP")).as("not held or bundled at start: its tiers were not read").isFalse();
        assertThat(fake.tiersRequests("SOL-USDT")).isZero();
        fake.failTiers("SOL-USDT", true);
        fake.mark("SOL-USDT-SWAP", 150);
        fake.openPosition(new FakeOkx.Pos("SOL-USDT-SWAP", "net", 100, 150, 20, "isolated", 750));
        await("the new position shows, its liquidation price pending", () -> row("SOL-USDT-SWAP") != null && row("SOL-USDT-SWAP").pricingPending()
                && fake.tiersRequests("SOL-USDT") >= 1);
        assertThat(row("SOL-USDT-SWAP").liquidationPrice()).isNaN();
        assertThat(row("SOL-USDT-SWAP").marginRatio()).isNaN();
        await("the failure is said", () -> w.sink.lines.stream().anyMatch(l -> l.contains("SOL-USDT-SWAP could not be read; retrying")));
        fake.failTiers("SOL-USDT", false);   // the retry (1 s later) succeeds
        await("priced after the retry", () -> row("SOL-USDT-SWAP") != null && !row("SOL-USDT-SWAP").pricingPending()
                && Double.isFinite(row("SOL-USDT-SWAP").liquidationPrice()));
        assertThat(fake.tiersRequests("SOL-USDT")).as("the failed read and its retry").isEqualTo(2);

        Instruments sol;
        try (OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()))) {
            sol = LiveInstruments.of("okx", c.tiersOf(java.util.Set.of("SOL-USDT-SWAP")), c.contracts());
        }
        assertThat(sol.get("SOL-USDT-SWAP").convention()).isEqualTo(Conventions.OKX_LINEAR);
        Position pos = new Position("SOL-USDT-SWAP", Side.LONG, 100, 150, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 150);
        double expected = MarginCalculator.evaluate(new Account(10_000, List.of(pos)), sol).positions().get(0).liquidationPrice();
        await("the row at the current mark", () -> row("SOL-USDT-SWAP").markPrice() == 150);
        assertThat(row("SOL-USDT-SWAP").liquidationPrice()).as("OKX convention, OKX tiers of SOL-USDT").isEqualTo(expected);
        assertThat(row("ETH-USDT-SWAP").liquidationPrice()).as("the other positions are priced too").isBetween(2_800.0, 2_900.0);
        await("the new swap's mark-price subscription reached the fake", () -> fake.subscribed("mark-price", "SOL-USDT-SWAP"));

        double sol80 = solve(p -> MarginCalculator.isolatedMarginRatioAt(pos, sol.get("SOL-USDT-SWAP"), p), 150, 100, 0.8);
        long t = fake.mark("SOL-USDT-SWAP", sol80 - 0.01);
        await("the 80 % alert of the new position", () -> w.sink.alerts.stream().anyMatch(a -> a.subject().equals("isolated:SOL-USDT-SWAP/both")
                && a.kind().equals("threshold")));
        LiveAlert a = w.sink.alerts.stream().filter(x -> x.subject().equals("isolated:SOL-USDT-SWAP/both")).findFirst().orElseThrow();
        assertThat(a.tickTimeMs()).isEqualTo(t);
        assertThat(a.marginRatio()).isBetween(0.8, 0.85);
        assertThat(fake.tiersRequests("SOL-USDT")).as("read until it came, then no more (the third is this test's)").isEqualTo(3);
    }

    private WatchView.Row row(String symbol) {
        WatchView v = w.sink.last();
        return v == null ? null : v.positions().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElse(null);
    }

    @Test
    void socketDroppedMidPathReconnectsResyncsAndNeitherRepeatsNorMissesAnAlert() throws Exception {
        runPath(true);
        List<WebhookReceiver.Received> got = awaitPosts(4);
        assertOnePerCrossing(got, "isolated:ETH-USDT-SWAP/both");
        Thread.sleep(500);
        assertThat(w.hook.received()).hasSize(4);
        assertThat(fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count()).as("REST snapshots").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aKeyThatCanTradeOrWithdrawIsRefusedUnlessAllowed_andAPassphraseIsRequired() {
        fake.perm("read_only,trade");
        ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl());
        try (OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), cfg)) {
            assertThatThrownBy(() -> c.checkPermissions(false)).isInstanceOf(KeyException.class)
                    .hasMessageContaining("can trade").hasMessageContaining("--allow-trading-key");
            fake.perm("read_only,withdraw");
            assertThatThrownBy(() -> c.checkPermissions(false)).hasMessageContaining("can withdraw");
            assertThat(c.checkPermissions(true)).contains("withdrawals on");
        }
        try (OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET), cfg)) {
            assertThatThrownBy(() -> c.checkPermissions(false)).isInstanceOf(KeyException.class).hasMessageContaining("PERPGUARD_OKX_PASSPHRASE");
        }
    }

    /** Walks both marks across 80 % then liquidation; returns tick times by label. */
    private Map<String, Long> runPath(boolean dropMidway) throws Exception {
        Account acct = new Account(10_000, List.of(
                new Position("BTC-USDT-SWAP", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000),
                new Position("ETH-USDT-SWAP", Side.LONG, 10, 3_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 3_000)));
        DoubleUnaryOperator cross = p -> MarginCalculator.crossMarginRatioAt(acct, instruments, "BTC-USDT-SWAP", p);
        DoubleUnaryOperator iso = p -> MarginCalculator.isolatedMarginRatioAt(acct.positions().get(1), instruments.get("ETH-USDT-SWAP"), p);
        return LiveEndToEndTest.runPath(fake, "BTC-USDT-SWAP", "ETH-USDT-SWAP", cross, iso, 2_990, dropMidway, () -> {
                    long before = fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count();
                    return () -> fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count() > before
                            && fake.subscribed("mark-price", "BTC-USDT-SWAP") && fake.userConnections() == 1;
                },
                () -> {
                    fake.liquidate("BTC-USDT-SWAP", "net");
                    fake.liquidate("ETH-USDT-SWAP", "net");
                }, w.hook);
    }

    private List<WebhookReceiver.Received> awaitPosts(int n) throws InterruptedException {
        return LiveEndToEndTest.awaitPosts(w.hook, n);
    }
}
