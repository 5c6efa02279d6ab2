package io.perpguard.portfolio;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ValueAtRiskTest {
    @Test
    void test_tailCount_ceilingOfTheTailShare_robustToBinaryNoise() {
        assertThat(ValueAtRisk.tailCount(100, 0.95)).isEqualTo(5); // 100 × 0.05 is 5.000000000000004 in binary
        assertThat(ValueAtRisk.tailCount(365, 0.95)).isEqualTo(19); // 18.25 → 19
        assertThat(ValueAtRisk.tailCount(365, 0.99)).isEqualTo(4); // 3.65 → 4
        assertThat(ValueAtRisk.tailCount(10, 0.99)).isEqualTo(1);
    }

    @Test
    void test_historical_kthWorstLoss_andMeanOfTheTail() {
        // P&Ls −1, −2, …, −100 shuffled into a known order: the 5 worst are −100…−96
        double[] pnl = new double[100];
        for (int i = 0; i < 100; i++) {
            pnl[(i * 37) % 100] = -(i + 1);
        }
        assertThat(ValueAtRisk.historical(pnl, 0.95)).isEqualTo(96);
        assertThat(ValueAtRisk.expectedShortfall(pnl, 0.95)).isEqualTo((100 + 99 + 98 + 97 + 96) / 5.0);
        assertThat(ValueAtRisk.historical(pnl, 0.99)).isEqualTo(100);
        assertThat(ValueAtRisk.expectedShortfall(pnl, 0.99)).isGreaterThanOrEqualTo(ValueAtRisk.historical(pnl, 0.99));
    }

    @Test
    void test_pnl_isDeltaTimesReturn_summedOverSymbols() {
        ReturnMatrix m = new ReturnMatrix(List.of("BTCUSDT", "ETHUSDT"), new long[]{1, 2},
                new double[][]{{0.01, -0.02}, {0.03, 0.01}});
        double[] pnl = ValueAtRisk.pnl(new double[]{100_000, -50_000}, m);
        assertThat(pnl[0]).isCloseTo(1_000 - 1_500, within(1e-9));
        assertThat(pnl[1]).isCloseTo(-2_000 - 500, within(1e-9));
    }
}
