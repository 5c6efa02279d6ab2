package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Panic selling by holders off the ladder (FlowModel panicSellPerMinute, panicSpeedRefPct, panicPoolDepths): market sells on the speed
 * of the index's fall, moving the index through the same φ/depth channel as forced flow without closing a ladder
 * position. A fast trigger falls further with fewer liquidations per percent of fall; a slow leg of the same size never
 * reaches the threshold and is unchanged.
 */
class PanicSellingTest {
    private static final double P = 100_000;
    private static final double DEPTH = 800e6, PHI = 0.25;

    private static MarketOutcome run(double panicPerMinute, double phi, ShockLeg leg, double minutes) {
        return run(panicPerMinute, phi, leg, minutes, Behaviour.defaults());
    }

    private static MarketOutcome run(double panicPerMinute, double phi, ShockLeg leg, double minutes, Behaviour b) {
        return run(panicPerMinute, 0.2, 0, phi, leg, minutes, b);
    }

    private static MarketOutcome run(double panicPerMinute, double speedRef, double poolDepths, double phi, ShockLeg leg,
                                     double minutes, Behaviour b) {
        double oi = 10e9;
        DepthModel d = new DepthModel(DEPTH, DEPTH, 0.78, 0.05, 1, 10, 600, 0.05 * DEPTH, 60, 1800, phi, 0.5, 1, 0, 0, 0);
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oi, oi, new double[]{0.0004});
        LiquidationLadder lad = StateLadder.build(s, P, b, TestMarkets.BTC, 10_000, 1).ladder();
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0, panicPerMinute, speedRef, poolDepths);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow, List.of(leg), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("panic", m, minutes, 1, 1)).markets().get(0);
    }

    @Test
    void fastTrigger_fallsFurther_throughPanicSellingOfTheIndex() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome off = run(0, PHI, trigger, 90);
        MarketOutcome on = run(0.5, PHI, trigger, 90);
        assertThat(off.panicSellUsd()).isZero();
        assertThat(on.panicSellUsd()).isGreaterThan(DEPTH);
        assertThat(on.panicIndexPct()).isLessThan(-0.5);
        assertThat(on.drawdownPct()).isGreaterThan(off.drawdownPct() + 1);
    }

    @Test
    void thinLadderWithPanic_fallsFurtherThanACrowdedLadderWithout_whileLiquidatingLess() {
        // without panic the fall comes only from liquidations, so a deeper fall needs a denser ladder; panic selling
        // deepens the fall without liquidating, so a less levered book falls as far with fewer liquidations
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome crowded = run(0, PHI, trigger, 90, Behaviour.defaults().with(Behaviour.FRESH_LEV, 2));
        MarketOutcome thin = run(1, PHI, trigger, 90, Behaviour.defaults().with(Behaviour.FRESH_LEV, 0.5));
        assertThat(thin.drawdownPct()).isGreaterThan(crowded.drawdownPct() + 1);
        assertThat(thin.liquidatedUsd()).isLessThan(0.7 * crowded.liquidatedUsd());
        assertThat(thin.liquidatedUsd() / thin.drawdownPct()).isLessThan(0.6 * crowded.liquidatedUsd() / crowded.drawdownPct());
    }

    @Test
    void slowLegOfTheSameSize_neverReachesTheThreshold_andIsUnchanged() {
        ShockLeg slow = new ShockLeg(5, 600, 0, -3);
        MarketOutcome off = run(0, PHI, slow, 660);
        MarketOutcome on = run(0.5, PHI, slow, 660);
        assertThat(on.panicSellUsd()).isZero();
        assertThat(on.drawdownPct()).isCloseTo(off.drawdownPct(), offset(1e-9));
        assertThat(on.liquidatedUsd()).isCloseTo(off.liquidatedUsd(), offset(1e-3));
    }

    @Test
    void withoutIndexFeedback_panicSellingMovesNothing() {
        // the same channel as forced flow: φ = 0 leaves the index where the driver puts it
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome off = run(0, 0, trigger, 90);
        MarketOutcome on = run(0.5, 0, trigger, 90);
        assertThat(on.drawdownPct()).isEqualTo(off.drawdownPct());
        assertThat(on.panicIndexPct()).isZero();
    }

    @Test
    void finitePool_boundsThePanicSelling_andTheSpiralItFeeds() {
        // without a limit a rate high enough to keep the fall above the threshold sells on and on (the fall feeds the
        // speed that feeds the selling); holders who sell once drain a pool, so the selling stops at its size
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        Behaviour b = Behaviour.defaults();
        MarketOutcome none = run(0, 0.2, 0, PHI, trigger, 90, b);
        MarketOutcome unlimited = run(5, 0.2, 0, PHI, trigger, 90, b);
        MarketOutcome pooled = run(5, 0.2, 3, PHI, trigger, 90, b);
        assertThat(unlimited.panicSellUsd()).isGreaterThan(10 * DEPTH);
        assertThat(pooled.panicSellUsd()).isGreaterThan(DEPTH).isLessThanOrEqualTo(3 * DEPTH * (1 + 1e-9));
        assertThat(pooled.drawdownPct()).isLessThan(unlimited.drawdownPct() - 5);
        assertThat(pooled.drawdownPct()).isGreaterThan(none.drawdownPct() + 1);
    }

    @Test
    void largerPool_sellsMoreAndFallsFurther_onTheSameTrigger() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        Behaviour b = Behaviour.defaults();
        MarketOutcome small = run(5, 0.2, 1, PHI, trigger, 90, b);
        MarketOutcome large = run(5, 0.2, 4, PHI, trigger, 90, b);
        assertThat(large.panicSellUsd()).isGreaterThan(2 * small.panicSellUsd());
        assertThat(large.drawdownPct()).isGreaterThan(small.drawdownPct());
    }
}
