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
        // OI value / quote volume of the one bar in the interval
        assertThat(r.leverageRatio()[1]).isCloseTo(1010 * 102 / (10 * 102.0), offset(1e-9));
    }
}
