package io.perpguard.cascade;

import io.perpguard.cascade.OpenInterestRegime.Regime;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class OpenInterestRegimeTest {
    @Test
    void test_regime_fourQuadrantsAndDeadBand() {
        assertThat(OpenInterestRegime.regime(1, 2, 0.05)).isEqualTo(Regime.NEW_LEVERAGE);
        assertThat(OpenInterestRegime.regime(1, -2, 0.05)).isEqualTo(Regime.SHORT_COVERING);
        assertThat(OpenInterestRegime.regime(-1, 2, 0.05)).isEqualTo(Regime.NEW_SHORTS);
        assertThat(OpenInterestRegime.regime(-1, -2, 0.05)).isEqualTo(Regime.DELEVERAGING);
        assertThat(OpenInterestRegime.regime(0.01, 5, 0.05)).isEqualTo(Regime.FLAT);
    }

    @Test
    void test_classify_changesLeverageRatioAndRocAlert() {
        long h = 3_600_000L;
        long[] t = {0, h, 2 * h, 3 * h, 4 * h};
        double[] close = {100, 102, 101, 99, 100};
        CandleSeries c = new CandleSeries("BTCUSDT", t, close, close, close, close, new double[]{10, 10, 10, 10, 10});
        double[] oi = {1000, 1010, 1100, 1050, 1050.3};
        double[] val = new double[5];
        for (int i = 0; i < 5; i++) {
            val[i] = oi[i] * close[i];
        }
        OpenInterestRegime.Result r = OpenInterestRegime.classify(c, new OpenInterestHistory("BTCUSDT", t, oi, val),
                new OpenInterestRegime.Settings(3, 2.5, 5, 0.05));
        assertThat(r.regime()).containsExactly(Regime.FLAT, Regime.NEW_LEVERAGE, Regime.NEW_SHORTS, Regime.DELEVERAGING, Regime.FLAT);
        assertThat(r.oiChangePct()[2]).isCloseTo(100 * (1100 / 1010.0 - 1), offset(1e-9));
        assertThat(r.alert()[2]).as("8.9 % OI jump is above the 5 % ROC alert").isTrue();
        assertThat(r.alert()[1]).isFalse();
        // OI value / quote volume of the one bar in the interval (0, 1h]: the bar [0, 1h), which closed at 100
        assertThat(r.leverageRatio()[1]).isCloseTo(1010 * 102 / (10 * 100.0), offset(1e-9));
    }

    @Test
    void test_classify_pairsTheSampleWithTheBarEndingAtIt() {
        // 4-hour bars: 90 → 100 over [0, 4h), up 100 → 110 over [4h, 8h), down 110 → 99 over [8h, 12h); OI sampled at 4h,
        // 8h and 12h rises, then rises again
        long h4 = 4 * 3_600_000L;
        long[] t = {0, h4, 2 * h4};
        CandleSeries c = new CandleSeries("BTCUSDT", t, new double[]{90, 100, 110}, new double[]{101, 111, 111},
                new double[]{89, 99, 98}, new double[]{100, 110, 99}, new double[]{10, 10, 10});
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{h4, 2 * h4, 3 * h4}, new double[]{1000, 1100, 1210},
                new double[]{100_000, 121_000, 119_790});
        OpenInterestRegime.Result r = OpenInterestRegime.classify(c, oi, new OpenInterestRegime.Settings(3, 2.5, 5, 0.05));
        assertThat(r.price()[1]).as("the 08:00 price is the close of the bar ending at 08:00").isEqualTo(110);
        assertThat(r.price()[2]).isEqualTo(99);
        assertThat(r.regime()[1]).as("price and OI rose over [4h, 8h)").isEqualTo(Regime.NEW_LEVERAGE);
        assertThat(r.regime()[2]).as("price fell, OI rose over [8h, 12h)").isEqualTo(Regime.NEW_SHORTS);
        assertThat(r.leverageRatio()[1]).as("OI value / the quote volume of the bar inside the interval").isCloseTo(121_000 / (10 * 110.0), offset(1e-9));
    }

    @Test
    void test_classify_sampleAfterTheLastClose_hasNoPrice_andNoIntervalIsCounted() {
        long h = 3_600_000L;
        long[] t = {0, h};
        CandleSeries c = new CandleSeries("BTCUSDT", t, new double[]{100, 100}, new double[]{100, 102}, new double[]{100, 100},
                new double[]{100, 102}, new double[]{10, 10});
        // samples at the two closes, then one 5 h after the last: no bar gives its price
        OpenInterestHistory oi = new OpenInterestHistory("BTCUSDT", new long[]{h, 2 * h, 7 * h}, new double[]{1000, 1100, 1300},
                new double[]{100_000, 112_200, 132_600});
        OpenInterestRegime.Result r = OpenInterestRegime.classify(c, oi, new OpenInterestRegime.Settings(3, 2.5, 5, 0.05));
        assertThat(r.price()[2]).isNaN();
        assertThat(r.priceChangePct()[2]).isNaN();
        assertThat(r.counts()).as("one interval: 01:00 → 02:00, new leverage; the first sample and the uncovered one are none")
                .containsExactly(1, 0, 0, 0, 0);
    }
}
