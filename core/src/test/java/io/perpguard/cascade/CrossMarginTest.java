package io.perpguard.cascade;

import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/**
 * Cross-margin accounts (Behaviour crossMarginShare c, crossExcessMargin h; {@code --cross-margin}): a share c of every
 * ladder position sits in an account whose collateral beyond the position's initial margin (h × it) moves its liquidation
 * and bankruptcy prices h·(b − 1) of the entry further out. Off (c = 0) the ladder is the isolated one, position for
 * position; on, fewer positions sit near the price for the same OI, and a fast fall liquidates less per percent of fall.
 */
class CrossMarginTest {
    private static final double P = 100_000;

    private static Behaviour cross(double share, double excess) {
        return Behaviour.defaults().with(Behaviour.CROSS_SHARE, share).with(Behaviour.CROSS_EXCESS, excess);
    }

    private static StateLadder.Built build(MarketState s, Behaviour b) {
        return StateLadder.build(s, P, b, TestMarkets.BTC, 10_000, 1);
    }

    /** A crowded market: OI grew 60 % over the window at high funding, the price rose 15 %. */
    private static MarketState crowded() {
        return StateLadderTest.state(85_000, P, 6e9, 10e9, new double[]{0.0004});
    }

    @Test
    void shareZero_isTheIsolatedLadderPositionForPosition_whateverTheExcess() {
        LiquidationLadder off = build(crowded(), Behaviour.defaults()).ladder();
        LiquidationLadder zero = build(crowded(), cross(0, 8)).ladder();
        for (LiquidationLadder.Book[] pair : List.of(new LiquidationLadder.Book[]{off.longs(), zero.longs()},
                new LiquidationLadder.Book[]{off.shorts(), zero.shorts()})) {
            assertThat(pair[1].qty()).containsExactly(pair[0].qty());
            assertThat(pair[1].liquidation()).containsExactly(pair[0].liquidation());
            assertThat(pair[1].bankruptcy()).containsExactly(pair[0].bankruptcy());
        }
    }

    @Test
    void crossPart_liesHTimesTheBankruptcyDistanceFurtherOut() {
        // every position of an all-cross ladder against the tiers' isolated ratios for its own leverage
        double h = 1.5;
        LiquidationLadder all = build(crowded(), cross(1, h)).ladder();
        LiquidationLadder iso = build(crowded(), Behaviour.defaults()).ladder();
        Side[] sides = {Side.LONG, Side.SHORT};
        LiquidationLadder.Book[] books = {all.longs(), all.shorts()};
        for (int s = 0; s < 2; s++) {
            LiquidationLadder.Book c = books[s];
            assertThat(c.size()).isGreaterThan(100);
            for (int i = 0; i < c.size(); i++) {
                double e = c.entry()[i];
                LiquidationDistance d = LiquidationDistance.of(sides[s], c.leverage()[i], 10_000, TestMarkets.BTC);
                double extra = h * (d.bankruptcyRatio() - 1);
                double liq = Math.max(StateLadder.CROSS_MIN_RATIO, d.liquidationRatio() + extra);
                double bk = Math.max(StateLadder.CROSS_MIN_RATIO, d.bankruptcyRatio() + extra);
                assertThat(c.liquidation()[i]).isCloseTo(e * liq, withPercentage(1e-9));
                assertThat(c.bankruptcy()[i]).isCloseTo(e * bk, withPercentage(1e-9));
                // further from the entry than the isolated price
                assertThat(Math.abs(c.liquidation()[i] / e - 1)).isGreaterThan(Math.abs(d.liquidationRatio() - 1));
            }
        }
        // the cross accounts survive dips in the window that took out isolated positions of the same leverage
        assertThat(all.longs().size()).isGreaterThan(iso.longs().size());
        // a larger excess moves the liquidation further still
        LiquidationLadder more = build(crowded(), cross(1, 4)).ladder();
        assertThat(build(crowded(), cross(1, 4)).longAt10Pct()).isLessThan(build(crowded(), cross(1, h)).longAt10Pct());
        assertThat(more.longs().size()).isGreaterThanOrEqualTo(all.longs().size());
    }

    @Test
    void crossAccounts_thinTheLadderNearThePrice_atTheSameOpenInterest() {
        StateLadder.Built iso = build(crowded(), Behaviour.defaults());
        StateLadder.Built half = build(crowded(), cross(0.5, 1));
        assertThat(iso.longAt5Pct()).isGreaterThan(0.01);
        assertThat(half.longAt5Pct()).isLessThan(0.9 * iso.longAt5Pct());
        assertThat(half.longAt10Pct()).isLessThan(0.9 * iso.longAt10Pct());
        assertThat(half.ladder().oiUsd()).isCloseTo(iso.ladder().oiUsd(), withPercentage(1e-6));
        assertThat(half.ladder().shorts().notionalAt(P)).isCloseTo(10e9, withPercentage(1e-6));
    }

    private static MarketOutcome run(Behaviour b) {
        double oi = 10e9, depth = 800e6;
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 1, 10, 600, 0.05 * depth, 60, 1800, 0.25, 0.5, 1, 0, 0, 0);
        LiquidationLadder lad = build(crowded(), b).ladder();
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow,
                List.of(new ShockLeg(5, 10, 0, -3)), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("cross", m, 90, 1, 1)).markets().get(0);
    }

    @Test
    void aFastFall_liquidatesLessPerPercentOfFall_withCrossAccounts() {
        MarketOutcome iso = run(Behaviour.defaults());
        MarketOutcome half = run(cross(0.5, 1));
        assertThat(iso.liquidatedUsd()).isGreaterThan(0.2e9);
        assertThat(half.liquidatedUsd()).isLessThan(0.8 * iso.liquidatedUsd());
        assertThat(half.liquidatedUsd() / half.drawdownPct()).isLessThan(0.8 * iso.liquidatedUsd() / iso.drawdownPct());
        // the driver still moves the price: the fall is at least the trigger
        assertThat(half.drawdownPct()).isGreaterThan(2.9);
    }

    @Test
    void theVariantFitsItsTwoParametersFromTheCentre_theBundledProcedureLeavesThemOff() {
        BehaviourFit bundled = new BehaviourFit(TestMarkets.TIERS), variant = new BehaviourFit(TestMarkets.TIERS, 1, 0, true);
        assertThat(bundled.free()).doesNotContain(Behaviour.CROSS_SHARE, Behaviour.CROSS_EXCESS);
        assertThat(variant.free()).contains(Behaviour.CROSS_SHARE, Behaviour.CROSS_EXCESS);
        assertThat(variant.free()).hasSize(bundled.free().length + 2);
        assertThat(bundled.startPoint().get(Behaviour.CROSS_SHARE)).isZero();
        assertThat(variant.startPoint().get(Behaviour.CROSS_SHARE)).isEqualTo(0.5);
        assertThat(variant.startPoint().get(Behaviour.CROSS_EXCESS)).isCloseTo(1, withPercentage(1e-9));
        // every other parameter starts where the bundled procedure starts
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            if (i != Behaviour.CROSS_SHARE && i != Behaviour.CROSS_EXCESS) {
                assertThat(variant.startPoint().get(i)).isEqualTo(bundled.startPoint().get(i));
            }
        }
    }
}
