package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Flow sized in dollars (exogenous sells, new opens) consumes its dollars of the book's depth wherever the walk stands
 * ({@code EventKernel.qtyOfUsd}; docs/cascade-rounds.md, usd-flow). Priced at the last price, a dollar at a wick 10⁴
 * below the anchor was 10⁴ dollars of depth: the dip buyers of a near-zero wick reversed the whole walk, spiked the
 * price far above the anchor and liquidated the shorts.
 */
class UsdFlowTest {
    private static final double P0 = 100_000, OI = 1e9, NEW_LONG = 0.1, CAP = 2;

    /**
     * A static book (no refill, no withdrawal, the anchor fixed: no fundamental move) hit by one sell of {@code sellUsd}
     * in the first second, then dip buyers only: new longs at {@link #NEW_LONG} of OI per hour per unit of stress
     * (stress capped at {@link #CAP}), no new shorts, no index feedback.
     */
    private static MarketOutcome run(double depth1Pct, double beta, double sellUsd, double minutes) {
        FlowModel flow = new FlowModel(5, 0, 0, NEW_LONG, 0, CAP);
        MarketSpec m = new MarketSpec("BTCUSDT", P0, TestMarkets.ladder(OI, 2_000), DepthModel.staticBook(depth1Pct, beta),
                EngineSpec.frictionless(), flow, List.of(new ShockLeg(0, 1 / 60.0, sellUsd, 0)), List.of());
        return new EventCascade(TestMarkets.TIERS).runMarket(TestMarkets.scenario(m, minutes), m, 7);
    }

    /** The most the dip buyers can open over the run, USD: rate × OI × the stress cap × hours. */
    private static double mostOpened(double minutes) {
        return NEW_LONG * OI * CAP * minutes / 60;
    }

    private static double highest(MarketOutcome o) {
        return Arrays.stream(o.minuteHigh()).filter(x -> !Double.isNaN(x)).max().orElseThrow();
    }

    @Test
    void dipBuyersAtANearZeroWick_buyTheirDollars_notTenThousandTimesThem() {
        // $10M per 1 %, β 0.78: the walk's cap (921 %, price 10⁻⁴ × anchor) is $2.06B away; a $3B sell stands there
        MarketOutcome o = run(1e7, 0.78, 3e9, 30);
        assertThat(o.drawdownPct()).as("the sell walks the book to its cap").isGreaterThan(99.98);
        // 30 min of dip buying at the cap: at most $100M, far less than the $3B walk — the price stays in the wick.
        // Priced at the last price, each of those dollars bought 10⁴ dollars of depth: the walk reversed in seconds.
        assertThat(o.newOpenedUsd()).as("opened notional (quantity × the anchor)").isLessThanOrEqualTo(mostOpened(30) * (1 + 1e-9));
        assertThat(highest(o)).as("no spike above the anchor: the buyers' dollars are fewer than the seller's").isLessThanOrEqualTo(P0);
        assertThat(o.shortLiquidatedUsd()).as("no short is liquidated on a fall that never turns").isZero();
        assertThat(o.longLiquidatedUsd()).isPositive();
    }

    @Test
    void aSellLegOfDollars_walksTheBookByItsDollars_howeverFarThePriceFalls() {
        // no positions, no voluntary flow: $100M sold over a minute into a static $10M-per-1 % book (β 0.78) consumes
        // $100M of depth — P = P₀·exp(−(C/D₁)^(1/β) / 100) with C = $100M: (10)^(1/0.78) = 19.14 % → 0.8258·P₀. Priced at
        // the falling last price, the same dollars sold ever more units and the walk ran further.
        MarketSpec m = new MarketSpec("BTCUSDT", P0, TestMarkets.ladder(0, 0), DepthModel.staticBook(1e7, 0.78),
                EngineSpec.frictionless(), FlowModel.NONE, List.of(new ShockLeg(0, 1, 1e8, 0)), List.of());
        MarketOutcome o = new EventCascade(TestMarkets.TIERS).runMarket(TestMarkets.scenario(m, 2), m, 7);
        double expected = P0 * Math.exp(-Math.pow(10, 1 / 0.78) / 100);
        assertThat(o.minuteClose()[1]).isCloseTo(expected, within(1e-6 * P0));
    }

    /**
     * Invariant over static books, sells from a few percent to past the walk's cap: the price stays positive, finite and
     * at most the anchor (only dip buyers buy, with fewer dollars than the seller sold), no short is liquidated, and the
     * new positions' notional (quantity × the anchor) is at most what the rate opens.
     */
    @Property(tries = 40)
    void dollarFlow_neverBuysMoreThanItsDollars(@ForAll @DoubleRange(min = 2e6, max = 5e7) double depth1Pct,
                                                @ForAll @DoubleRange(min = 0.5, max = 1.5) double beta,
                                                @ForAll @DoubleRange(min = 0.05, max = 2) double sellShare) {
        double walkToCap = depth1Pct * Math.pow(EventKernel.MAX_WALK, beta);
        // at least the dip buyers' most over the run, so the seller's dollars exceed the buyers'
        double sell = Math.max(sellShare * walkToCap, 1.5 * mostOpened(20));
        MarketOutcome o = run(depth1Pct, beta, sell, 20);
        for (double px : o.minuteLow()) {
            assertThat(px).isPositive().isLessThanOrEqualTo(P0);
        }
        assertThat(highest(o)).isLessThanOrEqualTo(P0);
        assertThat(o.shortLiquidatedUsd()).isZero();
        assertThat(o.newOpenedUsd()).isLessThanOrEqualTo(mostOpened(20) * (1 + 1e-9));
    }
}
