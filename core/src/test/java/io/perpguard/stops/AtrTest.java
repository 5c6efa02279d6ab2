package io.perpguard.stops;

import io.perpguard.market.CandleSeries;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.helpers.TRIndicator;
import org.ta4j.core.num.DoubleNum;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AtrTest {
    /** Relative agreement asked of the ta4j cross-check. */
    static final double REL_TOL = 1e-9;

    @Test
    void test_trueRange_handExample_gapCountsAsRange() {
        // bar 1 gaps up: previous close 10, range 12–13 → TR = 13 − 10 = 3; bar 2 gaps down: prev close 12.5, range 8–9 → 4.5
        double[] tr = TrueRange.of(new double[]{11, 13, 9}, new double[]{9, 12, 8}, new double[]{10, 12.5, 8.5});
        assertThat(tr).containsExactly(2, 3, 4.5);
    }

    @Test
    void test_wilder_seedIsSimpleAverage_thenWilderStep() {
        double[] s = Wilder.smooth(new double[]{1, 2, 3, 10}, 3);
        assertThat(s[0]).isNaN();
        assertThat(s[1]).isNaN();
        assertThat(s[2]).isEqualTo(2.0);                       // (1 + 2 + 3) / 3
        assertThat(s[3]).isCloseTo((2.0 * 2 + 10) / 3, within(1e-15));
        assertThat(Wilder.unstableBars(3)).isEqualTo(2);
    }

    @Test
    void firstAtrIsNaNDuringUnstablePeriod() {
        double[] h = new double[20], l = new double[20], c = new double[20];
        for (int i = 0; i < 20; i++) {
            h[i] = 101 + i;
            l[i] = 99 + i;
            c[i] = 100 + i;
        }
        double[] atr = Atr.of(h, l, c, 14);
        for (int i = 0; i < Atr.unstableBars(14); i++) {
            assertThat(atr[i]).as("bar %d", i).isNaN();
        }
        // every TR is 2 (range 2, previous close 1 below the midpoint): the ATR is exactly 2 from bar 13 on
        assertThat(atr[13]).isEqualTo(2.0);
        assertThat(atr[19]).isEqualTo(2.0);
    }

    /**
     * ta4j 0.17's ATRIndicator is MMA(TR) seeded with TR[0] at bar 0 (no NaN warm-up, no SMA seed), so it differs from
     * Wilder's SMA seed during the first bars; the difference shrinks by 13/14 each bar. After 500 bars it is below
     * (13/14)^500 ≈ 1e-16 of the seed difference, so from there on the two must agree to 1e-9 relative on every bar.
     * The true ranges themselves (TR[0] = high − low in both) must agree from bar 0.
     */
    @Test
    void test_atr_equalsTa4j_onRealBtcusdt2023Hourly() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        BarSeries ta = new BaseBarSeriesBuilder().withName("BTCUSDT").withNumTypeOf(DoubleNum.class).build();
        for (int i = 0; i < s.size(); i++) {
            ZonedDateTime end = Instant.ofEpochMilli(s.openTimeMs()[i] + 3_600_000L).atZone(ZoneOffset.UTC);
            ta.addBar(end, s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i]);
        }
        TRIndicator taTr = new TRIndicator(ta);
        ATRIndicator taAtr = new ATRIndicator(ta, 14);
        double[] tr = TrueRange.of(s.high(), s.low(), s.close());
        double[] atr = Atr.of(s, 14);
        for (int i = 0; i < s.size(); i++) {
            assertThat(tr[i]).as("TR at bar %d", i).isCloseTo(taTr.getValue(i).doubleValue(), within(1e-9));
        }
        int converged = 500;
        for (int i = converged; i < s.size(); i++) {
            double want = taAtr.getValue(i).doubleValue();
            assertThat(atr[i]).as("ATR at bar %d", i).isCloseTo(want, within(REL_TOL * want));
        }
        // and the seed really differs (so the comparison above is not vacuous about seeding)
        assertThat(Math.abs(atr[13] - taAtr.getValue(13).doubleValue())).isGreaterThan(1e-6);
    }

    @Test
    void test_atrAt_usesOnlyCandlesUpToIndex() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        double[] all = Atr.of(s, 14);
        assertThat(Atr.at(s, 14, 4000)).isEqualTo(all[4000]);
    }

    @Test
    void test_volatilityStop_twoAtrBelowLongEntry_aboveShortEntry() {
        assertThat(VolatilityStop.price(io.perpguard.margin.Side.LONG, 100, 3, 2)).isEqualTo(94.0);
        assertThat(VolatilityStop.price(io.perpguard.margin.Side.SHORT, 100, 3, 2)).isEqualTo(106.0);
    }
}
