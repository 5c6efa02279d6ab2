package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PoolReport;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.CollateralRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance USDⓈ-M in Multi-Assets mode against the fake: 2,000 USDT, 3,000 USDC and 0.05 BTC back a cross BTCUSDT long
 * and a cross ETHUSDT long. The snapshot is priced on the pool exactly as core's {@link CollateralPool}; the BTCUSDT mark
 * walks through 80 % and liquidation of the account ratio: one signed webhook each; with every socket dropped mid-path the
 * REST resync finds the liquidation once; a BTC deposit on the account stream moves the liquidation price away.
 */
class MultiAssetsEndToEndTest {
    static final String KEY = "e2eKeyA7f3c9d1b2e4f6a8c0d2e4f6a8b1c3d5e7f9";
    static final String SECRET = "e2eSecret9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;
    static final Instruments INSTRUMENTS = TierTables.bundled();

    @TempDir
    Path dir;
    FakeBinance fake;
    FakeWatch<FakeBinance> w;

    static List<Position> positions(double btcMark) {
        return List.of(new Position("BTCUSDT", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, btcMark),
                new Position("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000));
    }

    /**
     * The pool as core prices it, in the account's asset order (USDT, then the others as Binance lists them); the BTC
     * collateral's index (60,000 at the snapshot's mark 60,000) moves with BTCUSDT's mark.
     */
    static CollateralPool pool(double btcCollateral, double btcMark) {
        return new CollateralPool(List.of(
                new CollateralAsset("USDT", 2_000, 1, CollateralRule.binanceMultiAssets(0.0001, 0)),
                new CollateralAsset("BTC", btcCollateral, btcMark, CollateralRule.binanceMultiAssets(0.05, 0.05)),
                new CollateralAsset("USDC", 3_000, 0.9999, CollateralRule.binanceMultiAssets(0.0001, 0))), positions(btcMark), null);
    }

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinance(KEY, SECRET).multiAssets(true)
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("BTC", 0.05, 60_000, 0.05, 0.05).asset("USDC", 3_000, 0.9999, 0.0001, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDT", 3_000);
        w = new FakeWatch<>(fake, "multi", "binance", new Credentials(KEY, SECRET), dir);
        await("watcher prices both positions on the pool", () -> w.sink.last() != null && w.sink.last().positions().size() == 2
                && !w.sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1
                && w.sink.last().positions().stream().allMatch(r -> Double.isFinite(r.liquidationPrice())));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private WatchView.Row row(WatchView v, String symbol) {
        return v.positions().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void snapshot_isPricedOnThePool_asCorePricesIt_andSaysMultiAssets() {
        WatchView v = w.sink.last();
        PoolReport core = pool(0.05, 60_000).evaluate(INSTRUMENTS);
        assertThat(v.assetMode()).isEqualTo("multi-assets");
        assertThat(v.crossRatio()).isEqualTo(core.marginRatio());
        assertThat(row(v, "BTCUSDT").marginRatio()).isEqualTo(core.marginRatio());
        assertThat(row(v, "BTCUSDT").liquidationPrice()).isEqualTo(core.liquidations().get(0).liquidationPrice());
        assertThat(row(v, "ETHUSDT").liquidationPrice()).isEqualTo(core.liquidations().get(1).liquidationPrice());
        assertThat(v.collateral()).extracting(WatchView.Collateral::asset).containsExactly("USDT", "BTC", "USDC");
        assertThat(v.collateral().get(1).valueUsd()).isEqualTo(0.05 * 60_000 * 0.95);
        // the same positions on the USDT wallet alone (single-asset mode) are liquidated much nearer the mark
        double usdtAlone = LiquidationPrice.cross(new Account(2_000, positions(60_000)), "BTCUSDT", INSTRUMENTS).price();
        assertThat(row(v, "BTCUSDT").liquidationPrice()).isLessThan(usdtAlone - 5_000);
        System.out.printf("binance multi-assets: BTCUSDT liquidation %.1f on the pool (BTC collateral moving with BTCUSDT), %.1f on USDT alone%n",
                row(v, "BTCUSDT").liquidationPrice(), usdtAlone);
    }

    @Test
    void accountRatioThroughEightyPercentAndLiquidation_alertsOnceEach() throws Exception {
        walk(false);
        List<WebhookReceiver.Received> got = LiveEndToEndTest.awaitPosts(w.hook, 2);
        Thread.sleep(500);
        assertThat(w.hook.received()).hasSize(2);
        assertThat(got).extracting(r -> r.body().path("subject").asText() + " " + r.body().path("kind").asText())
                .containsExactlyInAnyOrder("cross threshold", "cross liquidation");
        LiveEndToEndTest.assertSignedWithinTwoSeconds(got, "multi", "binance", HOOK_SECRET);
        assertThat(LiveEndToEndTest.byKind(got, "cross", "threshold").path("marginRatio").asDouble()).isBetween(0.8, 0.85);
    }

    @Test
    void socketsDroppedMidPath_resyncFindsTheLiquidationOnce() throws Exception {
        walk(true);
        LiveEndToEndTest.awaitPosts(w.hook, 2);
        Thread.sleep(500);
        assertThat(w.hook.received()).extracting(r -> r.body().path("kind").asText()).containsExactlyInAnyOrder("threshold", "liquidation");
        assertThat(fake.requests().stream().filter(r -> r.equals("GET /fapi/v1/assetIndex")).count()).as("assetIndex at each snapshot")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBtcDepositOnTheAccountStream_movesTheLiquidationPriceAway() throws Exception {
        double before = row(w.sink.last(), "BTCUSDT").liquidationPrice();
        fake.transfer("BTC", 0.5);
        double expected = pool(0.5, 60_000).evaluate(INSTRUMENTS).liquidations().get(0).liquidationPrice();
        await("the deposit is priced", () -> row(w.sink.last(), "BTCUSDT").liquidationPrice() == expected);
        assertThat(expected).isLessThan(before);
        System.out.printf("binance multi-assets: 0.5 BTC moves BTCUSDT's liquidation %.1f -> %.1f%n", before, expected);
    }

    /** BTCUSDT's mark across the account's 80 % and then 100 %, prices solved from core's pool ratio. */
    private void walk(boolean dropMidway) throws Exception {
        DoubleUnaryOperator ratio = p -> pool(0.05, p).marginRatio(INSTRUMENTS);
        double b80 = FakeWatch.solve(ratio, 60_000, 1_000, 0.8), liq = FakeWatch.solve(ratio, 60_000, 1_000, 1.0);
        assertThat(b80).isGreaterThan(liq + 20);
        assertThat(liq).isCloseTo(pool(0.05, 60_000).liquidationPrice(INSTRUMENTS, "BTCUSDT").price(), org.assertj.core.api.Assertions.within(1e-6));
        tick(58_000);
        tick(b80 + 10);
        tick(Math.floor(b80 - 5));
        tick(b80 - 10);
        if (dropMidway) {
            LiveEndToEndTest.awaitPosts(w.hook, 1);
            fake.dropConnections();
            fake.asset("BTC", 0.05, liq - 10, 0.05, 0.05);   // Binance's BTC index follows the fall the resync reads
            fake.mark("BTCUSDT", liq - 10);
            await("reconnected and resynchronised", () -> fake.requests().stream().filter(r -> r.equals("POST /fapi/v1/listenKey")).count() == 2
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
        } else {
            tick(liq + 10);
            tick(liq - 10);
            tick(liq - 20);   // past liquidation already alerted: nothing new
        }
    }

    private void tick(double price) throws InterruptedException {
        fake.mark("BTCUSDT", price);
        Thread.sleep(60);
    }
}
