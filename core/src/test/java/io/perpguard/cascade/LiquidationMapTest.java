package io.perpguard.cascade;

import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class LiquidationMapTest {
    private static final long H = 3_600_000L;

    private static CandleSeries candles(double[] low, double[] high, double[] close) {
        int n = close.length;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * H;
            v[i] = 10;
        }
        return new CandleSeries("BTCUSDT", t, close.clone(), high, low, close, v);
    }

    @Test
    void test_build_oiIncreaseMakesLevelsAtTierLiquidationPrices_crossedLevelRemoved_survivorDecays() {
        // bar 1 opens 10 BTC at 100; bar 2 trades down to 90 (through the 10x long level), never up to the short level
        CandleSeries c = candles(new double[]{99, 99, 90}, new double[]{101, 101, 102}, new double[]{100, 100, 95});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{0, H, 2 * H}, new double[]{100, 110, 110},
                new double[]{10_000, 11_000, 10_450});
        LeverageMix mix = LeverageMix.parse("mix", "10:1");
        LiquidationMap.Settings s = new LiquidationMap.Settings(mix, 0.5, 1, 0.25, 10_000, true);
        LiquidationMap.Result r = LiquidationMap.build(c, oi, TestMarkets.BTC, s);
        // isolated one-way long, tier 1 (MMR 0.4 %, cum 0): LP = EP·(1 − 1/L) / (1 − MMR)
        double longLevel = 100 * (1 - 0.1) / (1 - 0.004);
        double shortLevel = 100 * (1 + 0.1) / (1 + 0.004);
        assertThat(r.levelsAdded()).isEqualTo(2);
        assertThat(r.levelsCrossed()).as("the bar low of 90 crossed the long level").isEqualTo(1);
        assertThat(r.totalLongUsd()).isZero();
        // 10 BTC × 100 × 50 % short, one hour old with a one-hour half-life
        assertThat(r.totalShortUsd()).isCloseTo(10 * 100 * 0.5 * 0.5, offset(1e-9));
        int b = r.bucketOf(shortLevel);
        assertThat(r.shortUsd()[b]).isCloseTo(250, offset(1e-9));
        // at sample 1 the heat map held both levels, undecayed
        assertThat(r.heat()[1][r.bucketOf(longLevel)]).isCloseTo(500, offset(1e-9));
        assertThat(r.heat()[1][r.bucketOf(shortLevel)]).isCloseTo(500, offset(1e-9));
    }

    @Test
    void test_build_oiDropScalesLevelsDownProRata() {
        CandleSeries c = candles(new double[]{99, 99, 99}, new double[]{101, 101, 101}, new double[]{100, 100, 100});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{0, H, 2 * H}, new double[]{100, 120, 90},
                new double[]{10_000, 12_000, 9_000});
        LiquidationMap.Settings s = new LiquidationMap.Settings(LeverageMix.parse("mix", "25:1"), 0.6, 1e9, 0.25, 10_000, true);
        LiquidationMap.Result r = LiquidationMap.build(c, oi, TestMarkets.BTC, s);
        double added = 20 * 100;
        assertThat(r.totalLongUsd() + r.totalShortUsd()).isCloseTo(added * 90 / 120, offset(1e-3));
        assertThat(r.totalLongUsd()).isCloseTo(added * 0.6 * 90 / 120, offset(1e-3));
    }
}
