package io.perpguard.funding;

import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FundingCarryTest {
    static final double TOL = 1e-12;

    @Test
    void test_of_guideExample_50xLongAtPlus005Per8h_costs25PctOfMarginPer8hAnd75PctPerDay() {
        // notional 500,000 at 50x: margin 10,000; payment 500,000 × 0.0005 = 250 per 8 h, 3 payments a day
        FundingCarry.Carry c = FundingCarry.of(Side.LONG, 500_000, 50, 0.0005, 8);
        assertThat(c.margin()).isEqualTo(10_000);
        assertThat(c.paymentPerInterval()).isCloseTo(250, within(TOL));
        assertThat(c.costPerDay()).isCloseTo(750, within(TOL));
        assertThat(c.costPerIntervalPctOfMargin()).isEqualTo(2.5);
        assertThat(c.costPerDayPctOfMargin()).isEqualTo(7.5);
        assertThat(c.costPerIntervalPctOfNotional()).isCloseTo(0.05, within(TOL));
        assertThat(c.costPerDayPctOfNotional()).isCloseTo(0.15, within(TOL));
        // 0.15 % a day × 365 days
        assertThat(c.annualizedPctOfNotional()).isCloseTo(54.75, within(1e-9));
        assertThat(c.annualizedPctOfMargin()).isCloseTo(54.75 * 50, within(1e-9));
    }

    @Test
    void test_of_shortReceivesWhenRateIsPositive() {
        FundingCarry.Carry c = FundingCarry.of(Side.SHORT, 100_000, 10, 0.0001, 8);
        assertThat(c.paymentPerInterval()).isCloseTo(-10, within(TOL));
        assertThat(c.costPerDayPctOfMargin()).isCloseTo(-0.3, within(TOL));
    }

    @Test
    void test_of_hourlyContract_paysTwentyFourTimesADay() {
        FundingCarry.Carry c = FundingCarry.of(Side.LONG, 100_000, 20, 0.0001, 1);
        assertThat(c.intervalsPerDay()).isEqualTo(24);
        assertThat(c.costPerDay()).isCloseTo(240, within(TOL));
        FundingCarry.Carry four = FundingCarry.of(Side.LONG, 100_000, 20, 0.0001, 4);
        assertThat(four.costPerDay()).isCloseTo(60, within(TOL));
    }

    @Test
    void test_of_badInput_namesTheField() {
        assertThatThrownBy(() -> FundingCarry.of(Side.LONG, -1, 10, 0.0001, 8)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("notional:");
        assertThatThrownBy(() -> FundingCarry.of(Side.LONG, 1000, 10, 0.5, 8)).hasMessageStartingWith("rate:");
        assertThatThrownBy(() -> FundingCarry.of(Side.LONG, 1000, 10, 0.0001, 0)).hasMessageStartingWith("interval:");
    }

    @Test
    void test_stats_handMadeHistory() {
        // five 8-hourly rates: sorted -0.0002, 0, 0.0001, 0.0001, 0.0005
        long h8 = 8 * 3_600_000L;
        FundingHistory h = new FundingHistory("BTCUSDT", new long[]{0, h8, 2 * h8, 3 * h8, 4 * h8},
                new double[]{0.0001, -0.0002, 0.0005, 0, 0.0001}, new double[]{Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        FundingCarry.HistoryStats s = FundingCarry.stats(h);
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.intervalHours()).isEqualTo(8);
        assertThat(s.mean()).isCloseTo(0.0005 / 5, within(TOL));
        assertThat(s.median()).isEqualTo(0.0001);
        assertThat(s.positiveShare()).isEqualTo(3.0 / 5);
        assertThat(s.min()).isEqualTo(-0.0002);
        assertThat(s.max()).isEqualTo(0.0005);
        // p25 at h = 4 × 0.25 = 1 → the second smallest
        assertThat(s.p25()).isEqualTo(0);
        // p5 at h = 0.2: −0.0002 + 0.2 × 0.0002
        assertThat(s.p5()).isCloseTo(-0.00016, within(TOL));
        // mean 0.0001 × 3 a day × 365 = 10.95 %
        assertThat(s.annualizedPctOfNotional()).isCloseTo(10.95, within(1e-9));
        assertThat(s.realizedPctOfNotional()).isCloseTo(0.05, within(TOL));
    }

    @Test
    void test_stats_mixedIntervals_annualisesTheSumOverTheSpan() {
        // two 8-hourly payments of 0.01 %, then four hourly ones of 0.01 %: 6 × 0.01 % paid over 8 + 8 + 4 × 1 = 20 h, i.e.
        // 0.06 % × 8,760 / 20 = 26.28 % a year; the median spacing (1 h) said 0.01 % × 8,760 = 87.6 %
        long h = 3_600_000L;
        long[] t = {0, 8 * h, 9 * h, 10 * h, 11 * h, 12 * h};
        double[] nan = new double[6];
        java.util.Arrays.fill(nan, Double.NaN);
        FundingCarry.HistoryStats s = FundingCarry.stats(new FundingHistory("BTCUSDT", t, new double[]{1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4}, nan));
        assertThat(s.intervalHours()).isEqualTo(1);
        assertThat(s.spanHours()).isEqualTo(20);
        assertThat(s.annualizedPctOfNotional()).isCloseTo(26.28, within(1e-9));
        assertThat(s.realizedPctOfNotional()).isCloseTo(0.06, within(TOL));
    }
}
