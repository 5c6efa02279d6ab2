package io.perpguard.sizing;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

final class KellyTest {

    @Test
    void test_fraction_guideExample_is25Pct_not28Point3() {
        // f* = 0.55 − 0.45 / 1.5 = 0.55 − 0.30 = 0.25. The guide prints 28.3 %, an arithmetic slip:
        // 0.55 − 0.45/1.5 cannot exceed 0.25 (28.3 % would need a payoff ratio of about 1.68).
        assertThat(Kelly.fraction(0.55, 1.5)).isEqualTo(0.25);
        assertThat(Kelly.fraction(0.55, 1.5)).isNotCloseTo(0.283, offset(0.01));
    }

    @Test
    void test_evaluate_guideExample_halfAndQuarterKelly() {
        KellyResult k = Kelly.evaluate(0.55, 1.5, 0.5, 1.0);
        assertThat(k.kellyFraction()).isEqualTo(0.25);
        assertThat(k.halfKelly()).isEqualTo(0.125);
        assertThat(k.quarterKelly()).isEqualTo(0.0625);
        assertThat(k.fractionalKelly()).isEqualTo(0.125);
        assertThat(k.recommendedRiskFraction()).isEqualTo(0.125);
        assertThat(Kelly.evaluate(0.55, 1.5, 0.25, 1.0).fractionalKelly()).isEqualTo(0.0625);
        assertThat(k.edge()).isTrue();
    }

    @Test
    void test_evaluate_policyCapBindsBelowFractionalKelly() {
        KellyResult k = Kelly.evaluate(0.55, 1.5, 0.25, 0.02);
        assertThat(k.fractionalKelly()).isEqualTo(0.0625);
        assertThat(k.recommendedRiskFraction()).isEqualTo(0.02);
        assertThat(k.verdict()).isEqualTo(KellyResult.Verdict.CAPPED);
        assertThat(Kelly.evaluate(0.55, 1.5, 0.25, 0.1).verdict()).isEqualTo(KellyResult.Verdict.WITHIN_CAP);
    }

    @Test
    void test_evaluate_noEdge_saysDoNotTrade_neverANegativeSize() {
        // 0.4 − 0.6 / 1.2 = −0.1
        KellyResult k = Kelly.evaluate(0.4, 1.2, 0.5, 0.02);
        assertThat(k.kellyFraction()).isCloseTo(-0.1, offset(1e-12));
        assertThat(k.edge()).isFalse();
        assertThat(k.fractionalKelly()).isZero();
        assertThat(k.recommendedRiskFraction()).isZero();
        assertThat(k.verdict()).isEqualTo(KellyResult.Verdict.NO_EDGE);
        // break-even: 0.5 − 0.5 / 1 = 0 is no edge either
        assertThat(Kelly.evaluate(0.5, 1, 0.5, 0.02).edge()).isFalse();
    }

