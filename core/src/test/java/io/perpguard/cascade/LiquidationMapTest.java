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
        double[] v = new double[n], open = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * H;
            v[i] = 10;
            open[i] = close[Math.max(0, i - 1)];   // each bar opens at the previous close
        }
        return new CandleSeries("BTCUSDT", t, open, high, low, close, v);
    }

    @Test
    void test_build_oiIncreaseMakesLevelsAtTierLiquidationPrices_crossedLevelRemoved_survivorDecays() {
        // 10 BTC open over bar 1, at its close of 100; bar 2 trades down to 90 (through the 10x long level), never up to the
        // short level; each sample is taken at a bar's close
        CandleSeries c = candles(new double[]{99, 99, 90}, new double[]{101, 101, 102}, new double[]{100, 100, 95});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{H, 2 * H, 3 * H}, new double[]{100, 110, 110},
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
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{H, 2 * H, 3 * H}, new double[]{100, 120, 90},
                new double[]{10_000, 12_000, 9_000});
        LiquidationMap.Settings s = new LiquidationMap.Settings(LeverageMix.parse("mix", "25:1"), 0.6, 1e9, 0.25, 10_000, true);
        LiquidationMap.Result r = LiquidationMap.build(c, oi, TestMarkets.BTC, s);
        double added = 20 * 100;
        assertThat(r.totalLongUsd() + r.totalShortUsd()).isCloseTo(added * 90 / 120, offset(1e-3));
        assertThat(r.totalLongUsd()).isCloseTo(added * 0.6 * 90 / 120, offset(1e-3));
    }

    @Test
    void test_build_sampleIsPricedAtTheBarEndingAtIt_notTheOneOpeningThen() {
        // 4-hour bars: 100 → 120 over the first, 120 → 60 over the second. OI sampled at 04:00 rose by 10 BTC: those
        // positions were opened by 04:00, at 120 (the close of the bar ending then); the bar opening at 04:00 closes at 60
        long h4 = 4 * H;
        CandleSeries c = new CandleSeries("BTCUSDT", new long[]{0, h4}, new double[]{100, 120}, new double[]{121, 121},
                new double[]{99, 59}, new double[]{120, 60}, new double[]{10, 10});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{0, h4}, new double[]{100, 110},
                new double[]{10_000, 13_200});
        LiquidationMap.Settings s = new LiquidationMap.Settings(LeverageMix.parse("mix", "10:1"), 0.5, 1e9, 0.25, 10_000, true);
        LiquidationMap.Result r = LiquidationMap.build(c, oi, TestMarkets.BTC, s);
        assertThat(r.lastPrice()).isEqualTo(120);
        assertThat(r.atMs()).isEqualTo(h4);
        double shortLevel = 120 * (1 + 0.1) / (1 + 0.004);
        assertThat(r.shortUsd()[r.bucketOf(shortLevel)]).as("10 BTC × 120 × 50 % short at 120's level").isCloseTo(600, offset(1e-6));
        assertThat(r.totalLongUsd() + r.totalShortUsd()).isCloseTo(1200, offset(1e-6));
    }

    @Test
    void test_build_sampleAfterTheLastClose_addsNothing_mapIsAtTheLastCoveredSample() {
        // bars close at 01:00, 02:00, 03:00; the sample at 07:00 has no bar, so its 50 % OI jump is not priced at 03:00's close
        CandleSeries c = candles(new double[]{99, 99, 99}, new double[]{101, 101, 101}, new double[]{100, 100, 100});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{H, 2 * H, 7 * H}, new double[]{100, 110, 165},
                new double[]{10_000, 11_000, 16_500});
        LiquidationMap.Settings s = new LiquidationMap.Settings(LeverageMix.parse("mix", "10:1"), 0.5, 1e9, 0.25, 10_000, true);
        LiquidationMap.Result r = LiquidationMap.build(c, oi, TestMarkets.BTC, s);
        assertThat(r.levelsAdded()).as("only the 01:00 → 02:00 increase").isEqualTo(2);
        assertThat(r.totalLongUsd() + r.totalShortUsd()).isCloseTo(10 * 100, offset(1e-6));
        assertThat(r.atMs()).isEqualTo(2 * H);
    }
}
