package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Market makers against forced flow: depth withdraws when the liquidation feed of the last minute is large against calm
 * depth (fRef), and the liquidity providers who withdrew do not refill the book they left (refill ρ·m^λ·x). Both are
 * off by default (fRef = 0, λ = 0): the per-event scenarios and the other mechanism tests keep the book they had.
 */
class LiquidityWithdrawalTest {
    private static final double P = 100_000;
    private static final double DEPTH = 800e6, PHI = 0.05;

    private static LiquidationLadder crowded(double oiUsd) {
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oiUsd, oiUsd, new double[]{0.0004});
        return StateLadder.build(s, P, Behaviour.defaults().with(Behaviour.FRESH_LEV, 2), TestMarkets.BTC, 10_000, 1).ladder();
    }

    private static MarketOutcome run(double flowRef, double lambda, ShockLeg leg, double minutes) {
        double depth = DEPTH, oi = 10e9;
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 1, 10, 600, 0.05 * depth, 60, 1800, PHI, 0, 1, 0, flowRef, lambda);
        LiquidationLadder lad = crowded(oi);
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), FlowModel.NONE,
                List.of(leg), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("withdrawal", m, minutes, 1, 1)).markets().get(0);
    }

    @Test
    void forcedFlow_withdrawsDepth_andTheSameTriggerFallsFurther() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome priceOnly = run(0, 0, trigger, 70);
        MarketOutcome flowToo = run(0.1, 0, trigger, 70);
        assertThat(priceOnly.minDepthRatio()).isGreaterThan(0.5);
        assertThat(flowToo.minDepthRatio()).isLessThan(0.2 * priceOnly.minDepthRatio());
        assertThat(flowToo.drawdownPct()).isGreaterThan(priceOnly.drawdownPct() + 0.2);
    }

    @Test
    void slowFall_withTheSameTotal_barelyWithdrawsOnFlow() {
        // the same 3 % over 10 hours: liquidations trickle, the last minute's forced flow stays small against depth
        ShockLeg slow = new ShockLeg(5, 600, 0, -3);
        MarketOutcome priceOnly = run(0, 0, slow, 660);
        MarketOutcome flowToo = run(0.1, 0, slow, 660);
        assertThat(flowToo.minDepthRatio()).isGreaterThan(0.5);
        assertThat(flowToo.drawdownPct()).isCloseTo(priceOnly.drawdownPct(), org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void withdrawnProviders_refillLess_soForcedFlowDislocatesTheBookFurther() {
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome refillAlways = run(0.1, 0, trigger, 70);
        MarketOutcome refillWithDepth = run(0.1, 1, trigger, 70);
        assertThat(refillWithDepth.drawdownPct()).isGreaterThan(refillAlways.drawdownPct() + 5);
        assertThat(refillWithDepth.liquidatedUsd()).isGreaterThan(refillAlways.liquidatedUsd());
    }
}
