package io.perpguard.live;

import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
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

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Binance Multi-Assets mode with a USDC-margined contract: 2,000 USDT and 3,000 USDC (index 0.998, 1 % bid buffer) back
 * a cross BTCUSDT long and a cross ETHUSDC long. {@code /fapi/v1/exchangeInfo} says ETHUSDC's {@code marginAsset} is
 * USDC, so its PnL and maintenance margin count at USDC's index and buffers, not USDT's — priced as core's pool prices
 * it with ETHUSDC settled in USDC.
 */
class MultiAssetsUsdcEndToEndTest {
    static final String KEY = "usdcKeyB8e4d0c2a1f3e5b7d9f1a3c5e7b9d1f3a5c7", SECRET = "usdcSecret0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3";

    @TempDir
    Path dir;
    FakeBinance fake;
    FakeWatch<FakeBinance> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinance(KEY, SECRET).multiAssets(true).brackets(FakeBinance.bundledBracketsWith("ETHUSDC", "ETHUSDT"))
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("USDC", 3_000, 0.998, 0.01, 0.005)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDC", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDC", 3_000);
        w = new FakeWatch<>(fake, "usdc", "binance", new Credentials(KEY, SECRET), dir);
        await("both priced on the pool", () -> w.sink.last() != null && w.sink.last().positions().size() == 2 && !w.sink.last().stale()
                && w.sink.last().positions().stream().allMatch(r -> Double.isFinite(r.liquidationPrice())));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    /** The account as core prices it, ETHUSDC settled in {@code ethSettle}. */
    PoolReport core(String ethSettle) {
        CollateralPool pool = new CollateralPool(List.of(new CollateralAsset("USDC", 3_000, 0.998, CollateralRule.binanceMultiAssets(0.01, 0.005)),
                new CollateralAsset("USDT", 2_000, 1, CollateralRule.binanceMultiAssets(0.0001, 0))), List.of(
                new Position("BTCUSDT", Side.LONG, 0.5, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000),
                new Position("ETHUSDC", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000)), null);
        return pool.evaluate(FakeBinance.settledIn(w.monitor.watchers().get(0).instruments(), "ETHUSDC", ethSettle));
    }

    private WatchView.Row row(String symbol) {
        return w.sink.last().positions().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static double liq(PoolReport r, String symbol) {
        return r.liquidations().stream().filter(l -> l.symbol().equals(symbol)).findFirst().orElseThrow().liquidationPrice();
    }

    @Test
    void aUsdcMarginedContract_countsAtUsdcsIndexAndBuffers_asCorePricesIt() {
        PoolReport inUsdc = core("USDC"), inUsdt = core("USDT");
        assertThat(fake.requests()).contains("GET /fapi/v1/exchangeInfo");
        assertThat(w.sink.last().crossRatio()).isCloseTo(inUsdc.marginRatio(), within(1e-12));
        assertThat(row("ETHUSDC").liquidationPrice()).isCloseTo(liq(inUsdc, "ETHUSDC"), within(0.011));
        assertThat(row("BTCUSDT").liquidationPrice()).isCloseTo(liq(inUsdc, "BTCUSDT"), within(0.11));
        // priced as USDT-settled (before): its loss counted at USDT's rate 1, not USDC's 0.998 × (1 − 1 %)
        assertThat(Math.abs(liq(inUsdc, "ETHUSDC") - liq(inUsdt, "ETHUSDC"))).isGreaterThan(1);
        System.out.printf("binance multi-assets: ETHUSDC liquidation %.2f settled in USDC (%.2f as if USDT-settled); BTCUSDT %.1f (%.1f); ratio %.6f (%.6f)%n",
                liq(inUsdc, "ETHUSDC"), liq(inUsdt, "ETHUSDC"), liq(inUsdc, "BTCUSDT"), liq(inUsdt, "BTCUSDT"), inUsdc.marginRatio(), inUsdt.marginRatio());
    }
}
