package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Latent liquidity under the index (DepthModel.latentDepth, behaviour latentLiquidityPct Y): flow that pushes the index
 * further from its exogenous path meets depth m^κ·D₁·(1 + y/Y), y the displacement so far, so a flow Q moves it y with
 * y + y²/(2Y) = φ·Q/D₁ — linear for y ≪ Y, the square-root law beyond — and a spiral that runs away on linear impact
 * stops. Y = 0 is the linear model, bit for bit.
 */
class LatentLiquidityTest {
    private static final double P = 100_000;

    /** A crowded book: leverage 2× the base mix, OI grown 40 % in the window at high funding. */
    private static LiquidationLadder crowded(double oiUsd) {
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oiUsd, oiUsd, new double[]{0.0004});
        return StateLadder.build(s, P, Behaviour.defaults().with(Behaviour.FRESH_LEV, 2), TestMarkets.BTC, 10_000, 1).ladder();
    }

    private static MarketOutcome run(LiquidationLadder lad, double oiUsd, double depth, double phi, double latentPct, FlowModel flow,
                                     ShockLeg leg, double minutes) {
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 0.5, 10, 600, 0.05 * depth, 60, 1800, phi, 0, 1, 0, 0, 0, latentPct);
        LadderSpec spec = new LadderSpec(oiUsd, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow, List.of(leg), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("latent", m, minutes, 1, 1)).markets().get(0);
    }

    /** Panic selling only (no ladder): a known USD flow into the index, at full rate once the index falls faster than 0.05 %/min. */
    private static MarketOutcome panicOnly(double phi, double latentPct) {
        double depth = 500e6;
        LadderSpec empty = new LadderSpec(10e9, 0, TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        LiquidationLadder lad = LiquidationLadder.synthetic(empty, P, TestMarkets.TIERS.apply("BTCUSDT"), 1);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.05, 0);
        return run(lad, 10e9, depth, phi, latentPct, flow, new ShockLeg(5, 10, 0, -3), 120);
    }

    private static double logPct(double pct) {
        return -100 * Math.log1p(pct / 100);
    }

    @Test
    void latentDepth_growsWithTheDisplacement_onlyAgainstFlowPushingItFurther() {
        // sells with the index 10 % below its exogenous path, Y = 5 %: three times the depth
        assertThat(DepthModel.latentDepth(-10, 1e6, 5)).isCloseTo(3, offset(1e-12));
        // buys pushing it back meet the book as it is; buys with the index above it meet the latent sellers
        assertThat(DepthModel.latentDepth(-10, -1e6, 5)).isEqualTo(1);
        assertThat(DepthModel.latentDepth(4, -1e6, 2)).isCloseTo(3, offset(1e-12));
        // no displacement yet, or off (Y = 0): the linear model
        assertThat(DepthModel.latentDepth(0, 1e6, 5)).isEqualTo(1);
        assertThat(DepthModel.latentDepth(-10, 1e6, 0)).isEqualTo(1);
    }

    @Test
    void aFlowIntoTheIndex_followsTheSquareRootLawBeyondY() {
        double phi = 0.5, depth = 500e6, y = 2;
        MarketOutcome lin = panicOnly(phi, 0);
        MarketOutcome lat = panicOnly(phi, y);
        // linear: the index moves φ % per D₁ of flow, however far it has gone
        double qLin = phi * lin.panicSellUsd() / depth;
        assertThat(logPct(lin.panicIndexPct())).isCloseTo(qLin, offset(0.01 * qLin));
        // latent: y + y²/(2Y) = φ·Q/D₁ for the run's own flow; far below φ·Q/D₁ once past Y
        double qLat = phi * lat.panicSellUsd() / depth, moved = logPct(lat.panicIndexPct());
        assertThat(moved + moved * moved / (2 * y)).isCloseTo(qLat, offset(0.02 * qLat));
        assertThat(moved).isLessThan(0.75 * qLat);
        // the panic that feeds on its own speed runs all horizon long on linear impact and stops on the latent book
        assertThat(lat.drawdownPct()).isLessThan(0.6 * lin.drawdownPct());
    }

    @Test
    void aCrowdedLadder_theIndexMovesLess_andLiquidatesLess_stillAmplifyingItsTrigger() {
        double oi = 10e9, depth = 1e9;
        LiquidationLadder lad = crowded(oi);
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        MarketOutcome lin = run(lad, oi, depth, 0.95, 0, FlowModel.NONE, trigger, 120);
        MarketOutcome lat = run(lad, oi, depth, 0.95, 3, FlowModel.NONE, trigger, 120);
        // forced flow past Y meets the latent book: the index's feedback falls well below linear impact's (6 % on this book)
        assertThat(logPct(lin.indexFeedbackPct())).isGreaterThan(5);
        assertThat(logPct(lat.indexFeedbackPct())).isLessThan(0.6 * logPct(lin.indexFeedbackPct()));
        assertThat(lat.drawdownPct()).isLessThan(lin.drawdownPct() - 2);
        assertThat(lat.liquidatedUsd()).isLessThan(0.85 * lin.liquidatedUsd());
        assertThat(lat.drawdownPct()).as("still amplifies its trigger").isGreaterThan(1.3 * lat.exogenousDrawdownPct());
    }

    @Test
    void yZero_isTheLinearModel_andAVeryLargeYTendsToIt() {
        double oi = 10e9, depth = 300e6;
        LiquidationLadder lad = crowded(oi);
        ShockLeg trigger = new ShockLeg(5, 10, 0, -3);
        DepthModel lin16 = new DepthModel(depth, depth, 0.78, 0.05, 0.5, 10, 600, 0.05 * depth, 60, 1800, 0.5, 0, 1, 0, 0, 0);
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, lin16, new EngineSpec(0, false, 1e9, true, 60), FlowModel.NONE, List.of(trigger),
                List.of(), lad);
        MarketOutcome before = new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("latent", m, 120, 1, 1)).markets().get(0);
        MarketOutcome off = run(lad, oi, depth, 0.5, 0, FlowModel.NONE, trigger, 120);
        MarketOutcome huge = run(lad, oi, depth, 0.5, 1e9, FlowModel.NONE, trigger, 120);
        assertThat(off.drawdownPct()).isEqualTo(before.drawdownPct());
        assertThat(off.liquidatedUsd()).isEqualTo(before.liquidatedUsd());
        assertThat(huge.drawdownPct()).isCloseTo(off.drawdownPct(), offset(1e-3));
    }

    /**
     * I1 closes and the price stays positive and finite with the latent book on, and the index's feedback never goes further
     * than linear impact takes it (the fall itself may: the venue's book walk is path-dependent).
     */
    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void accountingCloses_andTheSpiralIsNoDeeperThanLinear(@ForAll @DoubleRange(min = 2, max = 50) double y,
                                                           @ForAll @DoubleRange(min = 0.1, max = 0.95) double phi,
                                                           @ForAll @DoubleRange(min = 1, max = 10) double triggerPct) {
        double oi = 10e9, depth = 200e6;
        LiquidationLadder lad = crowded(oi);
        ShockLeg trigger = new ShockLeg(5, 10, 0, -triggerPct);
        MarketOutcome lat = run(lad, oi, depth, phi, y, FlowModel.NONE, trigger, 60);
        MarketOutcome lin = run(lad, oi, depth, phi, 0, FlowModel.NONE, trigger, 60);
        double rhs = lat.counterpartyGainUsd() + lat.insuranceFundChangeUsd() - lat.badDebtUsd();
        assertThat(lat.marginLossUsd()).isCloseTo(rhs, offset(1e-6 * Math.max(1, lat.marginLossUsd())));
        assertThat(lat.drawdownPct()).isBetween(0.0, 100.0);
        assertThat(logPct(lat.indexFeedbackPct())).isLessThanOrEqualTo(logPct(lin.indexFeedbackPct()) + 0.05);
    }
}
