package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stop-loss orders of leveraged positions (FlowModel stopLossShare, stopLossDepth): a share of every position closes at
 * its stop level as a market order on the book, moving the index like forced flow, and is counted as a close, not a
 * liquidation. The same positions leave the ladder by another door, so a fall liquidates less per percent of fall.
 */
class StopLossTest {
    private static final double P = 100_000;
    private static final double DEPTH = 800e6, PHI = 0.25;

    private static MarketOutcome run(double share, double depth, ShockLeg leg, double minutes) {
        double oi = 10e9;
        Behaviour b = Behaviour.defaults();
        DepthModel d = new DepthModel(DEPTH, DEPTH, 0.78, 0.05, 1, 10, 600, 0.05 * DEPTH, 60, 1800, PHI, 0.5, 1, 0, 0, 0);
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oi, oi, new double[]{0.0004});
        LiquidationLadder lad = StateLadder.build(s, P, b, TestMarkets.BTC, 10_000, 1).ladder();
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, share, depth);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow, leg == null ? List.of() : List.of(leg),
                List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("stops", m, minutes, 1, 1)).markets().get(0);
    }

    @Test
    void stopsJustBeforeLiquidation_closeInsteadOfLiquidating_andTheFallIsKept() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome off = run(0, 1, trigger, 90);
        MarketOutcome on = run(0.5, 1, trigger, 90);
        assertThat(off.stopLossUsd()).isZero();
        assertThat(off.liquidatedUsd()).isGreaterThan(0.5 * DEPTH);
        assertThat(on.stopLossUsd()).isGreaterThan(0.3 * off.liquidatedUsd());
        assertThat(on.liquidatedUsd()).isLessThan(0.7 * off.liquidatedUsd());
        // the same positions leave the ladder, through their stops instead of the engine, and move the index as much
        assertThat(on.liquidatedUsd() + on.stopLossUsd()).isGreaterThan(0.8 * off.liquidatedUsd());
        assertThat(on.drawdownPct()).isGreaterThan(off.drawdownPct() - 0.3);
        assertThat(on.indexFeedbackPct()).isLessThan(-0.3);
    }

    @Test
    void stopsAboveLiquidation_fallFurther_withFewerLiquidationsPerPercentOfFall() {
        // a stop halfway to liquidation sells earlier in the fall: positions the trigger alone would not liquidate sell
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome off = run(0, 1, trigger, 90);
        MarketOutcome on = run(0.5, 0.5, trigger, 90);
        assertThat(on.drawdownPct()).isGreaterThan(off.drawdownPct() + 0.5);
        assertThat(on.liquidatedUsd() / on.drawdownPct()).isLessThan(0.8 * off.liquidatedUsd() / off.drawdownPct());
    }

    @Test
    void stopsThePriceAlreadyPassed_doNotFireWhenTheEventStarts() {
        // seasoned positions opened above today's price carry no live stop above it: with no move, no stop fires
        MarketOutcome flat = run(0.5, 0.1, null, 30);
        assertThat(flat.stopLossUsd()).isZero();
        assertThat(flat.drawdownPct()).isLessThan(0.01);
    }
}