    @Test
    void test_evaluate_refusesOutOfRangeInputs() {
        assertThatThrownBy(() -> Kelly.evaluate(1.2, 1.5, 0.5, 0.02)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("winRate:");
        assertThatThrownBy(() -> Kelly.evaluate(0.5, -1, 0.5, 0.02)).hasMessageStartingWith("payoff:");
        assertThatThrownBy(() -> Kelly.evaluate(0.5, 1.5, 0, 0.02)).hasMessageStartingWith("fraction:");
    }

    @Test
    void test_fromTrades_winRatePayoffAndExpectancy() {
        double[] trades = trades(55, 150, 45, -100);
        KellyEstimate e = Kelly.fromTrades(trades, 0.5, 0.02);
        assertThat(e.sampleSize()).isEqualTo(100);
        assertThat(e.kelly().winRate()).isCloseTo(0.55, offset(1e-12));
        assertThat(e.kelly().payoff()).isCloseTo(1.5, offset(1e-12));
        assertThat(e.kelly().kellyFraction()).isCloseTo(0.25, offset(1e-12));
        assertThat(e.averageWin()).isEqualTo(150);
        assertThat(e.averageLoss()).isEqualTo(100);
        // (0.55 × 150 − 0.45 × 100) / 100 = 0.375 R per trade
        assertThat(e.expectancyR()).isCloseTo(0.375, offset(1e-12));
    }

    @Test
    void test_fromTrades_breakEvenTrade_neitherWinsNorLoses() {
        // +20, 0, −10 (net of fees). Kelly maximises the expected log growth of the three outcomes,
        // (1/3) ln(1 + 2f) + (1/3) ln(1) + (1/3) ln(1 − f): 2 / (1 + 2f) = 1 / (1 − f) → f* = 1/4,
        // which is the two-outcome formula on the decisive trades: W = 1/2, R = 20/10 = 2, 0.5 − 0.5 / 2 = 0.25.
        // Counting the scratch as a loss (W = 1/3) gave 1/3 − (2/3)/2 = 0: "no edge, loses money on average"
        // for a record that made +10 over three trades.
        KellyEstimate e = Kelly.fromTrades(new double[]{20, 0, -10}, 0.5, 0.02, 1_000, 1);
        assertThat(e.sampleSize()).isEqualTo(3);
        assertThat(e.wins()).isEqualTo(1);
        assertThat(e.losses()).isEqualTo(1);
        assertThat(e.kelly().winRate()).isEqualTo(0.5);
        assertThat(e.kelly().payoff()).isEqualTo(2);
        assertThat(e.kelly().kellyFraction()).isEqualTo(0.25);
        assertThat(e.kelly().edge()).isTrue();
        // expectancy per trade, the scratch counting 0: (20 + 0 − 10) / 3 = 3.33 USDT = 1/3 of the average loss 10
        assertThat(e.expectancyR()).isCloseTo(1.0 / 3, offset(1e-12));
    }

    @Test
    void test_fromTrades_intervalBracketsThePointEstimate_andIsReproducibleForASeed() {
        double[] trades = trades(55, 150, 45, -100);
        KellyEstimate a = Kelly.fromTrades(trades, 0.5, 0.02, 5_000, 7);
        KellyEstimate b = Kelly.fromTrades(trades, 0.5, 0.02, 5_000, 7);
        assertThat(a.interval90()).containsExactly(b.interval90());
        assertThat(a.interval90()[0]).isLessThan(0.25);
        assertThat(a.interval90()[1]).isGreaterThan(0.25);
        // W's standard error at n = 100 is √(0.55·0.45/100) ≈ 0.05 and f* moves ~1.67× as fast as W,
        // so the 90 % half-width is near 1.645 × 0.083 ≈ 0.14 — well above the ±0.05 target
        double half = (a.interval90()[1] - a.interval90()[0]) / 2;
        assertThat(half).isBetween(0.08, 0.2);
        assertThat(a.sampleSufficient()).isFalse();
        assertThat(a.sampleNeeded()).isEqualTo((int) Math.ceil(100 * (half / 0.05) * (half / 0.05)));
        assertThat(a.warnings()).containsExactly(KellyEstimate.Warning.SAMPLE_TOO_SMALL);
    }

    @Test
    void test_fromTrades_largeSample_isSufficient() {
        double[] trades = trades(5_500, 150, 4_500, -100);
        KellyEstimate e = Kelly.fromTrades(trades, 0.5, 0.02, 500, 1);
        assertThat(e.sampleSufficient()).isTrue();
        assertThat(e.sampleNeeded()).isLessThanOrEqualTo(10_000);
        assertThat(e.warnings()).isEmpty();
    }

    @Test
    void test_fromTrades_tinySample_isNeverSufficient() {
        KellyEstimate e = Kelly.fromTrades(new double[]{100, -50, 120}, 0.5, 0.02, 1_000, 1);
        assertThat(e.sampleSufficient()).isFalse();
        assertThat(e.sampleNeeded()).isGreaterThanOrEqualTo(Kelly.MIN_SAMPLE);
    }

    @Test
    void test_fromTrades_losingRecord_hasNoEdge() {
        KellyEstimate e = Kelly.fromTrades(trades(30, 100, 70, -100), 0.5, 0.02, 1_000, 1);
        assertThat(e.kelly().edge()).isFalse();
        assertThat(e.kelly().recommendedRiskFraction()).isZero();
        assertThat(e.expectancyR()).isCloseTo(0.3 - 0.7, offset(1e-12));
    }

    @Test
    void test_percentile_linearBetweenOrderStatistics() {
        double[] v = {1, 2, 3, 4, 5};
        assertThat(Kelly.percentile(v, 0)).isEqualTo(1);
        assertThat(Kelly.percentile(v, 0.5)).isEqualTo(3);
        assertThat(Kelly.percentile(v, 0.05)).isCloseTo(1.2, offset(1e-12));
        assertThat(Kelly.percentile(v, 1)).isEqualTo(5);
    }

    private static double[] trades(int wins, double win, int losses, double loss) {
        double[] t = new double[wins + losses];
        Arrays.fill(t, 0, wins, win);
        Arrays.fill(t, wins, wins + losses, loss);
        return t;
    }
}
