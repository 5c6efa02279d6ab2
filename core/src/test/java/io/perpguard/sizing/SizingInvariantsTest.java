package io.perpguard.sizing;

import io.perpguard.instrument.Instrument;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of fixed-fractional sizing the existing linear property does not cover: a larger risk budget never buys a
 * smaller size (among sizes the tiers allow at the leverage), and a coin-margined size that is accepted is stopped
 * before it is liquidated, by the margin engine's own inverse liquidation price.
 */
final class SizingInvariantsTest {

    @Property(tries = 300)
    void size_isMonotoneInTheRiskBudget(
            @ForAll @Scale(4) @DoubleRange(min = 1_000, max = 1_000_000) double equity,
            @ForAll @Scale(4) @DoubleRange(min = 0.05, max = 5) double riskPct,
            @ForAll @Scale(4) @DoubleRange(min = 1.0001, max = 3) double more,
            @ForAll @Scale(4) @DoubleRange(min = 0.002, max = 0.2) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 1, max = 20) int leverage) {
        Instrument btc = SizingFixtures.BTCUSDT;
        double entry = 60_000;
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        double small = equity * riskPct / 100;
        double large = Math.min(equity, small * more);
        SizingResult a = RiskBasedSizer.size(new SizingInput(equity, small, entry, stop, leverage, Double.NaN, 0.001, 0.5, Double.NaN), btc);
        SizingResult b = RiskBasedSizer.size(new SizingInput(equity, large, entry, stop, leverage, Double.NaN, 0.001, 0.5, Double.NaN), btc);
        assertThat(b.qty()).isGreaterThanOrEqualTo(a.qty());
        assertThat(b.lossAtStop()).isGreaterThanOrEqualTo(a.lossAtStop()).isLessThanOrEqualTo(large);
        // per unit the loss is the same whatever the budget: the budget only scales the size
        if (a.qty() > 0) {
            assertThat(b.lossAtStop() / b.qty()).isCloseTo(a.lossAtStop() / a.qty(), org.assertj.core.api.Assertions.within(1e-9 * entry));
        }
    }

    @Property(tries = 300)
    void size_isMonotoneInTheBudget_andLiquidatedBeyondTheEntry_alsoWhereTheTiersRefuseIt(
            @ForAll @Scale(3) @DoubleRange(min = 3, max = 13) double log10Equity,
            @ForAll @Scale(4) @DoubleRange(min = 1.0001, max = 50) double more,
            @ForAll @Scale(4) @DoubleRange(min = 0.002, max = 0.2) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 1, max = 125) int leverage) {
        // equity 2e9 at 10x bought 23,288.705 BTC liquidated at 71,803.8 above the 60,000 entry, 5e10 only 3,833.333
        Instrument btc = SizingFixtures.BTCUSDT;
        double entry = 60_000;
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        double equity = Math.pow(10, log10Equity);
        SizingResult a = RiskBasedSizer.size(SizingInput.riskPct(equity, 2, entry, stop, leverage), btc);
        SizingResult b = RiskBasedSizer.size(SizingInput.riskPct(equity * more, 2, entry, stop, leverage), btc);
        assertThat(b.qty()).as("%s then %s", a.qty(), b.qty()).isGreaterThanOrEqualTo(a.qty());
        for (SizingResult r : new SizingResult[]{a, b}) {
            if (r.qty() > 0 && Double.isFinite(r.liquidationPrice())) {
                // a long is liquidated below its entry, a short above it
                assertThat((isLong ? 1 : -1) * (entry - r.liquidationPrice())).as("liquidation %s of qty %s", r.liquidationPrice(), r.qty())
                        .isPositive();
            }
        }
    }

    @Property(tries = 500)
    void anOkSize_fillsItsStopBeforeLiquidation_whateverTheBufferAndSlippage(
            @ForAll @Scale(2) @DoubleRange(min = 1_000, max = 10_000_000) double equity,
            @ForAll @Scale(4) @DoubleRange(min = 0.002, max = 0.1) double stopDistance,
            @ForAll @Scale(4) @DoubleRange(min = 0, max = 0.02) double slippage,
            @ForAll @Scale(2) @DoubleRange(min = 0, max = 1) double buffer,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 1, max = 125) int leverage) {
        // --buffer 0 at 32x: the stop 58,400 came before the liquidation 58,358.5, its fill 58,341.6 after — reported OK
        double entry = 60_000;
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        SizingResult r = RiskBasedSizer.size(new SizingInput(equity, equity * 0.02, entry, stop, leverage, Double.NaN, slippage, buffer, Double.NaN),
                SizingFixtures.BTCUSDT);
        if (r.ok() && Double.isFinite(r.liquidationPrice())) {
            assertThat((isLong ? 1 : -1) * (r.exitPriceAtStop() - r.liquidationPrice())).as("fill %s, liquidation %s", r.exitPriceAtStop(),
                    r.liquidationPrice()).isPositive();
        }
    }

    @Property(tries = 500)
    void coinMargined_acceptedSize_isStoppedBeforeLiquidation_andLosesAtMostTheBudget(
            @ForAll @Scale(4) @DoubleRange(min = 0.05, max = 100) double equityBtc,
            @ForAll @Scale(4) @DoubleRange(min = 0.1, max = 5) double riskPct,
            @ForAll @Scale(1) @DoubleRange(min = 1_000, max = 200_000) double entry,
            @ForAll @Scale(4) @DoubleRange(min = 0.003, max = 0.3) double stopDistance,
            @ForAll boolean isLong,
            @ForAll @IntRange(min = 1, max = 125) int leverage,
            @ForAll @Scale(2) @DoubleRange(min = 0, max = 1.5) double buffer) {
        Instrument coinm = InverseSizerTest.COINM_BTCUSD;
        double stop = isLong ? entry * (1 - stopDistance) : entry * (1 + stopDistance);
        double budget = equityBtc * riskPct / 100;
        SizingResult r = RiskBasedSizer.size(new SizingInput(equityBtc, budget, entry, stop, leverage, Double.NaN, 0.001, buffer,
                Double.NaN), coinm);
        assertThat(r.lossAtStop()).isLessThanOrEqualTo(budget);
        if (!r.ok()) {
            return;
        }
        Side side = isLong ? Side.LONG : Side.SHORT;
        Position p = new Position("BTCUSD_PERP", side, r.qty(), entry, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry,
                ContractType.INVERSE);
        double lp = MarginCalculator.evaluate(p, coinm, 0).liquidationPriceExact();
        if (Double.isFinite(lp) && lp > 0) {
            double beyond = side.sign() * (stop - lp);
            assertThat(beyond).as("stop %s before liquidation %s", stop, lp).isPositive()
                    .isGreaterThanOrEqualTo(buffer * Math.abs(entry - stop) * (1 - 1e-9));
        }
    }
}
