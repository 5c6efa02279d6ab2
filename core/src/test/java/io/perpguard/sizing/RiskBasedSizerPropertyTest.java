package io.perpguard.sizing;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.Side;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the sizer over random valid trades. */
final class RiskBasedSizerPropertyTest {
    /** BTCUSDT's tiers with a finer step and no minimums, so any price level can be sized. */
    private static final Instrument ANY = new Instrument(
            new Contract("BTCUSDT", 0.0001, 0.0001, 0, 0, 0.0005, 0.0002, 8, 0.0125), SizingFixtures.BTCUSDT.tiers());

    @Property(tries = 1000)
    void sizedTrade_losesAtMostTheBudget_andIsStoppedBeforeLiquidation_orIsRefusedWithAReason(
            @ForAll @Scale(6) @DoubleRange(min = 100, max = 10_000_000) double equity,
            @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 10) double riskPct,
            @ForAll @Scale(6) @DoubleRange(min = 1, max = 100_000) double entry,
            @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.4) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 1, max = 125) int leverage,
            @ForAll @Scale(6) @DoubleRange(min = 0, max = 0.01) double slippage,
            @ForAll @Scale(6) @DoubleRange(min = 0, max = 2) double buffer) {
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        SizingInput in = new SizingInput(equity, equity * riskPct / 100, entry, stop, leverage, Double.NaN, slippage,
                buffer, Double.NaN);
        SizingResult r = RiskBasedSizer.size(in, ANY);
        Statistics.label("verdict").collect(r.ok() ? "accepted" : "refused: " + r.checks().stream()
                .filter(c -> !c.passed()).findFirst().orElseThrow().id());
        // both branches must be exercised for the property to mean anything
        Statistics.label("verdict").coverage(c -> c.check("accepted").percentage(p -> p > 20));

        // whatever the verdict, the size never loses more than the budget at the stop (beyond the float noise of decimal
        // inputs: exactly, in decimals, see largestStepMultipleWithinTheBudget_inDecimals)
        assertThat(r.lossAtStop()).isLessThanOrEqualTo(in.riskAmount() * (1 + RiskBasedSizer.BUDGET_TOLERANCE));
        if (!r.ok()) {
            assertThat(r.failed()).isNotEmpty();
            return;
        }
        // accepted: recompute the liquidation price through the margin engine's report, independently of the sizer
        Side side = isLong ? Side.LONG : Side.SHORT;
        PositionReport rep = MarginCalculator.evaluate(Position.isolated("BTCUSDT", side, r.qty(), entry, leverage), ANY, 0);
        double lp = rep.liquidationPrice();
        if (Double.isFinite(lp)) {
            double beyond = side.sign() * (stop - lp);
            assertThat(beyond).as("stop %s before liquidation %s", stop, lp).isPositive()
                    .isGreaterThanOrEqualTo(buffer * Math.abs(entry - stop));
        }
        double exit = stop * (1 - side.sign() * slippage);
        double loss = r.qty() * (Math.abs(entry - exit) + 0.0005 * (entry + exit));
        assertThat(loss).isLessThanOrEqualTo(in.riskAmount() * (1 + RiskBasedSizer.BUDGET_TOLERANCE + 1e-12));
    }

    /**
     * The size is the largest multiple of the step whose loss at the stop, worked out exactly in decimals from the decimal
     * inputs, is within the budget: one step more is above it, and the size is above it by at most
     * {@link RiskBasedSizer#BUDGET_TOLERANCE} (binary noise in the other direction).
     */
    @Property(tries = 1000)
    void largestStepMultipleWithinTheBudget_inDecimals(
            @ForAll @Scale(2) @DoubleRange(min = 100, max = 10_000_000) double equity,
            @ForAll @Scale(2) @DoubleRange(min = 0.05, max = 10) double riskPct,
            @ForAll @Scale(2) @DoubleRange(min = 0.01, max = 100_000) double entry,
            @ForAll @Scale(4) @DoubleRange(min = 0.0001, max = 0.4) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 0, max = 4) int stepDecimals,
            @ForAll @Scale(5) @DoubleRange(min = 0, max = 0.001) double fee,
            @ForAll @Scale(4) @DoubleRange(min = 0, max = 0.01) double slippage) {
        int sign = isLong ? 1 : -1;
        BigDecimal e = BigDecimal.valueOf(entry);
        BigDecimal stop = e.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(sign).multiply(BigDecimal.valueOf(stopDistance))));
        BigDecimal risk = BigDecimal.valueOf(equity).multiply(BigDecimal.valueOf(riskPct)).movePointLeft(2);
        Assume.that(stop.signum() > 0 && stop.compareTo(e) != 0);
        SizingResult r = RiskBasedSizer.size(new SizingInput(equity, risk.doubleValue(), entry, stop.doubleValue(), 1, fee,
                slippage, 0, Double.NaN), stepped(stepDecimals));
        BigDecimal qty = BigDecimal.valueOf((Double) r.check("size").values().get("qty"));

        BigDecimal exit = stop.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(sign).multiply(BigDecimal.valueOf(slippage))));
        BigDecimal lossPerUnit = e.subtract(exit).abs().add(BigDecimal.valueOf(fee).multiply(e.add(exit)));
        // where a double resolves one step: the loss's binary noise, in steps, is about the size in steps × entry /
        // |entry − stop| × 1.1e-16, and the sizer tolerates a thousandth of a step (1e13 steps of a 0.1 % stop is 1 step)
        double steps = risk.doubleValue() / lossPerUnit.doubleValue() * Math.pow(10, stepDecimals);
        Assume.that(steps * entry / Math.abs(entry - stop.doubleValue()) < 1e11);
        assertWithinBudgetAndLargest(qty, BigDecimal.ONE.movePointLeft(stepDecimals), lossPerUnit, risk);
    }

    /**
     * A budget that buys a whole number of steps exactly in decimals, with no fees or slippage, buys exactly those steps:
     * entry 3, stop 2.9, 0.03 USDT is 0.3 BTC (it was 0.299: 3 − 2.9 is 0.10000000000000009 in binary).
     */
    @Property(tries = 1000)
    void aBudgetOfAWholeNumberOfSteps_buysExactlyThoseSteps(
            @ForAll @IntRange(min = 1, max = 1_000_000) int steps,
            @ForAll @IntRange(min = 0, max = 4) int stepDecimals,
            @ForAll @Scale(2) @DoubleRange(min = 0.02, max = 100_000) double entry,
            @ForAll @Scale(2) @DoubleRange(min = 0.01, max = 99_999) double distance,
            @ForAll boolean wantLong) {
        boolean isLong = wantLong && distance < entry;
        BigDecimal e = BigDecimal.valueOf(entry);
        BigDecimal d = BigDecimal.valueOf(distance);
        BigDecimal stop = isLong ? e.subtract(d) : e.add(d);
        BigDecimal step = BigDecimal.ONE.movePointLeft(stepDecimals);
        BigDecimal size = step.multiply(BigDecimal.valueOf(steps));
        BigDecimal risk = size.multiply(d);
        double riskAmount = risk.doubleValue();
        assertThat(BigDecimal.valueOf(riskAmount)).as("the budget is a decimal a double holds").isEqualByComparingTo(risk);
        SizingResult r = RiskBasedSizer.size(new SizingInput(riskAmount * 100, riskAmount, entry, stop.doubleValue(), 1, 0, 0,
                0, Double.NaN), stepped(stepDecimals));
        BigDecimal qty = BigDecimal.valueOf((Double) r.check("size").values().get("qty"));
        assertThat(qty).as("%s at %s, stop %s", riskAmount, entry, stop).isEqualByComparingTo(size);
        assertWithinBudgetAndLargest(qty, step, d, risk);
    }

    private static void assertWithinBudgetAndLargest(BigDecimal qty, BigDecimal step, BigDecimal lossPerUnit, BigDecimal risk) {
        assertThat(qty.remainder(step)).as("%s is on the step %s", qty, step).isEqualByComparingTo(BigDecimal.ZERO);
        BigDecimal tolerated = risk.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(RiskBasedSizer.BUDGET_TOLERANCE)));
        assertThat(qty.multiply(lossPerUnit)).as("loss of %s within the budget %s", qty, risk).isLessThanOrEqualTo(tolerated);
        assertThat(qty.add(step).multiply(lossPerUnit)).as("loss of one step more than %s above the budget %s", qty, risk)
                .isGreaterThan(risk);
    }

    /** {@link #ANY} with a step of 10^−decimals. */
    private static Instrument stepped(int decimals) {
        double step = BigDecimal.ONE.movePointLeft(decimals).doubleValue();
        return new Instrument(new Contract("BTCUSDT", 0.0001, step, 0, 0, 0.0005, 0.0002, 8, 0.0125), ANY.tiers());
    }

    @Property(tries = 300)
    void maxSafeLeverage_keepsTheBuffer_andOneMoreDoesNot(
            @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 50) double qty,
            @ForAll @Scale(6) @DoubleRange(min = 0.002, max = 0.3) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @Scale(6) @DoubleRange(min = 0, max = 2) double buffer) {
        double entry = 60_000;
        Side side = isLong ? Side.LONG : Side.SHORT;
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        RiskBasedSizer.LeverageSearch s = RiskBasedSizer.maxSafeLeverage(SizingFixtures.BTCUSDT, side, qty, entry, stop, buffer);
        double tierMax = SizingFixtures.BTCUSDT.tiers().maxLeverageFor(qty * entry);
        assertThat(s.evaluations()).isLessThanOrEqualTo(2 + (int) Math.ceil(Math.log(tierMax) / Math.log(2)));
        if (Double.isNaN(s.leverage())) {
            return;
        }
        assertThat(bufferAt(side, qty, entry, stop, s.leverage())).isGreaterThanOrEqualTo(buffer).isPositive();
        if (s.leverage() + 1 <= tierMax) {
            double next = bufferAt(side, qty, entry, stop, s.leverage() + 1);
            assertThat(next > 0 && next >= buffer).isFalse();
        }
    }

    private static double bufferAt(Side side, double qty, double entry, double stop, double leverage) {
        double lp = RiskBasedSizer.liquidationPrice(SizingFixtures.BTCUSDT, side, qty, entry, leverage);
        return Double.isFinite(lp) ? side.sign() * (stop - lp) / Math.abs(entry - stop) : Double.POSITIVE_INFINITY;
    }
}
