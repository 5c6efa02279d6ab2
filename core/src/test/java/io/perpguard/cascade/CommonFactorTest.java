package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The common index factor: a share σ of every coupled market's forced flow is absorbed by all markets' depth together
 * and moves each market's index by its β; the rest stays in the market's own index. Falls and cross-asset ratios then
 * come from each market's own state (OI per depth, ladder, β) and from the forced flow of the others.
 */
class CommonFactorTest {
    private static final double P = 100_000;
    /** Index feedback share: the crowded market amplifies its trigger without running away. */
    private static final double PHI = 0.2;

    private static LiquidationLadder crowded(double oiUsd) {
        MarketState s = StateLadderTest.state(85_000, P, 0.6 * oiUsd, oiUsd, new double[]{0.0004});
        return StateLadder.build(s, P, Behaviour.defaults().with(Behaviour.FRESH_LEV, 2), TestMarkets.BTC, 10_000, 1).ladder();
    }

    /** A market with a crowded ladder of {@code oiUsd} on calm depth {@code depth}, index beta {@code beta}. */
    private static MarketSpec market(String sym, double oiUsd, double depth, double beta, double share, double triggerPct) {
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 0.5, 10, 600, 0.05 * depth, 60, 1800, PHI, 0, beta, share);
        LiquidationLadder lad = crowded(oiUsd);
        LadderSpec spec = new LadderSpec(oiUsd, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        double move = 100 * Math.expm1(beta * Math.log1p(triggerPct / 100));
        return new MarketSpec(sym, P, spec, d, new EngineSpec(0, false, 1e9, true, 60), FlowModel.NONE,
                List.of(new ShockLeg(5, 10, 0, move)), List.of(), lad);
    }

    private static List<MarketOutcome> run(MarketSpec... m) {
        CascadeScenario s = new CascadeScenario("common", "", 0, 120, 1, 1, List.of(m), List.of(), List.of());
        return new EventCascade(TestMarkets.TIERS).run(s).markets();
    }

    private static MarketOutcome alone(MarketSpec m) {
        return run(m).get(0);
    }

    @Test
    void withoutCommonShare_marketsRunAsIfAlone() {
        MarketSpec a = market("A", 10e9, 150e6, 1, 0, -3), b = market("B", 5e9, 2e9, 1.4, 0, -3);
        List<MarketOutcome> both = run(a, b);
        assertThat(both.get(0).drawdownPct()).isEqualTo(alone(a).drawdownPct());
        assertThat(both.get(1).drawdownPct()).isEqualTo(alone(b).drawdownPct());
        assertThat(both.get(1).commonFactorPct()).isZero();
    }

    @Test
    void oneMarket_isItsOwnFactor_soTheShareChangesNothing() {
        MarketOutcome none = alone(market("A", 10e9, 150e6, 1, 0, -3));
        MarketOutcome half = alone(market("A", 10e9, 150e6, 1, 0.5, -3));
        assertThat(half.drawdownPct()).isEqualTo(none.drawdownPct());
        assertThat(half.commonFactorPct()).isZero();
    }

    @Test
    void aCrowdedMarketsForcedFlow_dragsAThickMarketThroughTheCommonFactor() {
        // B alone has a book too thick to spiral; coupled to a crowded A, A's liquidations move B's index too
        MarketSpec a = market("A", 5e9, 150e6, 1, 0.6, -3), b = market("B", 1e9, 500e6, 1, 0.6, -3);
        MarketOutcome bAlone = alone(b);
        List<MarketOutcome> both = run(a, b);
        assertThat(bAlone.drawdownPct()).isCloseTo(3, offset(0.5));
        assertThat(both.get(1).commonFactorPct()).isLessThan(-0.2);
        assertThat(both.get(1).drawdownPct()).isGreaterThan(bAlone.drawdownPct() + 0.2);
        // and the crowded market's own spiral is damped: part of its flow is absorbed by B's depth
        assertThat(both.get(0).drawdownPct()).isLessThan(alone(market("A", 5e9, 150e6, 1, 0, -3)).drawdownPct() - 1);
    }

    @Test
    void theCommonFactorReachesEachMarketByItsBeta() {
        // the same thick book on two betas next to one crowded market: the common move scales with β
        MarketSpec a = market("A", 5e9, 150e6, 1, 1, -3);
        List<MarketOutcome> o = run(a, market("B", 1e9, 500e6, 1, 1, 0), market("C", 1e9, 500e6, 2, 1, 0));
        assertThat(o.get(1).commonFactorPct()).isLessThan(-0.1);
        double lnB = Math.log1p(o.get(1).commonFactorPct() / 100), lnC = Math.log1p(o.get(2).commonFactorPct() / 100);
        assertThat(lnC / lnB).isCloseTo(2, offset(0.02));
    }

    @Test
    void crossAssetRatio_comesFromOwnState() {
        // two markets on the same trigger and β: the one with more OI per unit of depth falls further
        List<MarketOutcome> o = run(market("A", 3e9, 300e6, 1, 0.5, -3), market("B", 3e9, 100e6, 1, 0.5, -3));
        assertThat(o.get(1).drawdownPct() / o.get(0).drawdownPct()).isGreaterThan(1.1);
        List<MarketSpec> same = new ArrayList<>(List.of(market("A", 3e9, 300e6, 1, 0.5, -3), market("B", 3e9, 300e6, 1, 0.5, -3)));
        List<MarketOutcome> s = run(same.toArray(new MarketSpec[0]));
        assertThat(s.get(1).drawdownPct()).isCloseTo(s.get(0).drawdownPct(), offset(1e-9));
    }
}
