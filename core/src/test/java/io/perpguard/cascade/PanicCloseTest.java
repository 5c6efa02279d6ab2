package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Panic closes near liquidation (FlowModel panicClosePerMinute): on the speed of the index's fall, a share of the
 * positions within the defence zone closes by market order before the mark reaches them, moving the index like forced
 * flow, counted as closes, not liquidations. A fast trigger falls at least as far with fewer liquidations per percent of
 * fall; a slow leg of the same size never reaches the gate and is unchanged.
 */
class PanicCloseTest {
    private static final double P = 100_000;
    private static final double DEPTH = 800e6, PHI = 0.25, ZONE_PCT = 3;

    private static MarketOutcome run(double closesPerMinute, double phi, ShockLeg leg, double minutes) {
        double oi = 10e9;
        DepthModel d = new DepthModel(DEPTH, DEPTH, 0.78, 0.05, 1, 10, 600, 0.05 * DEPTH, 60, 1800, phi, 0.5, 1, 0, 0, 0);
        Behaviour b = Behaviour.defaults().with(Behaviour.FRESH_LEV, 2);
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oi, oi, new double[]{0.0004});
        LiquidationLadder lad = StateLadder.build(s, P, b, TestMarkets.BTC, 10_000, 1).ladder();
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        // no panic selling, no slow defence: only the panic closes differ between the runs
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, ZONE_PCT, 0, 0, 0.2, 0, 0, 1, closesPerMinute);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow, List.of(leg), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("panic-closes", m, minutes, 1, 1)).markets().get(0);
    }

    @Test
    void fastTrigger_closesNearLiquidationFirst_fallsAtLeastAsFar_withFewerLiquidationsPerPercentOfFall() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome off = run(0, PHI, trigger, 90);
        MarketOutcome on = run(1, PHI, trigger, 90);
        assertThat(off.voluntaryClosedUsd()).isZero();
        assertThat(on.voluntaryClosedUsd()).as("closed before liquidation").isGreaterThan(0.1 * off.liquidatedUsd());
        assertThat(on.liquidatedUsd()).isLessThan(0.8 * off.liquidatedUsd());
        assertThat(on.drawdownPct()).isGreaterThanOrEqualTo(off.drawdownPct() - 1e-9);
        assertThat(on.liquidatedUsd() / on.drawdownPct()).isLessThan(0.8 * off.liquidatedUsd() / off.drawdownPct());
        // the closes lower the open interest like liquidations do
        assertThat(on.oiBeforeUsd() - on.oiAfterUsd()).isGreaterThan(0.5 * (on.liquidatedUsd() + on.voluntaryClosedUsd()) * 0.9);
    }

    @Test
    void closesMoveTheIndex_throughTheSameChannelAsForcedFlow() {
        // with φ = 0 the same closes only walk this venue's book, which refills, and the index stays on the driver: the
        // closes deepen the fall through the index feedback
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        double gainWith = run(1, PHI, trigger, 90).drawdownPct() - run(0, PHI, trigger, 90).drawdownPct();
        double gainWithout = run(1, 0, trigger, 90).drawdownPct() - run(0, 0, trigger, 90).drawdownPct();
        assertThat(gainWith).isGreaterThan(gainWithout + 0.2);
    }

    @Test
    void slowLegOfTheSameSize_neverReachesTheGate_andIsUnchanged() {
        ShockLeg slow = new ShockLeg(5, 600, 0, -3);
        MarketOutcome off = run(0, PHI, slow, 660);
        MarketOutcome on = run(1, PHI, slow, 660);
        assertThat(on.voluntaryClosedUsd()).isZero();
        assertThat(on.drawdownPct()).isEqualTo(off.drawdownPct());
        assertThat(on.liquidatedUsd()).isEqualTo(off.liquidatedUsd());
    }

    /** The gate panic selling and panic closes share: 0 up to the threshold, then rising, never reaching 1. */
    @Property(tries = 200)
    void panicIntensity_isZeroUpToTheThreshold_monotoneAbove_andBelowOne(@ForAll @DoubleRange(min = 0.05, max = 2) double ref,
                                                                         @ForAll @DoubleRange(min = 0, max = 20) double fall,
                                                                         @ForAll @DoubleRange(min = 0, max = 5) double more) {
        FlowModel f = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0, 0.5, ref, 0, 0, 1, 0.3);
        double g = f.panicIntensity(fall), g2 = f.panicIntensity(fall + more);
        assertThat(g).isBetween(0.0, 1.0).isLessThan(1);
        if (fall <= ref) {
            assertThat(g).isZero();
        }
        assertThat(g2).isGreaterThanOrEqualTo(g);
    }
}
