package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endogenous amplification: given only an index trigger, a crowded market falls further than the trigger because
 * forced selling moves the index (φ), which liquidates further positions; with φ = 0 on a thick book the fall equals the
 * trigger.
 * Cross-asset ratios come from each market's own state (OI / depth, leverage, beta).
 */
class IndexFeedbackTest {
    private static final double P = 100_000;

    /** A crowded book: 40 % of long OI opened at leverage 10–100 around the price. */
    private static LiquidationLadder crowded(double oiUsd) {
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oiUsd, oiUsd, new double[]{0.0004});
        return StateLadder.build(s, P, Behaviour.defaults().with(Behaviour.FRESH_LEV, 2), TestMarkets.BTC, 10_000, 1).ladder();
    }

    private static MarketOutcome triggerOnly(double oiUsd, double depth, double phi, double betaTriggerPct) {
        return run(oiUsd, depth, phi, 0, new ShockLeg(5, 10, 0, betaTriggerPct), 120);
    }

    private static MarketOutcome run(double oiUsd, double depth, double phi, double kappa, ShockLeg leg, double minutes) {
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 0.5, 10, 600, 0.05 * depth, 60, 1800, phi, kappa);
        LiquidationLadder lad = crowded(oiUsd);
        LadderSpec spec = new LadderSpec(oiUsd, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), FlowModel.NONE,
                List.of(leg), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("trigger", m, minutes, 1, 1)).markets().get(0);
    }

    @Test
    void withdrawnDepth_makesTheSameTriggerMoveTheIndexFurther() {
        // κ = 1: forced flow moves the index against the depth left after withdrawal (m·D₁), κ = 0 against calm D₁
        MarketOutcome calm = run(10e9, 150e6, 0.03, 0, new ShockLeg(5, 10, 0, -3), 120);
        MarketOutcome thin = run(10e9, 150e6, 0.03, 1, new ShockLeg(5, 10, 0, -3), 120);
        assertThat(thin.indexFeedbackPct()).isLessThan(calm.indexFeedbackPct() - 0.5);
        assertThat(thin.drawdownPct()).isGreaterThan(calm.drawdownPct() + 0.5);
    }

    @Test
    void triggerOnly_crowdedMarketFallsFurtherThanItsTrigger() {
        MarketOutcome o = triggerOnly(10e9, 150e6, 0.5, -3);
        assertThat(o.exogenousDrawdownPct()).isCloseTo(3, org.assertj.core.data.Offset.offset(0.05));
        assertThat(o.drawdownPct()).isGreaterThan(1.3 * o.exogenousDrawdownPct());
        assertThat(o.indexFeedbackPct()).isLessThan(-0.5);
    }

    @Test
    void withoutIndexFeedback_theSpiralIsWeaker() {
        // $300M, not $150M: there, with no throughput limit, the venue's own walk alone runs away (83 % without feedback,
        // 80 % with) — the explicit refill step used to reset that walk every second (docs/cascade-rounds.md, exact refill)
        MarketOutcome none = triggerOnly(10e9, 300e6, 0, -3);
        MarketOutcome fed = triggerOnly(10e9, 300e6, 0.5, -3);
        assertThat(none.indexFeedbackPct()).isZero();
        assertThat(fed.drawdownPct()).isGreaterThan(none.drawdownPct() + 1);
        assertThat(fed.liquidatedUsd()).isGreaterThan(none.liquidatedUsd());
        // a thick book without feedback: the fall is the trigger
        MarketOutcome thick = triggerOnly(10e9, 3e9, 0, -3);
        assertThat(thick.drawdownPct()).isLessThan(thick.exogenousDrawdownPct() + 0.5);
    }

    @Test
    void crossAsset_moreOiPerDepthFallsFurtherOnTheSameTrigger() {
        MarketOutcome thick = triggerOnly(10e9, 300e6, 0.5, -3);
        MarketOutcome thin = triggerOnly(10e9, 100e6, 0.5, -3);
        assertThat(thin.drawdownPct() / thick.drawdownPct()).isGreaterThan(1.2);
        // and a higher beta takes a larger trigger
        MarketOutcome highBeta = triggerOnly(10e9, 300e6, 0.5, 100 * Math.expm1(1.5 * Math.log1p(-0.03)));
        assertThat(highBeta.drawdownPct()).isGreaterThan(thick.drawdownPct());
    }
}
